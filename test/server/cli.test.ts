/**
 * The administration CLI, run as a newcomer would, on a real SQLite file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { login } from '../../server/services/auth-service';
import { openDatabase } from '../../server/storage/database';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

describe('npm run kor', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kor-cli-')), 'kor.sqlite');
  const env = { ...process.env, KOR_DB: file, KOR_PASSWORD: '' };
  const kor = (args: string[], input = '') =>
    spawnSync(TSX, ['server/cli.ts', ...args], { cwd: ROOT, env, input, encoding: 'utf8' });
  const idOf = (args: string[]) =>
    execFileSync(TSX, ['server/cli.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' })
      .split(' ')[0]
      ?.trim() ?? '';

  it('creates the organisation tree and a therapist who can then log in', async () => {
    const region = idOf(['create-organisation', '--kind', 'region', '--name', 'Helse Test']);
    const trust = idOf([
      'create-organisation',
      '--kind',
      'trust',
      '--name',
      'Test HF',
      '--parent',
      region,
    ]);
    const unit = idOf([
      'create-organisation',
      '--kind',
      'unit',
      '--name',
      'Ruspoliklinikken',
      '--parent',
      trust,
    ]);
    expect(kor(['list-units']).stdout).toContain(`${unit}  Ruspoliklinikken`);
    const created = kor(
      [
        'create-user',
        '--email',
        'ny@example.org',
        '--name',
        'Ny Terapeut',
        '--member',
        `${unit}:therapist`,
      ],
      'a long enough passphrase\n',
    );
    expect(created.status).toBe(0);
    const db = openDatabase({ kind: 'sqlite', file });
    try {
      const { actor } = await login(
        db,
        { email: 'ny@example.org', password: 'a long enough passphrase' },
        new Date(),
      );
      expect(actor.memberships).toEqual([{ unitId: unit, role: 'therapist' }]);
    } finally {
      await db.destroy();
    }
    // The id the OpenID Connect provider knows her by; unique, and it can be cleared.
    const set = kor(['set-external-id', '--email', 'ny@example.org', '--external-id', 'pid-42']);
    expect(set.stdout).toContain('ny@example.org now logs in through OpenID Connect as pid-42');
    kor(['create-user', '--email', 'to@example.org', '--name', 'To'], 'a long enough passphrase\n');
    const taken = kor(['set-external-id', '--email', 'to@example.org', '--external-id', 'pid-42']);
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain('ny@example.org already has that external id');
    const check = openDatabase({ kind: 'sqlite', file });
    try {
      const rows = await check.selectFrom('users').select(['email', 'external_id']).execute();
      expect(rows.find((r) => r.email === 'ny@example.org')?.external_id).toBe('pid-42');
      expect(rows.find((r) => r.email === 'to@example.org')?.external_id).toBeNull();
    } finally {
      await check.destroy();
    }
    expect(kor(['set-external-id', '--email', 'ny@example.org', '--clear']).status).toBe(0);
  });

  it('explains wrong usage and weak passwords with a non-zero exit', () => {
    const usage = kor(['create-organisation', '--kind', 'clinic', '--name', 'X']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--kind must be one of region, trust, provider, unit');
    const weak = kor(['create-user', '--email', 'svak@example.org'], 'short\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('at least 12 characters');
    expect(kor(['no-such-command']).status).toBe(2);
  });
});
