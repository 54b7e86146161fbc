/**
 * The database as Kysely sees it. Migrations define the schema; test/storage checks this type
 * against a migrated database so the two cannot drift apart.
 */
export interface KorMetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export type OrganisationKind = 'region' | 'trust' | 'provider' | 'unit';
export type UnitRole = 'admin' | 'unit_lead' | 'therapist' | 'trainer';
export type GlobalRole = 'admin' | 'national_trainer';

export interface OrganisationsTable {
  id: string;
  parent_id: string | null;
  kind: OrganisationKind;
  name: string;
  is_demo: number;
  is_practice: number;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  global_role: GlobalRole | null;
  is_active: number;
  failed_login_count: number;
  locked_until: string | null;
  last_login_at: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  user_id: string;
  unit_id: string;
  role: UnitRole;
  created_at: string;
}

export interface StaffSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface Schema {
  kor_meta: KorMetaTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  staff_sessions: StaffSessionsTable;
}
