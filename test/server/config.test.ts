import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config';

describe('parseConfig', () => {
  it('has the documented defaults', () => {
    expect(parseConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      database: { kind: 'sqlite', file: 'data/kor.sqlite' },
      demo: true,
      trustProxy: false,
    });
  });

  it('reads every variable', () => {
    expect(
      parseConfig({ PORT: '8080', HOST: '0.0.0.0', KOR_DB: '/srv/kor/kor.sqlite', KOR_DEMO: '0' }),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      database: { kind: 'sqlite', file: '/srv/kor/kor.sqlite' },
      demo: false,
      trustProxy: false,
    });
    expect(
      parseConfig({
        KOR_ADMIN_EMAIL: 'admin@example.org',
        KOR_ADMIN_PASSWORD: 'a long passphrase',
        KOR_TRUST_PROXY: '1',
      }),
    ).toMatchObject({
      admin: { email: 'admin@example.org', password: 'a long passphrase' },
      trustProxy: true,
    });
    expect(parseConfig({ DATABASE_URL: 'postgres://kor@db/kor' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://kor@db/kor',
    });
  });

  it('treats an empty value as unset', () => {
    expect(parseConfig({ PORT: '', KOR_DEMO: '' }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['HOST', 'bad host!'],
    ['KOR_DEMO', 'yes'],
    ['DATABASE_URL', 'mysql://x'],
    ['KOR_ADMIN_EMAIL', 'not-an-address'],
    ['KOR_ADMIN_PASSWORD', 'short'],
    ['KOR_TRUST_PROXY', 'true'],
  ])('stops with a message naming %s for %s', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`${name}`));
  });

  it('needs the admin e-mail and password together', () => {
    expect(() => parseConfig({ KOR_ADMIN_EMAIL: 'admin@example.org' })).toThrow(
      /KOR_ADMIN_EMAIL and KOR_ADMIN_PASSWORD/,
    );
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseConfig({}))).toBe(true);
  });
});
