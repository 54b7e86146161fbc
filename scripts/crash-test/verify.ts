/**
 * The crash test's verdict, read straight from the SQLite file (beside the running server, or
 * after it stopped): every acknowledged submission stored exactly once, under its key, with the
 * id the server acknowledged and the answers that were sent; no key twice; integrity_check ok.
 */
import { isDeepStrictEqual } from 'node:util';
import SQLite from 'better-sqlite3';
import type { Submission } from './traffic';

export interface Verdict {
  /** Acknowledged submissions not stored, or stored under another id than acknowledged. */
  lost: number;
  /** Keys stored more than once, and form sessions with one form stored twice. */
  duplicated: number;
  /** Stored with other answers, course or instrument than were sent. */
  mismatched: number;
  /** `PRAGMA integrity_check`: "ok", or its first complaints. */
  integrity: string;
  /** One line per finding, for the report. */
  findings: string[];
}

interface StoredRow {
  id: string;
  idempotency_key: string;
  course_id: string;
  instrument_id: string;
  answers: string;
}

export function verify(dbFile: string, keyPrefix: string, submissions: Submission[]): Verdict {
  // Read-only: the checker never writes to the database it judges.
  const db = new SQLite(dbFile, { readonly: true, fileMustExist: true });
  try {
    const findings: string[] = [];
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .slice(0, 5)
      .join('; ');
    if (integrity !== 'ok') findings.push(`integrity_check: ${integrity}`);
    const count = (query: string) => (db.prepare(query).get() as { n: number }).n;
    const twiceByKey = count(
      'SELECT COUNT(*) AS n FROM (SELECT idempotency_key FROM responses GROUP BY idempotency_key HAVING COUNT(*) > 1)',
    );
    const twiceInSession = count(
      `SELECT COUNT(*) AS n FROM (SELECT form_session_id FROM responses WHERE form_session_id IS NOT NULL
         GROUP BY form_session_id, instrument_id HAVING COUNT(*) > 1)`,
    );
    if (twiceByKey) findings.push(`${twiceByKey} idempotency key(s) stored more than once`);
    if (twiceInSession) findings.push(`${twiceInSession} form session(s) with a form stored twice`);
    const rows = db
      .prepare(
        'SELECT id, idempotency_key, course_id, instrument_id, answers FROM responses WHERE idempotency_key LIKE ?',
      )
      .all(`${keyPrefix}%`) as StoredRow[];
    const stored = new Map(rows.map((r) => [r.idempotency_key, r]));
    const sent = new Set(submissions.map((s) => s.key));
    const unknown = rows.filter((r) => !sent.has(r.idempotency_key)).length;
    if (unknown) findings.push(`${unknown} stored response(s) under keys never sent`);
    let lost = 0;
    let mismatched = 0;
    for (const s of submissions) {
      if (s.ackId === undefined) continue;
      const row = stored.get(s.key);
      if (!row || row.id !== s.ackId) {
        lost++;
        findings.push(`lost: ${s.key} acknowledged as ${s.ackId}, stored ${row?.id ?? 'nothing'}`);
      } else if (
        row.course_id !== s.courseId ||
        row.instrument_id !== s.instrument ||
        !isDeepStrictEqual(JSON.parse(row.answers), s.answers)
      ) {
        mismatched++;
        findings.push(`mismatched: ${s.key} is stored with other answers than were sent`);
      }
    }
    return {
      lost,
      duplicated: twiceByKey + twiceInSession + unknown,
      mismatched,
      integrity,
      findings,
    };
  } finally {
    db.close();
  }
}
