/**
 * Configuration, parsed once from the environment. Only main.ts passes process.env here.
 */
import { z } from 'zod';
import { type RiskConfig, riskConfigFrom } from '../instruments';

const flag = (name: string) =>
  z.enum(['0', '1'], { message: `${name} must be 0 or 1` }).transform((v) => v === '1');

const configSchema = z.object({
  PORT: z.coerce
    .number({ message: 'PORT must be a number' })
    .int('PORT must be a whole number')
    .min(1, 'PORT must be from 1 to 65535')
    .max(65535, 'PORT must be from 1 to 65535')
    .default(3000),
  HOST: z
    .string()
    .regex(/^[0-9a-zA-Z.:[\]-]+$/, 'HOST must be a host name or an IP address such as 0.0.0.0')
    .default('127.0.0.1'),
  KOR_DB: z.string().min(1, 'KOR_DB must be a file path').default('data/kor.sqlite'),
  KOR_DEMO: flag('KOR_DEMO').default(true),
  KOR_TRUST_PROXY: flag('KOR_TRUST_PROXY').default(false),
  KOR_ADMIN_EMAIL: z.string().email('KOR_ADMIN_EMAIL must be an e-mail address').optional(),
  KOR_ADMIN_PASSWORD: z
    .string()
    .min(12, 'KOR_ADMIN_PASSWORD must have at least 12 characters')
    .optional(),
  KOR_RISK_CONFIG: z.string().optional(),
  KOR_OIDC_ISSUER: z
    .string()
    .url('KOR_OIDC_ISSUER must be a URL such as https://helseid-sts.nhn.no')
    .optional(),
  KOR_OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  KOR_OIDC_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  KOR_OIDC_KEY_ID: z.string().min(1).max(200).optional(),
  KOR_OIDC_SIGNING_ALG: z
    .enum(['RS256', 'PS256', 'ES256'], {
      message: 'KOR_OIDC_SIGNING_ALG must be RS256, PS256 or ES256',
    })
    .optional(),
  KOR_OIDC_USER_CLAIM: z
    .string()
    .regex(/^[\w:/.-]{1,100}$/, 'KOR_OIDC_USER_CLAIM must be a claim name such as email')
    .default('email'),
  KOR_OIDC_SCOPE: z
    .string()
    .regex(/(^| )openid( |$)/, 'KOR_OIDC_SCOPE must include openid')
    .default('openid email profile'),
  KOR_OIDC_REDIRECT_URL: z
    .string()
    .url('KOR_OIDC_REDIRECT_URL must be a URL ending in /api/v1/auth/oidc/callback')
    .regex(
      /\/api\/v1\/auth\/oidc\/callback$/,
      'KOR_OIDC_REDIRECT_URL must end in /api/v1/auth/oidc/callback',
    )
    .optional(),
  KOR_OIDC_NAME: z.string().min(1).max(60).default('HelseID'),
  KOR_OIDC_PAR: flag('KOR_OIDC_PAR').default(false),
  KOR_OIDC_DPOP: flag('KOR_OIDC_DPOP').default(false),
  KOR_OIDC_ACR_VALUES: z
    .string()
    .regex(
      /^[\w:/.-]+( [\w:/.-]+)*$/,
      'KOR_OIDC_ACR_VALUES must be security levels separated by spaces, such as idporten-loa-high',
    )
    .max(500)
    .optional(),
  KOR_OIDC_POST_LOGOUT_URL: z
    .string()
    .url('KOR_OIDC_POST_LOGOUT_URL must be a URL, such as https://kor.klinikk.example/')
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
});

export type Config = Readonly<{
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  demo: boolean;
  trustProxy: boolean;
  /** Thresholds and weights of the drop-out-risk rule set (KOR_RISK_CONFIG, JSON). */
  riskConfig: RiskConfig;
  /** The first admin, created on a database without users. */
  admin?: { email: string; password: string };
  /** Staff login through an OpenID Connect provider (KOR_OIDC_*); main.ts reads the key file. */
  oidc?: OidcConfig;
}>;

export interface OidcConfig {
  issuer: string;
  clientId: string;
  privateKeyFile: string;
  keyId?: string;
  signingAlg?: 'RS256' | 'PS256' | 'ES256';
  userClaim: string;
  scope: string;
  redirectUrl: string;
  name: string;
  postLogoutUrl?: string;
  par?: boolean;
  dpop?: boolean;
  acrValues?: string[];
}

const OIDC_REQUIRED = [
  'KOR_OIDC_ISSUER',
  'KOR_OIDC_CLIENT_ID',
  'KOR_OIDC_PRIVATE_KEY_FILE',
  'KOR_OIDC_REDIRECT_URL',
] as const;

export class ConfigError extends Error {}

/** Parses the environment; an empty string counts as unset. Throws ConfigError naming the variable. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const relevant = Object.fromEntries(
    Object.keys(configSchema.shape)
      .map((key) => [key, env[key]])
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  if (Boolean(c.KOR_ADMIN_EMAIL) !== Boolean(c.KOR_ADMIN_PASSWORD)) {
    throw new ConfigError(
      'Invalid configuration:\n  KOR_ADMIN_EMAIL and KOR_ADMIN_PASSWORD must be set together',
    );
  }
  const oidcSet = OIDC_REQUIRED.filter((name) => c[name]);
  if (oidcSet.length > 0 && oidcSet.length < OIDC_REQUIRED.length) {
    const missing = OIDC_REQUIRED.filter((name) => !c[name]);
    throw new ConfigError(
      `Invalid configuration:\n  OpenID Connect needs ${OIDC_REQUIRED.join(', ')} together; missing ${missing.join(', ')}`,
    );
  }
  let riskConfig: RiskConfig;
  try {
    riskConfig = riskConfigFrom(c.KOR_RISK_CONFIG ? JSON.parse(c.KOR_RISK_CONFIG) : {});
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  KOR_RISK_CONFIG: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return Object.freeze({
    port: c.PORT,
    riskConfig,
    host: c.HOST,
    database: c.DATABASE_URL
      ? { kind: 'postgres' as const, url: c.DATABASE_URL }
      : { kind: 'sqlite' as const, file: c.KOR_DB },
    demo: c.KOR_DEMO,
    trustProxy: c.KOR_TRUST_PROXY,
    ...(c.KOR_OIDC_ISSUER &&
    c.KOR_OIDC_CLIENT_ID &&
    c.KOR_OIDC_PRIVATE_KEY_FILE &&
    c.KOR_OIDC_REDIRECT_URL
      ? {
          oidc: {
            issuer: c.KOR_OIDC_ISSUER,
            clientId: c.KOR_OIDC_CLIENT_ID,
            privateKeyFile: c.KOR_OIDC_PRIVATE_KEY_FILE,
            ...(c.KOR_OIDC_KEY_ID ? { keyId: c.KOR_OIDC_KEY_ID } : {}),
            ...(c.KOR_OIDC_SIGNING_ALG ? { signingAlg: c.KOR_OIDC_SIGNING_ALG } : {}),
            userClaim: c.KOR_OIDC_USER_CLAIM,
            scope: c.KOR_OIDC_SCOPE,
            redirectUrl: c.KOR_OIDC_REDIRECT_URL,
            name: c.KOR_OIDC_NAME,
            ...(c.KOR_OIDC_POST_LOGOUT_URL ? { postLogoutUrl: c.KOR_OIDC_POST_LOGOUT_URL } : {}),
            ...(c.KOR_OIDC_PAR ? { par: true } : {}),
            ...(c.KOR_OIDC_DPOP ? { dpop: true } : {}),
            ...(c.KOR_OIDC_ACR_VALUES ? { acrValues: c.KOR_OIDC_ACR_VALUES.split(' ') } : {}),
          },
        }
      : {}),
    ...(c.KOR_ADMIN_EMAIL && c.KOR_ADMIN_PASSWORD
      ? { admin: { email: c.KOR_ADMIN_EMAIL, password: c.KOR_ADMIN_PASSWORD } }
      : {}),
  });
}
