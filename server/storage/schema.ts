/**
 * The database as Kysely sees it. Migrations define the schema; test/storage checks this type
 * against a migrated database so the two cannot drift apart.
 */
export interface KorMetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Schema {
  kor_meta: KorMetaTable;
}
