/**
 * A small OpenID Connect provider on node:http (port 0): discovery, an authorize endpoint that
 * signs the user in at once and redirects back with a code, a token endpoint (client_secret_post
 * or basic, PKCE S256 checked) and a JWKS with one RSA key. The test decides what the next
 * id_token says (`next`), who the user is (`user`) and whether the token endpoint fails.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NextToken {
  /** Claims merged over the defaults (iss, aud, sub, email, nonce, iat, exp); `undefined` removes one. */
  claims?: Record<string, unknown>;
  /** Sign with a key that is not in the JWKS (same kid). */
  wrongKey?: boolean;
  /** The token endpoint answers 400 invalid_grant. */
  tokenError?: boolean;
}

export interface FakeOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next authorization signs in. */
  user: { sub: string; email?: string };
  /** Applies to the next token issued, then resets. */
  next: NextToken;
  /** How the client authenticated at the token endpoint, per request. */
  tokenAuth: ('post' | 'basic' | 'none')[];
  close(): Promise<void>;
}

const KID = 'fake-key-1';
const b64 = (x: Buffer | string) => Buffer.from(x).toString('base64url');

function jwt(claims: Record<string, unknown>, key: KeyObject): string {
  const body = `${b64(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: KID }))}.${b64(JSON.stringify(claims))}`;
  return `${body}.${b64(sign('RSA-SHA256', Buffer.from(body), key))}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeOidc(
  o: { clientId?: string; clientSecret?: string; basicOnly?: boolean } = {},
): Promise<FakeOidc> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const codes = new Map<
    string,
    { clientId: string; redirectUri: string; nonce: string; challenge: string; user: FakeOidc['user'] }
  >();
  const fake: FakeOidc = {
    issuer: '',
    clientId: o.clientId ?? 'cpc-dashboard',
    clientSecret: o.clientSecret ?? 'fake-client-secret-0123456789',
    user: { sub: 'user-0001', email: 'coordinator@example.gov.uk' },
    next: {},
    tokenAuth: [],
    close: async () => {},
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', fake.issuer);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: fake.issuer,
        authorization_endpoint: `${fake.issuer}/authorize`,
        token_endpoint: `${fake.issuer}/token`,
        jwks_uri: `${fake.issuer}/jwks`,
        response_types_supported: ['code'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: o.basicOnly
          ? ['client_secret_basic']
          : ['client_secret_post', 'client_secret_basic'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') {
      return json(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' }] });
    }
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const p = url.searchParams;
      const redirectUri = p.get('redirect_uri') ?? '';
      if (
        p.get('response_type') !== 'code' ||
        p.get('client_id') !== fake.clientId ||
        p.get('code_challenge_method') !== 'S256' ||
        !p.get('code_challenge') ||
        !p.get('state') ||
        !p.get('nonce') ||
        !/\bopenid\b/.test(p.get('scope') ?? '')
      )
        return json(400, { error: 'invalid_request' });
      const code = b64(randomBytes(16));
      codes.set(code, {
        clientId: fake.clientId,
        redirectUri,
        nonce: p.get('nonce')!,
        challenge: p.get('code_challenge')!,
        user: { ...fake.user },
      });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state')!);
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(await readBody(req));
      let id = form.get('client_id');
      let secret = form.get('client_secret');
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      if (basic)
        [id, secret] = Buffer.from(basic[1]!, 'base64').toString().split(':').map(decodeURIComponent) as [
          string,
          string,
        ];
      fake.tokenAuth.push(basic ? 'basic' : secret ? 'post' : 'none');
      const next = fake.next;
      fake.next = {};
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (id !== fake.clientId || secret !== fake.clientSecret) return json(401, { error: 'invalid_client' });
      if (o.basicOnly && !basic) return json(401, { error: 'invalid_client' });
      if (
        next.tokenError ||
        !grant ||
        form.get('grant_type') !== 'authorization_code' ||
        form.get('redirect_uri') !== grant.redirectUri
      )
        return json(400, { error: 'invalid_grant' });
      if (
        b64(
          createHash('sha256')
            .update(form.get('code_verifier') ?? '')
            .digest(),
        ) !== grant.challenge
      )
        return json(400, { error: 'invalid_grant', error_description: 'PKCE' });
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        iss: fake.issuer,
        aud: fake.clientId,
        sub: grant.user.sub,
        nonce: grant.nonce,
        iat: now,
        exp: now + 300,
        ...(grant.user.email ? { email: grant.user.email, email_verified: true } : {}),
        ...next.claims,
      };
      for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
      return json(200, {
        access_token: b64(randomBytes(16)),
        token_type: 'Bearer',
        expires_in: 300,
        id_token: jwt(claims, next.wrongKey ? other : privateKey),
      });
    }
    return json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}
