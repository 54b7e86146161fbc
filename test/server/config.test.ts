import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_CONFIG } from '../../instruments';
import { ConfigError, parseConfig } from '../../server/config';

describe('parseConfig', () => {
  it('has the documented defaults', () => {
    expect(parseConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      database: { kind: 'sqlite', file: 'data/kor.sqlite' },
      demo: true,
      trustProxy: false,
      riskConfig: DEFAULT_RISK_CONFIG,
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
      riskConfig: DEFAULT_RISK_CONFIG,
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
    ['KOR_RISK_CONFIG', 'not json'],
    ['KOR_RISK_CONFIG', '{"allianceCutoff": "high"}'],
  ])('stops with a message naming %s for %s', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`${name}`));
  });

  it('reads the drop-out-risk thresholds as JSON over the defaults', () => {
    const { riskConfig } = parseConfig({
      KOR_RISK_CONFIG: '{"allianceCutoff": 34, "weights": {"TRANSITION": 0}}',
    });
    expect(riskConfig.allianceCutoff).toBe(34);
    expect(riskConfig.weights.TRANSITION).toBe(0);
    expect(riskConfig.weights.ALLIANCE_LOW).toBe(DEFAULT_RISK_CONFIG.weights.ALLIANCE_LOW);
    expect(() => parseConfig({ KOR_RISK_CONFIG: '{"allianceCutoff": "high"}' })).toThrow(
      /KOR_RISK_CONFIG: .*allianceCutoff/,
    );
  });

  it('needs the admin e-mail and password together', () => {
    expect(() => parseConfig({ KOR_ADMIN_EMAIL: 'admin@example.org' })).toThrow(
      /KOR_ADMIN_EMAIL and KOR_ADMIN_PASSWORD/,
    );
  });

  it('reads OpenID Connect settings, with defaults, and needs the four required ones together', () => {
    const oidc = {
      KOR_OIDC_ISSUER: 'https://helseid-sts.test.nhn.no',
      KOR_OIDC_CLIENT_ID: 'kor-client',
      KOR_OIDC_PRIVATE_KEY_FILE: '/etc/kor/helseid-key.pem',
      KOR_OIDC_REDIRECT_URL: 'https://kor.example.no/api/v1/auth/oidc/callback',
    };
    expect(parseConfig(oidc).oidc).toEqual({
      issuer: 'https://helseid-sts.test.nhn.no',
      clientId: 'kor-client',
      privateKeyFile: '/etc/kor/helseid-key.pem',
      redirectUrl: 'https://kor.example.no/api/v1/auth/oidc/callback',
      userClaim: 'email',
      scope: 'openid email profile',
      name: 'HelseID',
    });
    expect(parseConfig({}).oidc).toBeUndefined();
    expect(() => parseConfig({ ...oidc, KOR_OIDC_CLIENT_ID: '' })).toThrow(
      /missing KOR_OIDC_CLIENT_ID/,
    );
    expect(() =>
      parseConfig({ ...oidc, KOR_OIDC_REDIRECT_URL: 'https://kor.example.no/callback' }),
    ).toThrow(/KOR_OIDC_REDIRECT_URL must end in \/api\/v1\/auth\/oidc\/callback/);
    expect(() => parseConfig({ ...oidc, KOR_OIDC_SCOPE: 'email' })).toThrow(/include openid/);
    expect(() => parseConfig({ ...oidc, KOR_OIDC_SIGNING_ALG: 'HS256' })).toThrow(
      /KOR_OIDC_SIGNING_ALG must be RS256, PS256 or ES256/,
    );
    expect(
      parseConfig({ ...oidc, KOR_OIDC_POST_LOGOUT_URL: 'https://kor.example.no/utlogget' }).oidc
        ?.postLogoutUrl,
    ).toBe('https://kor.example.no/utlogget');
    expect(() => parseConfig({ ...oidc, KOR_OIDC_POST_LOGOUT_URL: 'kor.example.no' })).toThrow(
      /KOR_OIDC_POST_LOGOUT_URL must be a URL/,
    );
    expect(
      parseConfig({
        ...oidc,
        KOR_OIDC_PAR: '1',
        KOR_OIDC_DPOP: '1',
        KOR_OIDC_ACR_VALUES: 'idporten-loa-high idporten-loa-substantial',
      }).oidc,
    ).toMatchObject({
      par: true,
      dpop: true,
      acrValues: ['idporten-loa-high', 'idporten-loa-substantial'],
    });
    expect(parseConfig(oidc).oidc).not.toHaveProperty('par');
    expect(() => parseConfig({ ...oidc, KOR_OIDC_DPOP: 'yes' })).toThrow(
      /KOR_OIDC_DPOP must be 0 or 1/,
    );
    expect(() => parseConfig({ ...oidc, KOR_OIDC_ACR_VALUES: 'high,,low' })).toThrow(
      /KOR_OIDC_ACR_VALUES must be security levels separated by spaces/,
    );
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseConfig({}))).toBe(true);
  });
});
