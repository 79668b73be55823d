/**
 * Dashboard sign-in with the authority's OpenID Connect provider: the authorization code flow with
 * PKCE (S256). `state`, `nonce` and the code verifier travel in a short-lived, signed, HttpOnly
 * cookie scoped to `/dashboard/oidc`; the id_token is checked here (RS256 against the provider's
 * JWKS, `iss`, `aud`/`azp`, `exp`/`iat` with a small skew, `nonce`) with node:crypto only.
 * Every failure is an OidcError with a code the routes turn into a plain page.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual, verify } from 'node:crypto';
import type { Request, Response } from 'express';
import { readCookies, setCookie } from '../security.ts';
import { getJson, OidcError, OidcProvider, sameIssuer } from './oidc-provider.ts';

export const OIDC_COOKIE = 'cpc_oidc';
const COOKIE_PATH = '/dashboard/oidc';
const FLOW_SECONDS = 600;
const SKEW_SECONDS = 120;

export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  linkSecret: string;
  secure: boolean;
  allowedEmails: string[];
  allowedDomain?: string | undefined;
}

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  exp: number;
}

/** Who signed in: `sub` always, `email` when the provider gave one. */
export interface OidcIdentity {
  sub: string;
  email?: string;
}

const b64 = (b: Buffer) => b.toString('base64url');

export class OidcClient {
  readonly #key: Buffer;
  readonly #provider: OidcProvider;

  constructor(private readonly o: OidcOptions) {
    this.#key = createHmac('sha256', o.linkSecret).update('dashboard-oidc-flow').digest();
    this.#provider = new OidcProvider(o.issuer);
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }

  /** Starts a sign-in: sets the flow cookie and returns the provider's authorization URL. */
  async begin(res: Response): Promise<string> {
    const d = await this.#provider.discovery();
    const flow: Flow = {
      state: b64(randomBytes(24)),
      nonce: b64(randomBytes(24)),
      verifier: b64(randomBytes(48)),
      exp: Date.now() + FLOW_SECONDS * 1000,
    };
    const body = b64(Buffer.from(JSON.stringify(flow)));
    setCookie(res, OIDC_COOKIE, `${body}.${this.#mac(body)}`, {
      secure: this.o.secure,
      sameSite: 'Lax',
      path: COOKIE_PATH,
      maxAgeSeconds: FLOW_SECONDS,
    });
    const url = new URL(d.authorization_endpoint);
    const p = url.searchParams;
    p.set('response_type', 'code');
    p.set('client_id', this.o.clientId);
    p.set('redirect_uri', this.o.redirectUri);
    p.set('scope', 'openid email');
    p.set('state', flow.state);
    p.set('nonce', flow.nonce);
    p.set('code_challenge', b64(createHash('sha256').update(flow.verifier).digest()));
    p.set('code_challenge_method', 'S256');
    return url.toString();
  }

  /** The flow cookie is single-use: cleared whatever the outcome. */
  clearFlow(res: Response): void {
    setCookie(res, OIDC_COOKIE, '', { secure: this.o.secure, sameSite: 'Lax', path: COOKIE_PATH, maxAgeSeconds: 0 });
  }

  #readFlow(req: Request): Flow {
    const raw = readCookies(req)[OIDC_COOKIE];
    const m = raw ? /^([A-Za-z0-9_-]{10,1000})\.([A-Za-z0-9_-]{43})$/.exec(raw) : null;
    if (!m || !timingSafeEqual(Buffer.from(this.#mac(m[1]!)), Buffer.from(m[2]!)))
      throw new OidcError('bad-state', 'flow cookie missing or not ours');
    let flow: Flow;
    try {
      flow = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as Flow;
    } catch {
      throw new OidcError('bad-state', 'flow cookie unreadable');
    }
    if (typeof flow.exp !== 'number' || flow.exp <= Date.now()) throw new OidcError('expired', 'flow cookie expired');
    return flow;
  }

  /** The provider's redirect back: checks state, exchanges the code, validates the id_token. */
  async complete(req: Request): Promise<OidcIdentity> {
    const q = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string) : undefined);
    const flow = this.#readFlow(req);
    const state = q('state') ?? '';
    if (state.length !== flow.state.length || !timingSafeEqual(Buffer.from(state), Buffer.from(flow.state)))
      throw new OidcError('bad-state', 'state does not match');
    const error = q('error');
    if (error) throw new OidcError('provider-refused', error.slice(0, 60));
    const code = q('code');
    if (!code) throw new OidcError('bad-state', 'no code');

    const d = await this.#provider.discovery();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.o.redirectUri,
      code_verifier: flow.verifier,
    });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const methods = d.token_endpoint_auth_methods_supported;
    if (methods && !methods.includes('client_secret_post') && methods.includes('client_secret_basic')) {
      headers['authorization'] =
        `Basic ${Buffer.from(`${encodeURIComponent(this.o.clientId)}:${encodeURIComponent(this.o.clientSecret)}`).toString('base64')}`;
    } else {
      form.set('client_id', this.o.clientId);
      form.set('client_secret', this.o.clientSecret);
    }
    const tokens = await getJson(d.token_endpoint, { method: 'POST', headers, body: form }, 'token-endpoint');
    if (typeof tokens['id_token'] !== 'string') throw new OidcError('token-endpoint', 'no id_token in the response');
    const identity = await this.verifyIdToken(tokens['id_token'], flow.nonce);
    this.#checkAllowed(identity);
    return identity;
  }

  async verifyIdToken(token: string, nonce: string): Promise<OidcIdentity> {
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)))
      throw new OidcError('bad-token', 'not a compact JWS');
    const [h, p, s] = parts as [string, string, string];
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      throw new OidcError('bad-token', 'unreadable header or claims');
    }
    if (header['alg'] !== 'RS256')
      throw new OidcError('bad-signature', `alg ${String(header['alg']).slice(0, 10)} refused`);
    const key = await this.#provider.keyFor(typeof header['kid'] === 'string' ? header['kid'] : undefined);
    if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')))
      throw new OidcError('bad-signature', 'signature does not verify');

    if (typeof claims['iss'] !== 'string' || !sameIssuer(claims['iss'], this.o.issuer))
      throw new OidcError('wrong-issuer', 'iss');
    const aud = claims['aud'];
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(this.o.clientId)) throw new OidcError('wrong-audience', 'aud');
    if ((audiences.length > 1 || claims['azp'] !== undefined) && claims['azp'] !== this.o.clientId)
      throw new OidcError('wrong-audience', 'azp');
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims['exp'] !== 'number' || claims['exp'] + SKEW_SECONDS <= now)
      throw new OidcError('token-expired', 'exp');
    if (typeof claims['iat'] !== 'number' || claims['iat'] - SKEW_SECONDS > now)
      throw new OidcError('token-expired', 'iat in the future');
    if (claims['nbf'] !== undefined && (typeof claims['nbf'] !== 'number' || claims['nbf'] - SKEW_SECONDS > now))
      throw new OidcError('token-expired', 'nbf');
    const n = typeof claims['nonce'] === 'string' ? claims['nonce'] : '';
    if (n.length !== nonce.length || !timingSafeEqual(Buffer.from(n), Buffer.from(nonce)))
      throw new OidcError('wrong-nonce', 'nonce');
    if (typeof claims['sub'] !== 'string' || !claims['sub']) throw new OidcError('bad-token', 'no sub');
    const email =
      typeof claims['email'] === 'string' && claims['email_verified'] !== false
        ? claims['email'].trim().toLowerCase()
        : undefined;
    return { sub: claims['sub'], ...(email ? { email } : {}) };
  }

  #checkAllowed(id: OidcIdentity): void {
    const { allowedEmails, allowedDomain } = this.o;
    if (!allowedEmails.length && !allowedDomain) return;
    const email = id.email;
    if (
      email &&
      (allowedEmails.includes(email) || (allowedDomain !== undefined && email.endsWith(`@${allowedDomain}`)))
    )
      return;
    throw new OidcError('not-allowed', email ? 'email not on the allow list' : 'no verified email');
  }
}
