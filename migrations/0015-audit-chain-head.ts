import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** The fields of an audit event in the order its hash covers them, after `seq`. */
const HASHED = [
  'at',
  'user_id',
  'role',
  'unit_id',
  'action',
  'patient_id',
  'course_id',
  'object_type',
  'object_id',
  'outcome',
  'reason',
  'client',
] as const;

/**
 * The head of the audit chain: one row holding the last event's sequence number, its hash and
 * the hash before it. It lets the chain check see events removed from the end of the log, which
 * a walk over the events alone cannot, and it is what serialises appends.
 *
 * On PostgreSQL an event is chained when its transaction commits: the transaction inserts it into
 * `audit_pending` (no lock), and a deferred constraint trigger, run inside COMMIT, moves the head
 * on (its row lock), hashes the event exactly as `auditHash` does and inserts it into
 * `audit_events`. The chain's lock is then held only for the rest of that COMMIT, not across
 * round trips between KOR and the database, and the chain's order is the order of the commits.
 * `audit_pending` is unlogged: a row lives only inside the transaction that inserts it. On SQLite
 * (one writer at a time) KOR moves the head itself, and `audit_pending` stays empty.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('prev_hash', 'text', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .addCheckConstraint('audit_chain_head_one_row', sql`id = 1`)
    .execute();
  const genesis = '0'.repeat(64);
  // The head of a log that already has events is its last event.
  await sql`insert into audit_chain_head (id, seq, prev_hash, hash)
    select 1, coalesce(max(e.seq), 0),
      coalesce((select prev_hash from audit_events order by seq desc limit 1), ${genesis}),
      coalesce((select hash from audit_events order by seq desc limit 1), ${genesis})
    from audit_events e`.execute(db);

  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let pending = db.schema
    .createTable('audit_pending')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (col) => col.primaryKey());
  for (const column of HASHED) {
    pending = pending.addColumn(column, 'text', (col) =>
      ['at', 'action', 'outcome'].includes(column) ? col.notNull() : col,
    );
  }
  if (!postgres) {
    await pending.execute();
    return;
  }
  await sql
    .raw(pending.compile().sql.replace(/^create table/, 'create unlogged table'))
    .execute(db);
  // JSON of each field exactly as JSON.stringify writes it (to_json escapes the same characters),
  // `null` for NULL; SHA-256 over the previous hash and `[seq,field,…]` as UTF-8.
  const json = HASHED.map((c) => `coalesce(to_json(new.${c})::text, 'null')`).join(` || ',' || `);
  const columns = HASHED.join(', ');
  const values = HASHED.map((c) => `new.${c}`).join(', ');
  await sql
    .raw(`create function kor_audit_seal() returns trigger language plpgsql as $$
begin
  with head as (
    update audit_chain_head
    set seq = seq + 1,
        prev_hash = hash,
        hash = encode(sha256(convert_to(
          hash || '[' || (seq + 1)::text || ',' || ${json} || ']', 'UTF8')), 'hex')
    where id = 1
    returning seq, prev_hash, hash
  )
  insert into audit_events (seq, ${columns}, prev_hash, hash)
  select head.seq, ${values}, head.prev_hash, head.hash from head;
  if not found then
    raise exception 'the audit chain has no head row';
  end if;
  delete from audit_pending where id = new.id;
  return null;
end
$$`)
    .execute(db);
  await sql`create constraint trigger audit_pending_seal after insert on audit_pending
    deferrable initially deferred for each row execute function kor_audit_seal()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_pending').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function kor_audit_seal()`.execute(db);
  }
  await db.schema.dropTable('audit_chain_head').execute();
}
