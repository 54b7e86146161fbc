/**
 * A real OpenID Connect provider (the `oidc-provider` package, certified by the OpenID
 * Foundation) on 127.0.0.1, a free port, for login tests. It knows one client — KOR — that
 * authenticates with `private_key_jwt` (the public half of a key made here) and must use PKCE,
 * and a few people, each logged in by typing their login at the provider's own (development)
 * login page. Nothing of KOR's is replaced: KOR talks to it over HTTP as it would to HelseID.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { OidcSettings } from '../../server/services/oidc-service';

export interface TestPerson {
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** Any other claim, e.g. HelseID's pid_pseudonym. */
  [claim: string]: unknown;
}

export interface RunningProvider {
  issuer: string;
  /** KOR's settings for this provider (client id, the client's private key, its kid). */
  settings(overrides?: Partial<OidcSettings>): OidcSettings;
  close(): Promise<void>;
}

export const TEST_CLIENT_ID = 'kor-test-client';
const KEY_ID = 'kor-test-key-1';

/** Starts the provider; `people` maps the login typed at its login page to that person's claims. */
export async function startOidcProvider(options: {
  redirectUri: string;
  people: Record<string, TestPerson>;
  /** Claims the provider offers beyond the standard ones (e.g. a HelseID-like pid claim). */
  extraClaims?: string[];
  /** The security level (`acr`) every login at this provider reaches, as HelseID names one. */
  acr?: string;
}): Promise<RunningProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const providerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const publicJwk = {
    ...publicKey.export({ format: 'jwk' }),
    kid: KEY_ID,
    use: 'sig',
    alg: 'RS256',
  };

  let handler: ((req: never, res: never) => void) | undefined;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req as never, res as never);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS256',
        jwks: { keys: [publicJwk] },
        redirect_uris: [options.redirectUri],
        // KOR's start page: where the provider sends the browser after logging the user out.
        post_logout_redirect_uris: [new URL('/', options.redirectUri).href],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      ...Object.fromEntries((options.extraClaims ?? []).map((claim) => [claim, [claim]])),
    },
    scopes: ['openid', 'email', 'profile', ...(options.extraClaims ?? [])],
    // Claims in the ID token itself, as HelseID puts its identity claims there.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ...(options.acr ? { acrValues: [options.acr] } : {}),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-only-cookie-signing-key-0123456789'] },
    jwks: { keys: [{ ...providerKey.export({ format: 'jwk' }), kid: 'provider-key', use: 'sig' }] },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    async findAccount(_ctx, id) {
      const person = options.people[id];
      if (!person) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...person }) };
    },
  });
  if (options.acr) {
    // The development login page finishes a login without a level: give it this one.
    const finished = provider.interactionFinished.bind(provider);
    provider.interactionFinished = (req, res, result, ...rest) =>
      finished(
        req,
        res,
        result.login ? { ...result, login: { ...result.login, acr: options.acr } } : result,
        ...rest,
      );
  }
  handler = provider.callback() as never;

  return {
    issuer,
    settings: (overrides = {}) => ({
      issuer,
      clientId: TEST_CLIENT_ID,
      privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      keyId: KEY_ID,
      userClaim: 'email',
      scope: 'openid email profile',
      redirectUrl: options.redirectUri,
      name: 'Testinnlogging',
      ...overrides,
    }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/**
 * A browser without a browser, for API tests: follows redirects by hand with a cookie jar per
 * host, fills the provider's login form with `login`, confirms its consent form, and stops at
 * the first URL outside the provider (KOR's callback), which it returns.
 */
export async function loginAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const issuerOrigin = new URL(authorizationUrl).origin;
  let url = new URL(authorizationUrl);
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (url.origin !== issuerOrigin) return url;
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = (pair ?? '').indexOf('=');
      if (eq > 0) jar.set((pair as string).slice(0, eq), (pair as string).slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action)
      throw new Error(`provider page without a form (${res.status}): ${html.slice(0, 300)}`);
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1] ?? '';
    body = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      body.set('login', login);
      body.set('password', 'any');
    }
    url = new URL(action.replaceAll('&amp;', '&'), url);
    method = 'POST';
  }
  throw new Error('too many redirects at the provider');
}

/**
 * Follows the provider's logout URL (RP-initiated logout) as a browser would: confirms its
 * logout form and returns where the provider sends the browser afterwards. A hint or a return
 * address the provider does not accept ends at its error page instead (an Error here).
 */
export async function logoutAtProvider(endSessionUrl: string): Promise<URL> {
  const page = await fetch(endSessionUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200)
    throw new Error(`provider logout page ${page.status}: ${html.slice(0, 300)}`);
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !xsrf)
    throw new Error(`provider logout page without its form: ${html.slice(0, 300)}`);
  const cookies = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const confirmed = await fetch(new URL(action, endSessionUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    body: new URLSearchParams({ xsrf, logout: 'yes' }),
  });
  const location = confirmed.headers.get('location');
  if (!location) throw new Error(`provider logout did not redirect (${confirmed.status})`);
  return new URL(location, endSessionUrl);
}
