/**
 * Instrument versions for system administrators: list every version (built-in and imported),
 * read one, compare two, import a new one from KOR's JSON format or a FHIR R4 Questionnaire as a
 * draft, preview it, publish it (immutable from then on) or discard it, and retire a version (no
 * new forms use it; its responses stay readable). Anyone else gets 404.
 *
 * Published versions live in the database and join the built-in ones in the catalogue that the
 * rest of the server reads. Every publishing and retirement bumps a revision in kor_meta; each
 * instance compares it at most every few seconds (`sync`) and reloads when it changed, so several
 * instances behind a load balancer agree without sharing memory.
 */
import { createHash } from 'node:crypto';
import {
  compareSemver,
  definitionProblems,
  definitionSchema,
  type InstrumentCatalogue,
  type InstrumentDefinition,
  type LocalizedText,
  successionProblems,
  versionChanges,
  versionKey,
} from '../../instruments';
import { fromQuestionnaire, questionnaireInstrumentId } from '../fhir/questionnaire-import';
import { ConflictError, type ErrorIssue, NotFoundError, UnprocessableError } from '../http/errors';
import type { Database } from '../storage/database';
import {
  deleteInstrumentDraft,
  findInstrumentVersion,
  type InstrumentVersionRow,
  insertInstrumentRetirement,
  insertInstrumentVersion,
  listInstrumentRetirements,
  listInstrumentVersions,
  listPublishedInstrumentVersions,
  publishInstrumentVersion,
  userNames,
} from '../storage/instrument-version-repository';
import { findMeta, upsertMeta } from '../storage/meta-repository';
import { recordAccess } from './audit-service';
import { type Actor, requireSystemAdmin } from './auth-service';

const REVISION_KEY = 'instrument_catalogue_revision';
/** How often an instance looks for versions another instance published or retired. */
const SYNC_INTERVAL_MS = 2000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export type ImportInput =
  | { format: 'kor-json'; definition: unknown }
  | {
      format: 'fhir-questionnaire';
      questionnaire: unknown;
      /** Defaults to the instrument the Questionnaire's url or identifier names. */
      instrumentId?: string;
      /** The version whose scoring is kept; defaults to the latest released one. */
      baseVersion?: string;
      version: string;
      translation: { status: 'official'; source: string } | { status: 'working'; note: string };
      source?: string;
      commercialUse?: InstrumentDefinition['licence']['commercialUse'];
    };

/** `item[8].answerOption` → ['item', 8, 'answerOption'], like the paths of every other error. */
const pathSegments = (path: string): (string | number)[] =>
  path
    .split(/[.[\]]+/)
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** Published rows as definitions; a row whose text no longer matches its checksum is refused. */
function publishedDefinitions(rows: readonly InstrumentVersionRow[]): InstrumentDefinition[] {
  return rows.map((row) => {
    if (row.sha256 !== sha256(row.definition)) {
      throw new Error(
        `instrument catalogue: ${row.instrument_id} ${row.version} has changed since it was published (checksum mismatch); refusing to score with it`,
      );
    }
    return definitionSchema.parse(JSON.parse(row.definition));
  });
}

/** Loads the published and retired versions into the catalogue; returns the revision loaded. */
export async function loadCatalogue(db: Database, catalogue: InstrumentCatalogue) {
  const revision = (await findMeta(db, REVISION_KEY)) ?? '0';
  const published = publishedDefinitions(await listPublishedInstrumentVersions(db));
  const retired = new Set(
    (await listInstrumentRetirements(db)).map((r) => versionKey(r.instrument_id, r.version)),
  );
  catalogue.replace(published, retired);
  return revision;
}

export function createInstrumentVersionService(
  db: Database,
  catalogue: InstrumentCatalogue,
  clock: () => Date,
) {
  let loaded: string | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;

  async function reload() {
    loaded = await loadCatalogue(db, catalogue);
    checkedAt = performance.now();
  }

  async function audited(
    actor: Actor,
    action: string,
    id: string,
    version: string,
    reason?: string,
  ) {
    await db.transaction().execute((trx) =>
      recordAccess(
        trx,
        actor,
        {
          action,
          unitId: null,
          role: 'admin',
          objectType: 'instrument_version',
          objectId: versionKey(id, version),
          outcome: 'allowed',
          ...(reason ? { reason } : {}),
        },
        clock(),
      ),
    );
  }

  /** A version by id: the catalogue's, or a draft from the database. */
  async function find(id: string, version: string) {
    const row = await findInstrumentVersion(db, id, version);
    if (row?.state === 'draft') {
      return { definition: definitionSchema.parse(JSON.parse(row.definition)), row };
    }
    const definition = catalogue.get(id, version);
    if (!definition) {
      const known = catalogue.versions(id).map((d) => d.version);
      throw new NotFoundError(
        known.length === 0
          ? `Unknown instrument "${id}"`
          : `Instrument "${id}" has no version ${version} (known: ${known.join(', ')})`,
      );
    }
    return { definition, row };
  }

  async function described(id: string, version: string) {
    const { definition, row } = await find(id, version);
    const earlier = catalogue
      .versions(id)
      .filter((d) => compareSemver(d.version, version) < 0)
      .at(-1);
    const retirement = (await listInstrumentRetirements(db)).find(
      (r) => r.instrument_id === id && r.version === version,
    );
    const names = await userNames(
      db,
      [row?.imported_by, row?.published_by, retirement?.retired_by].filter(
        (x): x is string => typeof x === 'string',
      ),
    );
    return {
      id,
      version,
      status: definition.status,
      /** The version new forms get. */
      latest: catalogue.get(id)?.version === version,
      origin: row?.origin ?? 'built-in',
      baseVersion: row?.base_version ?? null,
      imported: row ? { at: row.imported_at, by: names.get(row.imported_by) ?? null } : null,
      published:
        row?.published_at && row.published_by
          ? { at: row.published_at, by: names.get(row.published_by) ?? null }
          : null,
      retired: retirement
        ? {
            at: retirement.retired_at,
            by: names.get(retirement.retired_by) ?? null,
            reason: retirement.reason,
          }
        : null,
      sha256: row?.sha256 ?? null,
      previousVersion: earlier?.version ?? null,
      changes: earlier ? versionChanges(earlier, definition) : [],
      definition,
    };
  }

  function invalid(message: string, issues: ErrorIssue[]): never {
    throw new UnprocessableError('invalid_instrument_version', message, issues);
  }

  /** The definition an import describes, checked, or a 422 that names every problem. */
  function definitionFrom(input: ImportInput) {
    if (input.format === 'kor-json') {
      const parsed = definitionSchema.safeParse(input.definition);
      if (!parsed.success) {
        invalid(
          'The definition does not fit KOR’s instrument format',
          parsed.error.issues.map((i) => ({
            path: ['definition', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
            message: i.message,
          })),
        );
      }
      return {
        definition: { ...parsed.data, status: 'draft' as const },
        base: null,
        notes: [] as LocalizedText[],
        path: 'definition',
      };
    }
    const id = input.instrumentId ?? questionnaireInstrumentId(input.questionnaire);
    if (!id) {
      invalid('Say which instrument the Questionnaire is a version of', [
        {
          path: ['instrumentId'],
          message: 'the Questionnaire names no KOR instrument (url urn:kor:instrument:<id>)',
        },
      ]);
    }
    const base = input.baseVersion ? catalogue.get(id, input.baseVersion) : catalogue.get(id);
    if (!base) {
      invalid(
        `There is no ${input.baseVersion ? `version ${input.baseVersion} of ` : 'released version of '}"${id}" to take the scoring from`,
        [
          {
            path: [input.baseVersion ? 'baseVersion' : 'instrumentId'],
            message: `unknown instrument version ${id} ${input.baseVersion ?? ''}`.trim(),
          },
        ],
      );
    }
    const result = fromQuestionnaire(input.questionnaire, base, {
      version: input.version,
      translation: input.translation,
      ...(input.source ? { source: input.source } : {}),
      ...(input.commercialUse ? { commercialUse: input.commercialUse } : {}),
    });
    if (!result.ok) {
      invalid(
        `The Questionnaire does not fit ${base.id} ${base.version}`,
        result.problems.map((p) => ({
          path: ['questionnaire', ...pathSegments(p.path)],
          message: p.message,
        })),
      );
    }
    return { definition: result.definition, base, notes: result.notes, path: 'questionnaire' };
  }

  return {
    /** Reloads the catalogue when another instance changed it (at most every 2 s). */
    async sync(): Promise<void> {
      if (performance.now() - checkedAt < SYNC_INTERVAL_MS) return;
      checkedAt = performance.now();
      const revision = (await findMeta(db, REVISION_KEY)) ?? '0';
      if (revision !== loaded) await reload();
    },

    load: reload,

    async list(actor: Actor) {
      requireSystemAdmin(actor);
      const rows = await listInstrumentVersions(db);
      const retirements = await listInstrumentRetirements(db);
      const drafts = rows
        .filter((r) => r.state === 'draft')
        .map((r) => definitionSchema.parse(JSON.parse(r.definition)));
      const all = [...catalogue.all(), ...drafts].sort(
        (a, b) => a.id.localeCompare(b.id) || compareSemver(a.version, b.version),
      );
      return all.map((d) => {
        const row = rows.find((r) => r.instrument_id === d.id && r.version === d.version);
        const retired = retirements.find(
          (r) => r.instrument_id === d.id && r.version === d.version,
        );
        return {
          id: d.id,
          version: d.version,
          status: d.status,
          title: d.title,
          abbreviation: d.abbreviation,
          rater: d.rater,
          itemCount: d.items.length,
          translations: d.translations,
          commercialUse: d.licence.commercialUse,
          origin: row?.origin ?? 'built-in',
          importedAt: row?.imported_at ?? null,
          publishedAt: row?.published_at ?? null,
          retiredAt: retired?.retired_at ?? null,
          latest: catalogue.get(d.id)?.version === d.version,
        };
      });
    },

    async get(actor: Actor, id: string, version: string) {
      requireSystemAdmin(actor);
      return described(id, version);
    },

    async compare(actor: Actor, id: string, from: string, to: string) {
      requireSystemAdmin(actor);
      const a = (await find(id, from)).definition;
      const b = (await find(id, to)).definition;
      return { id, from, to, changes: versionChanges(a, b) };
    },

    /** Checks and stores a new version as a draft; nothing is used until it is published. */
    async importDraft(actor: Actor, input: ImportInput) {
      requireSystemAdmin(actor);
      const { definition, base, notes, path } = definitionFrom(input);
      const consistency = definitionProblems(definition);
      if (consistency.length > 0) {
        invalid(
          'The definition is not consistent',
          consistency.map((message) => ({ path: [path], message })),
        );
      }
      const existing = await findInstrumentVersion(db, definition.id, definition.version);
      if (existing || catalogue.get(definition.id, definition.version)) {
        throw new ConflictError(
          'version_exists',
          `${definition.id} ${definition.version} exists already${existing?.state === 'draft' ? ' as a draft' : ''}; a version never changes once it exists — choose a new version number`,
          [{ path: ['version'], message: 'exists already' }],
        );
      }
      const succession = successionProblems(catalogue.versions(definition.id), definition);
      if (succession.length > 0) {
        invalid(
          `${definition.id} ${definition.version} may not follow the versions KOR has`,
          succession.map((message) => ({ path: [path], message })),
        );
      }
      await db.transaction().execute(async (trx) => {
        await insertInstrumentVersion(trx, {
          instrument_id: definition.id,
          version: definition.version,
          state: 'draft',
          definition: JSON.stringify(definition),
          sha256: null,
          origin: input.format,
          base_version: base?.version ?? null,
          imported_by: actor.userId,
          imported_at: clock().toISOString(),
          published_by: null,
          published_at: null,
        });
        await recordAccess(
          trx,
          actor,
          {
            action: 'instrument_version.import',
            unitId: null,
            role: 'admin',
            objectType: 'instrument_version',
            objectId: versionKey(definition.id, definition.version),
            outcome: 'allowed',
          },
          clock(),
        );
      });
      return { ...(await described(definition.id, definition.version)), notes };
    },

    async discard(actor: Actor, id: string, version: string) {
      requireSystemAdmin(actor);
      if (!(await deleteInstrumentDraft(db, { instrumentId: id, version }))) {
        await find(id, version);
        throw new ConflictError(
          'not_a_draft',
          `${id} ${version} is published; a published version is retired, never deleted`,
        );
      }
      await audited(actor, 'instrument_version.discard', id, version);
    },

    /** A draft becomes a released version: immutable, and the latest of its instrument. */
    async publish(actor: Actor, id: string, version: string) {
      requireSystemAdmin(actor);
      const row = await findInstrumentVersion(db, id, version);
      if (row?.state !== 'draft') {
        await find(id, version);
        throw new ConflictError('not_a_draft', `${id} ${version} is published already`);
      }
      const draft = definitionSchema.parse(JSON.parse(row.definition));
      // Checked again: another version may have been published since the import.
      const succession = successionProblems(catalogue.versions(id), draft);
      if (succession.length > 0) {
        invalid(
          `${id} ${version} may not be published`,
          succession.map((message) => ({ path: ['version'], message })),
        );
      }
      const text = JSON.stringify({ ...draft, status: 'released' });
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const done = await publishInstrumentVersion(
          trx,
          { instrumentId: id, version },
          { definition: text, sha256: sha256(text), by: actor.userId, at: now.toISOString() },
        );
        if (!done) throw new ConflictError('not_a_draft', `${id} ${version} is published already`);
        await upsertMeta(trx, REVISION_KEY, `${now.toISOString()} ${id}@${version} published`, now);
        await recordAccess(
          trx,
          actor,
          {
            action: 'instrument_version.publish',
            unitId: null,
            role: 'admin',
            objectType: 'instrument_version',
            objectId: versionKey(id, version),
            outcome: 'allowed',
          },
          now,
        );
      });
      await reload();
      return described(id, version);
    },

    /** No new form uses a retired version; its responses stay readable and scored. */
    async retire(actor: Actor, id: string, version: string, reason: string) {
      requireSystemAdmin(actor);
      const { definition } = await find(id, version);
      if (definition.status === 'draft') {
        throw new ConflictError('not_published', `${id} ${version} is a draft; discard it instead`);
      }
      if (definition.status === 'retired') {
        throw new ConflictError('retired', `${id} ${version} is retired already`);
      }
      const others = catalogue
        .versions(id)
        .filter((d) => d.status === 'released' && d.version !== version);
      if (others.length === 0) {
        throw new ConflictError(
          'last_released_version',
          `${id} ${version} is the only released version of ${id}: publish another version before retiring it`,
        );
      }
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await insertInstrumentRetirement(trx, {
          instrument_id: id,
          version,
          retired_by: actor.userId,
          retired_at: now.toISOString(),
          reason,
        });
        await upsertMeta(trx, REVISION_KEY, `${now.toISOString()} ${id}@${version} retired`, now);
        await recordAccess(
          trx,
          actor,
          {
            action: 'instrument_version.retire',
            unitId: null,
            role: 'admin',
            objectType: 'instrument_version',
            objectId: versionKey(id, version),
            outcome: 'allowed',
            reason,
          },
          now,
        );
      });
      await reload();
      return described(id, version);
    },
  };
}

export type InstrumentVersionService = ReturnType<typeof createInstrumentVersionService>;
