/**
 * Every migration, listed statically and frozen once landed: a change to the schema is a new
 * migration. Migrations import nothing but kysely and branch on dialect only where SQL differs.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001-meta';
import * as m0002 from './0002-organisation-and-staff';
import * as m0003 from './0003-clinical-core';
import * as m0004 from './0004-forms-and-responses';
import * as m0005 from './0005-measurement-plans';
import * as m0006 from './0006-signals-and-goals';
import * as m0007 from './0007-caseload-columns';
import * as m0008 from './0008-training';
import * as m0009 from './0009-practice';
import * as m0010 from './0010-response-session-index';
import * as m0011 from './0011-audit-unit-index';
import * as m0012 from './0012-research-exports';
import * as m0013 from './0013-instrument-versions';
import * as m0014 from './0014-openid-connect';
import * as m0015 from './0015-audit-chain-head';
import * as m0016 from './0016-oidc-logout';

export const migrations: Readonly<Record<string, Migration>> = {
  '0001-meta': m0001,
  '0002-organisation-and-staff': m0002,
  '0003-clinical-core': m0003,
  '0004-forms-and-responses': m0004,
  '0005-measurement-plans': m0005,
  '0006-signals-and-goals': m0006,
  '0007-caseload-columns': m0007,
  '0008-training': m0008,
  '0009-practice': m0009,
  '0010-response-session-index': m0010,
  '0011-audit-unit-index': m0011,
  '0012-research-exports': m0012,
  '0013-instrument-versions': m0013,
  '0014-openid-connect': m0014,
  '0015-audit-chain-head': m0015,
  '0016-oidc-logout': m0016,
};
