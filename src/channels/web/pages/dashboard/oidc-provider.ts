/**
 * The authority's OpenID Connect provider as the dashboard reads it: its discovery document and its
 * signing keys (JWKS), each fetched with a timeout, checked, and kept for an hour; an unknown key id
 * may be a rotated key, so the set is fetched again (at most once a minute). Every failure is an
 * OidcError with a code the sign-in routes turn into a plain page.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

const HTTP_TIMEOUT_MS = 10_000;
const CACHE_MS = 3600_000;

export type OidcFailure =
  | 'bad-state'
  | 'expired'
  | 'provider-refused'
  | 'provider-unavailable'
  | 'token-endpoint'
  | 'bad-token'
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'token-expired'
  | 'wrong-nonce'
  | 'not-allowed';

export class OidcError extends Error {
  override name = 'OidcError';
  constructor(
    readonly code: OidcFailure,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_methods_supported?: string[];
}

export const sameIssuer = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

export async function getJson(url: string, init: RequestInit, failure: OidcFailure): Promise<Record<string, unknown>> {
  let res: globalThis.Response;
  try {
    res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (err) {
    throw new OidcError(failure, `${url}: ${(err as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok || typeof body !== 'object' || body === null) {
    const error = typeof (body as { error?: unknown })?.error === 'string' ? (body as { error: string }).error : '';
    throw new OidcError(failure, `${url}: HTTP ${res.status}${error ? ` ${error}` : ''}`);
  }
  return body as Record<string, unknown>;
}

export class OidcProvider {
  #discovery: { at: number; value: Promise<Discovery> } | undefined;
  #jwks: { at: number; keys: JsonWebKey[] } | undefined;

  constructor(private readonly issuer: string) {}

  async discovery(): Promise<Discovery> {
    if (!this.#discovery || Date.now() - this.#discovery.at > CACHE_MS) {
      const value = (async () => {
        const d = await getJson(
          `${this.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
          { headers: { accept: 'application/json' } },
          'provider-unavailable',
        );
        for (const k of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const)
          if (typeof d[k] !== 'string' || !URL.canParse(d[k]))
            throw new OidcError('provider-unavailable', `discovery document has no valid ${k}`);
        if (!sameIssuer(d['issuer'] as string, this.issuer))
          throw new OidcError('provider-unavailable', 'discovery document names a different issuer');
        return d as unknown as Discovery;
      })();
      this.#discovery = { at: Date.now(), value };
      value.catch(() => (this.#discovery = undefined));
    }
    return this.#discovery.value;
  }

  /** The RS256 key that signed a token: by `kid`, or the only one when the token names none. */
  async keyFor(kid: string | undefined): Promise<KeyObject> {
    const pick = (keys: JsonWebKey[]) => {
      const rsa = keys.filter(
        (k) =>
          k.kty === 'RSA' &&
          (k.use === undefined || k.use === 'sig') &&
          (k['alg'] === undefined || k['alg'] === 'RS256'),
      );
      return kid === undefined ? (rsa.length === 1 ? rsa[0] : undefined) : rsa.find((k) => k['kid'] === kid);
    };
    let jwk = this.#jwks && Date.now() - this.#jwks.at < CACHE_MS ? pick(this.#jwks.keys) : undefined;
    // An unknown kid may be a rotated key: fetch the set again, at most once a minute.
    if (!jwk && (!this.#jwks || Date.now() - this.#jwks.at > 60_000 || !pick(this.#jwks.keys))) {
      const doc = await getJson(
        (await this.discovery()).jwks_uri,
        { headers: { accept: 'application/json' } },
        'provider-unavailable',
      );
      if (!Array.isArray(doc['keys'])) throw new OidcError('provider-unavailable', 'JWKS has no keys');
      this.#jwks = { at: Date.now(), keys: doc['keys'] as JsonWebKey[] };
      jwk = pick(this.#jwks.keys);
    }
    if (!jwk) throw new OidcError('bad-signature', 'no matching RS256 key in the JWKS');
    try {
      return createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      throw new OidcError('bad-signature', 'unusable key in the JWKS');
    }
  }
}
