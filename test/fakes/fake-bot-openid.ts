/**
 * The Bot Framework's token service as a bot sees it: OpenID metadata and a JWKS with one RSA
 * key endorsed for Teams (node:http, port 0), and a signer for channel tokens like the ones Teams
 * sends to /api/messages (issuer https://api.botframework.com, audience the bot's app id, the
 * `serviceurl` claim). The test chooses every claim and header, signs with another key, or
 * signs with something other than RS256, to see what the bot accepts.
 */
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
const KID = 'fake-bot-key-1';
const b64 = (x: Buffer | string) => Buffer.from(x).toString('base64url');

export interface ChannelTokenOptions {
  /** Claims merged over iss, aud, serviceurl, nbf, iat, exp; `undefined` removes one. */
  claims?: Record<string, unknown>;
  /** Header fields merged over alg RS256, typ JWT, kid; `undefined` removes one. */
  header?: Record<string, unknown>;
  /** Sign with a key that is not in the JWKS (same kid). */
  wrongKey?: boolean;
  /** `none`: no signature; `hs256-public-key`: HMAC with the published public key as the secret. */
  forge?: 'none' | 'hs256-public-key';
}

export interface FakeBotOpenId {
  /** For MICROSOFT_BOT_OPENID_METADATA_URL. */
  metadataUrl: string;
  /** Requests served (metadata and keys). */
  requests: string[];
  /** A channel token for `appId`, as the Bot Framework signs it for an activity from `serviceUrl`. */
  token(appId: string, serviceUrl: string, o?: ChannelTokenOptions): string;
  /** The published key as PEM: what an HS256 forgery would use as its secret. */
  publicKeyPem: string;
  close(): Promise<void>;
}

function jwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  signer: (data: Buffer) => Buffer | string,
): string {
  const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const body = `${b64(JSON.stringify(drop(header)))}.${b64(JSON.stringify(drop(claims)))}`;
  return `${body}.${b64(signer(Buffer.from(body)))}`;
}

export async function startFakeBotOpenId(): Promise<FakeBotOpenId> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other: KeyObject = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const requests: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && req.url === '/v1/.well-known/openidconfiguration')
      return json(200, {
        issuer: BOT_FRAMEWORK_ISSUER,
        authorization_endpoint: `${base}/v1/authorize`,
        jwks_uri: `${base}/v1/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    if (req.method === 'GET' && req.url === '/v1/keys')
      return json(200, {
        keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', endorsements: ['msteams'] }],
      });
    return json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();

  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    requests,
    publicKeyPem,
    token(appId, serviceUrl, o = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: BOT_FRAMEWORK_ISSUER,
        aud: appId,
        serviceurl: serviceUrl,
        nbf: now - 60,
        iat: now - 60,
        exp: now + 3600,
        ...o.claims,
      };
      if (o.forge === 'none') return jwt({ alg: 'none', typ: 'JWT', kid: KID, ...o.header }, claims, () => '');
      if (o.forge === 'hs256-public-key')
        return jwt({ alg: 'HS256', typ: 'JWT', kid: KID, ...o.header }, claims, (data) =>
          createHmac('sha256', publicKeyPem).update(data).digest(),
        );
      return jwt({ alg: 'RS256', typ: 'JWT', kid: KID, ...o.header }, claims, (data) =>
        sign('RSA-SHA256', data, o.wrongKey ? other : privateKey),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
