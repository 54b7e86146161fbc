/**
 * Staff login through an OpenID Connect provider (for example HelseID), beside local passwords.
 *
 * The authorization code flow with PKCE (S256), a nonce, and `private_key_jwt` client
 * authentication: KOR signs a short client assertion with its private key; the provider knows
 * the public key. The provider says who the person is; KOR decides what they may do — the user is
 * matched by one configured claim (`email` by default, matched against users' e-mail addresses;
 * any other claim against `users.external_id`), and roles and units stay as KOR has them.
 *
 * A login in progress lives in the database (`oidc_logins`), found by a hash of its `state`, and
 * is bound to the browser that started it by a random value in a cookie: any instance can finish
 * it, it can be finished once, and a link with someone else's `state` leads nowhere.
 */
import {
  createHash,
  createPrivateKey,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import * as client from 'openid-client';
import type { Database } from '../storage/database';
import {
  deleteExpiredOidcLogins,
  insertOidcLogin,
  takeOidcLogin,
} from '../storage/oidc-login-repository';
import { findUserByEmail, findUserByExternalId } from '../storage/user-repository';
import { recordAccess } from './audit-service';
import { type Actor, actorOf, startSession } from './auth-service';
import { normaliseEmail } from './staff-service';

export type OidcSigningAlg = 'RS256' | 'PS256' | 'ES256';

export interface OidcSettings {
  /** The provider's issuer identifier; its discovery document is read from there. */
  issuer: string;
  clientId: string;
  /** The client's private key, PEM (PKCS#8 or PKCS#1) or a JWK as JSON text. */
  privateKey: string;
  /** The key's id (`kid`) as registered with the provider. */
  keyId?: string;
  /** Defaults to RS256 for an RSA key and ES256 for a P-256 key. */
  signingAlg?: OidcSigningAlg;
  /** The claim that identifies the user. */
  userClaim: string;
  scope: string;
  /** KOR's callback URL as registered with the provider: …/api/v1/auth/oidc/callback. */
  redirectUrl: string;
  /** Shown on the login button: "Logg inn med {name}". */
  name: string;
  /**
   * Where the provider sends the browser after logging the user out there, as registered with
   * it; KOR's start page (the origin of redirectUrl) when not set.
   */
  postLogoutUrl?: string;
  /**
   * Send the authorization request by PAR (RFC 9126, pushed to the provider first) rather than
   * in the browser's URL. Used anyway when the provider's metadata requires it.
   */
  par?: boolean;
  /** Bind the tokens to a key of KOR's with DPoP (RFC 9449), as HelseID may require. */
  dpop?: boolean;
  /**
   * The security levels to ask for (`acr_values`); a login whose ID token names another level,
   * or none, is refused.
   */
  acrValues?: string[];
}

/** Why a login through the provider did not go through; the login page explains each. */
export type OidcFailure =
  | 'disabled'
  | 'state'
  | 'expired'
  | 'cancelled'
  | 'provider'
  | 'token'
  | 'claim'
  | 'level'
  | 'no_user';

export class OidcLoginError extends Error {
  constructor(
    readonly code: OidcFailure,
    message: string,
  ) {
    super(message);
  }
}

export class OidcSettingsError extends Error {}

/** How long a login may take at the provider. */
export const OIDC_LOGIN_MINUTES = 10;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A relative path inside KOR, or "/": never another site (`//host`, `/\host`, `https:`). */
export function safeReturnTo(value: string | undefined): string {
  if (!value || value.length > 300) return '/';
  if (!/^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/.test(value)) return '/';
  if (value.startsWith('/api/')) return '/';
  return value;
}

/** Reads the private key; throws OidcSettingsError naming what is wrong. */
export function readPrivateKey(text: string): KeyObject {
  try {
    const trimmed = text.trim();
    const key = trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed), format: 'jwk' })
      : createPrivateKey(trimmed);
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec')
      throw new Error(`a ${key.asymmetricKeyType} key; use an RSA or EC P-256 key`);
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
      throw new Error('an EC key on another curve than P-256');
    return key;
  } catch (error) {
    throw new OidcSettingsError(
      `KOR_OIDC_PRIVATE_KEY_FILE: not a usable private key (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

async function cryptoKeyOf(key: KeyObject, alg: OidcSigningAlg): Promise<CryptoKey> {
  const jwk = key.export({ format: 'jwk' });
  const algorithm =
    alg === 'ES256'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : { name: alg === 'PS256' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return crypto.subtle.importKey('jwk', jwk, algorithm, false, ['sign']);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The OpenID Connect login bound to a database and a clock; `settings` undefined = off. */
export function createOidcService(
  db: Database,
  settings: OidcSettings | undefined,
  clock: () => Date,
) {
  const key = settings ? readPrivateKey(settings.privateKey) : undefined;
  const alg: OidcSigningAlg | undefined =
    settings?.signingAlg ?? (key?.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256');
  if (key && alg === 'ES256' && key.asymmetricKeyType !== 'ec')
    throw new OidcSettingsError('KOR_OIDC_SIGNING_ALG: ES256 needs an EC P-256 key');
  if (key && alg !== 'ES256' && key.asymmetricKeyType !== 'rsa')
    throw new OidcSettingsError(`KOR_OIDC_SIGNING_ALG: ${alg} needs an RSA key`);

  let configuration: Promise<client.Configuration> | undefined;

  /** The provider's configuration, discovered once; a failed discovery is retried next time. */
  function provider(s: OidcSettings): Promise<client.Configuration> {
    configuration ??= (async () => {
      const issuer = new URL(s.issuer);
      const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
      const signingKey = await cryptoKeyOf(key as KeyObject, alg as OidcSigningAlg);
      return client.discovery(
        issuer,
        s.clientId,
        { token_endpoint_auth_signing_alg: alg },
        client.PrivateKeyJwt({ key: signingKey, ...(s.keyId ? { kid: s.keyId } : {}) }),
        insecure ? { execute: [client.allowInsecureRequests] } : {},
      );
    })();
    configuration.catch(() => {
      configuration = undefined;
    });
    return configuration;
  }

  function enabled(): OidcSettings {
    if (!settings)
      throw new OidcLoginError('disabled', 'Login through OpenID Connect is not set up');
    return settings;
  }

  async function refused(code: OidcFailure, clientAddress: string, message: string) {
    await db.transaction().execute((trx) =>
      recordAccess(
        trx,
        null,
        {
          action: 'auth.oidc_login',
          unitId: null,
          role: null,
          outcome: 'denied',
          reason: code,
          client: clientAddress,
        },
        clock(),
      ),
    );
    return new OidcLoginError(code, message);
  }

  async function userFor(s: OidcSettings, value: string) {
    return s.userClaim === 'email'
      ? findUserByEmail(db, normaliseEmail(value))
      : findUserByExternalId(db, value);
  }

  return {
    /** What the login page needs to know. */
    info(): { enabled: boolean; name?: string } {
      return settings ? { enabled: true, name: settings.name } : { enabled: false };
    },

    /**
     * Begins a login: the provider's authorization URL to send the browser to, and the value
     * for the browser's binding cookie.
     */
    async start(returnTo: string | undefined): Promise<{ url: string; browserToken: string }> {
      const s = enabled();
      let config: client.Configuration;
      try {
        config = await provider(s);
      } catch {
        throw new OidcLoginError('provider', 'The login provider cannot be reached');
      }
      const now = clock();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      const browserToken = randomBytes(32).toString('base64url');
      await deleteExpiredOidcLogins(db, now.toISOString());
      await insertOidcLogin(db, {
        state_hash: sha256(state),
        browser_hash: sha256(browserToken),
        nonce,
        code_verifier: codeVerifier,
        return_to: safeReturnTo(returnTo),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + OIDC_LOGIN_MINUTES * 60_000).toISOString(),
      });
      const parameters: Record<string, string> = {
        redirect_uri: s.redirectUrl,
        scope: s.scope,
        response_type: 'code',
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        ...(s.acrValues?.length ? { acr_values: s.acrValues.join(' ') } : {}),
      };
      const pushed = s.par || config.serverMetadata().require_pushed_authorization_requests;
      let url: URL;
      try {
        // With PAR the parameters go to the provider directly (client-authenticated); the
        // browser's URL carries only the client id and the reference the provider gave back.
        url = pushed
          ? await client.buildAuthorizationUrlWithPAR(config, parameters)
          : client.buildAuthorizationUrl(config, parameters);
      } catch {
        throw new OidcLoginError('provider', 'The login provider did not accept the login request');
      }
      return { url: url.href, browserToken };
    },

    /**
     * Finishes a login from the provider's redirect (its query string) in the browser that
     * started it. Every refusal is audited with its reason.
     */
    async finish(input: {
      query: URLSearchParams;
      browserToken: string | undefined;
      client: string;
    }): Promise<{ token: string; actor: Actor; returnTo: string }> {
      const s = enabled();
      const state = input.query.get('state');
      const pending = state ? await takeOidcLogin(db, sha256(state)) : undefined;
      if (
        !pending ||
        !input.browserToken ||
        !sameHash(pending.browser_hash, sha256(input.browserToken))
      )
        throw await refused(
          'state',
          input.client,
          'This login was not started in this browser, or it was already used',
        );
      const now = clock();
      if (new Date(pending.expires_at) <= now)
        throw await refused('expired', input.client, 'The login took too long');
      if (input.query.has('error'))
        throw await refused(
          'cancelled',
          input.client,
          'The login provider did not log the user in',
        );

      let claims: Record<string, unknown>;
      let idToken: string | null = null;
      let config: client.Configuration;
      try {
        config = await provider(s);
      } catch {
        throw await refused('provider', input.client, 'The login provider cannot be reached');
      }
      try {
        // The callback URL as registered (behind a proxy the request's own URL may differ).
        const callback = new URL(s.redirectUrl);
        callback.search = input.query.toString();
        // DPoP: a key pair for this login only. KOR keeps no token beyond it, so the key need
        // not outlive it, and any instance can finish a login another one started.
        const dpop = s.dpop
          ? { DPoP: client.getDPoPHandle(config, await client.randomDPoPKeyPair()) }
          : {};
        const tokens = await client.authorizationCodeGrant(
          config,
          callback,
          {
            pkceCodeVerifier: pending.code_verifier,
            expectedState: state as string,
            expectedNonce: pending.nonce,
            idTokenExpected: true,
          },
          { redirect_uri: s.redirectUrl },
          dpop,
        );
        claims = { ...(tokens.claims() ?? {}) };
        idToken = tokens.id_token ?? null;
        if (s.dpop && tokens.token_type?.toLowerCase() !== 'dpop')
          throw new Error('the provider did not bind the access token with DPoP');
        if (claims[s.userClaim] === undefined && tokens.access_token) {
          const info = await client.fetchUserInfo(
            config,
            tokens.access_token,
            String(claims.sub),
            dpop,
          );
          claims = { ...info, ...claims };
        }
      } catch {
        throw await refused('token', input.client, 'The login provider’s answer was not accepted');
      }
      if (s.acrValues?.length && !s.acrValues.includes(String(claims.acr ?? '')))
        throw await refused(
          'level',
          input.client,
          `The login was not at the security level KOR asks for (${s.acrValues.join(', ')})`,
        );
      const value = claims[s.userClaim];
      if (typeof value !== 'string' || value === '' || value.length > 512)
        throw await refused(
          'claim',
          input.client,
          `The login provider did not send ${s.userClaim}`,
        );
      if (s.userClaim === 'email' && claims.email_verified === false)
        throw await refused(
          'claim',
          input.client,
          'The login provider has not verified the e-mail',
        );
      const user = await userFor(s, value);
      if (user?.is_active !== 1)
        throw await refused('no_user', input.client, 'No active KOR user matches this login');

      const token = await startSession(db, user.id, now, idToken);
      const actor = { ...(await actorOf(db, user.id)), client: input.client };
      await db
        .transaction()
        .execute((trx) =>
          recordAccess(
            trx,
            actor,
            { action: 'auth.oidc_login', unitId: null, role: actor.globalRole, outcome: 'allowed' },
            now,
          ),
        );
      return { token, actor, returnTo: pending.return_to };
    },

    /**
     * The provider's logout URL for a session that began there (RP-initiated logout, with the
     * session's ID token as `id_token_hint`), or null: OpenID Connect off, a provider without an
     * end_session_endpoint, or one that cannot be reached — the KOR session is over either way.
     */
    async endSessionUrl(idToken: string): Promise<string | null> {
      if (!settings) return null;
      let config: client.Configuration;
      try {
        config = await provider(settings);
      } catch {
        return null;
      }
      if (!config.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: settings.postLogoutUrl ?? new URL('/', settings.redirectUrl).href,
      }).href;
    },
  };
}

export type OidcService = ReturnType<typeof createOidcService>;
