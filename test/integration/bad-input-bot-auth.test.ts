/**
 * Bad input at /api/messages in production: `src/main.ts` started as its own process with
 * NODE_ENV=production and bot credentials, so every activity must carry a Bot Framework JWT.
 * The Bot Framework's signing keys come from a local fake (MICROSOFT_BOT_OPENID_METADATA_URL),
 * so the test can sign real channel tokens. Missing, garbage, expired, not-yet-valid,
 * wrong-audience, wrong-issuer, wrong-serviceurl, `alg: none`, HS256-signed-with-the-public-key,
 * wrong-key and tampered tokens, oversized headers, and non-JSON, huge, deeply nested or
 * wrongly typed bodies: each is refused (401, or 400/413/415 for the body, 431 for a header
 * over Node's limit) and never processed (every Redis key under the prefix byte-for-byte the
 * same, nothing sent to the connector), and the process stays up. A correctly signed activity
 * is accepted; the same token re-signed for another bot, or with its payload edited, is not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botAuthSettings } from '../../src/channels/teams/auth.ts';
import { ConfigError, readConfig } from '../../src/config.ts';
import { startFakeBotOpenId, type ChannelTokenOptions, type FakeBotOpenId } from '../fakes/fake-bot-openid.ts';
import { startFakeConnector, type FakeConnector } from '../fakes/fake-connector.ts';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody } from '../helpers/service.ts';
import { actionActivity, installActivity, messageActivity, TENANT } from '../helpers/teams-activities.ts';

// A fixed seed keeps CI reproducible; FC_SEED=random explores new inputs (and prints the seed of any failure).
if (process.env.FC_SEED !== 'random') fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 60);
const tried: Record<string, number> = {};
const count = (entry: string, n = 1) => (tried[entry] = (tried[entry] ?? 0) + n);

const ROOT = path.resolve(import.meta.dirname, '../..');
const APP_ID = '11111111-2222-3333-4444-555555555555';
const API_KEY = 'production-coordinator-key-0123456789';
const SW = { id: '29:social-worker', aadObjectId: '00000000-0000-4000-8000-0000000000c2' };
const CHAIR = { id: '29:chair', aadObjectId: '00000000-0000-4000-8000-0000000000c1' };

let oidc: FakeBotOpenId;
let connector: FakeConnector;
let child: ChildProcess;
let output = '';
let url: string;
let prefix: string;
let dataDir: string;
let redis: Redis;
let conferenceId: string;

/**
 * Every key under the prefix with its serialised value: any write shows. The rate limiter's buckets
 * are left out: every request, refused or not, is meant to take a token from its client's bucket.
 */
async function redisState(): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    for (const k of keys)
      if (!k.includes(':ratelimit:')) state.set(k, (await redis.dumpBuffer(k))?.toString('hex') ?? '');
    cursor = next;
  } while (cursor !== '0');
  return state;
}

/**
 * Everything production demands; nothing here reaches a real service (no workers run, so neither
 * mail nor Graph is used). The only difference from a live deployment is where the Bot
 * Framework's signing keys are fetched from.
 */
function productionEnv(keysUrl: string, at = { prefix: 'tprod', dataDir: tmpdir() }): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: 'https://cpc.example.gov.uk',
    DATA_DIR: at.dataDir,
    REDIS_URL: redisUrl(),
    // The test Redis is on loopback without TLS.
    REDIS_ALLOW_PLAINTEXT: 'true',
    REDIS_PREFIX: at.prefix,
    COORDINATOR_API_KEY: API_KEY,
    LINK_SECRET: 'l'.repeat(48),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SMTP_URL: 'smtp://127.0.0.1:9',
    INBOUND_SMTP_PORT: '0',
    INBOUND_SMTP_TLS_KEY_FILE: path.join(ROOT, 'test/fakes/tls/localhost-key.pem'),
    INBOUND_SMTP_TLS_CERT_FILE: path.join(ROOT, 'test/fakes/tls/localhost-cert.pem'),
    MEETING_PROVIDER: 'teams',
    GRAPH_TENANT_ID: TENANT,
    GRAPH_CLIENT_ID: 'graph-client',
    GRAPH_CLIENT_SECRET: 'graph-secret',
    GRAPH_ORGANIZER_USER_ID: 'organiser',
    GRAPH_BASE_URL: 'http://127.0.0.1:9',
    WORKERS: 'none',
    API_RATE_LIMIT_BURST: '100000',
    API_RATE_LIMIT_PER_MINUTE: '1000000',
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
    MICROSOFT_APP_TYPE: 'SingleTenant',
    MICROSOFT_APP_TENANT_ID: TENANT,
    MICROSOFT_BOT_OPENID_METADATA_URL: keysUrl,
  };
}

beforeAll(async () => {
  oidc = await startFakeBotOpenId();
  connector = await startFakeConnector();
  prefix = `tprod${randomBytes(4).toString('hex')}`;
  dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-prod-'));
  redis = new Redis(redisUrl());
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...productionEnv(oidc.metadataUrl, { prefix, dataDir }),
  };
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 100_000;
  for (;;) {
    const m = /Conference bot ready: (http:\/\/[^\s]+)/.exec(output);
    if (m) {
      url = m[1]!;
      break;
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`production service did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const attendees = (hackneyInitialBody().attendees as Record<string, unknown>[]).map((a) =>
    a['role'] === 'social-worker'
      ? { ...a, teamsUserId: SW.id }
      : a['role'] === 'chair'
        ? { ...a, teamsUserId: CHAIR.id }
        : a,
  );
  const created = await fetch(`${url}/api/conferences`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(
      // This service runs on the real clock: the strategy discussion is today (never after it).
      hackneyInitialBody({
        attendees,
        startsAt: '2030-01-07T10:00',
        strategyDiscussionOn: new Date().toISOString().slice(0, 10),
      }),
    ),
  });
  const body = await created.json();
  expect(created.status, JSON.stringify(body)).toBe(201);
  conferenceId = body.id;
}, 120_000);

afterAll(async () => {
  const lines = Object.entries(tried).map(([k, v]) => `  ${k.padEnd(34)} ${v}`);
  console.log(
    `bad-input suite (production bot endpoint): inputs tried per entry point\n${lines.join('\n')}\n  total ${Object.values(tried).reduce((a, b) => a + b, 0)}`,
  );
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis?.quit();
  await connector?.close();
  await oidc?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(
  body: string,
  headers: Record<string, string | undefined>,
): Promise<{ status: number; text: string }> {
  const h = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: h, body });
  return { status: res.status, text: await res.text() };
}
const json = { 'content-type': 'application/json' };
/** The real conference's report card refresh, as the social worker would press it in Teams. */
const refreshActivity = (serviceUrl = connector.url) =>
  actionActivity(SW, serviceUrl, 'refresh', { conferenceId, card: 'report' });
const token = (o?: ChannelTokenOptions, serviceUrl = connector.url) => oidc.token(APP_ID, serviceUrl, o);
const now = () => Math.floor(Date.now() / 1000);
/** A header value fetch will send (visible ASCII and spaces only). */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, 'x').trim();

describe('production /api/messages: forged, broken and stolen credentials', () => {
  it(
    'every bad Authorization header is refused with 401 (431 over Node’s header limit) and nothing is processed',
    { timeout: 180_000 },
    async () => {
      const before = await redisState();
      const b64 = fc.string({
        unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'.split('')),
        maxLength: 60,
      });
      // Each breaks the token in at least one way the Bot Framework's checks must catch.
      const breaker = fc.constantFrom<[string, () => ChannelTokenOptions | string]>(
        ['expired', () => ({ claims: { exp: now() - 600, iat: now() - 4000, nbf: now() - 4000 } })],
        ['not yet valid', () => ({ claims: { nbf: now() + 3600 } })],
        ['wrong audience', () => ({ claims: { aud: '99999999-2222-3333-4444-555555555555' } })],
        ['audience list', () => ({ claims: { aud: [APP_ID, 'other'] } })],
        ['no audience', () => ({ claims: { aud: undefined } })],
        ['wrong issuer', () => ({ claims: { iss: 'https://api.botframework.com.evil.example' } })],
        [
          'emulator issuer',
          () => ({
            claims: { iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/', appid: APP_ID, ver: '1.0' },
          }),
        ],
        [
          'skill token',
          () => ({
            claims: {
              iss: 'https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0',
              azp: 'another-bot',
              ver: '2.0',
              aud: APP_ID,
            },
          }),
        ],
        ['other serviceurl', () => ({ claims: { serviceurl: 'https://smba.trafficmanager.net/evil/' } })],
        ['alg none', () => ({ forge: 'none' })],
        ['HS256 with the public key', () => ({ forge: 'hs256-public-key' })],
        ['wrong key', () => ({ wrongKey: true })],
        ['unknown kid', () => ({ header: { kid: 'someone-elses-key' } })],
        ['no kid', () => ({ header: { kid: undefined } })],
        ['kid path', () => ({ header: { kid: '../../../../etc/passwd' } })],
        [
          'tampered payload',
          () => {
            const [h, p, s] = token().split('.');
            const claims = {
              ...JSON.parse(Buffer.from(p!, 'base64url').toString()),
              aud: '99999999-2222-3333-4444-555555555555',
            };
            return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
          },
        ],
        [
          'tampered header',
          () => {
            const [, p, s] = token().split('.');
            return `${Buffer.from(JSON.stringify({ alg: 'RS512', kid: 'fake-bot-key-1' })).toString('base64url')}.${p}.${s}`;
          },
        ],
        ['signature cut', () => token().split('.').slice(0, 2).join('.') + '.'],
      );
      const header = fc.oneof(
        fc.constant(undefined),
        fc.string({ maxLength: 80 }).map(headerSafe),
        fc
          .tuple(
            fc.constantFrom('Bearer ', 'bearer ', 'Basic ', 'Bearer  ', 'JWT ', ''),
            fc.tuple(b64, b64, b64).map((p) => p.join('.')),
          )
          .map(([s, t]) => s + t),
        fc.array(breaker, { minLength: 1, maxLength: 3 }).map((bs) => {
          const parts = bs.map(([, make]) => make());
          const raw = parts.find((p): p is string => typeof p === 'string');
          const opts = parts
            .filter((p): p is ChannelTokenOptions => typeof p !== 'string')
            .reduce<ChannelTokenOptions>(
              (a, o) => ({ ...a, ...o, claims: { ...a.claims, ...o.claims }, header: { ...a.header, ...o.header } }),
              {},
            );
          return `Bearer ${raw ?? token(opts)}`;
        }),
        // A good token with the wrong scheme spelling or extra parts.
        fc.constantFrom('bearer ', 'Bearer  ', 'BEARER ').map((s) => `${s}${token()}`),
        fc.constant(null).map(() => `Bearer ${token()} extra`),
      );
      const activity = fc.constantFrom(
        () => refreshActivity(),
        () => messageActivity(SW, connector.url, 'help'),
        () => installActivity(SW, connector.url),
        () => ({ ...refreshActivity(), channelId: 'emulator' }),
      );
      await fc.assert(
        fc.asyncProperty(header, activity, async (authorization, make) => {
          count('/api/messages prod: auth headers');
          const r = await post(JSON.stringify(make()), { ...json, authorization });
          expect(r.status, `${authorization?.slice(0, 120)} → ${r.status} ${r.text.slice(0, 200)}`).toBe(401);
        }),
        { numRuns: RUNS * 4 },
      );
      // A valid token presented for a different serviceUrl than the activity's.
      count('/api/messages prod: auth headers');
      expect(
        (
          await post(JSON.stringify(refreshActivity('https://smba.trafficmanager.net/uk/')), {
            ...json,
            authorization: `Bearer ${token()}`,
          })
        ).status,
      ).toBe(401);
      // Oversized: under Node's 16 kB header limit still 401; over it, 431 before anything reads the request.
      for (const [size, status] of [
        [15_000, 401],
        [20_000, 431],
        [200_000, 431],
      ] as const) {
        count('/api/messages prod: auth headers');
        const r = await post(JSON.stringify(refreshActivity()), {
          ...json,
          authorization: `Bearer ${'a'.repeat(size)}`,
        }).catch((err: Error) => ({ status: 0, text: String(err.cause ?? err) }));
        expect(r.status, `${size}: ${r.text.slice(0, 200)}`).toBe(status);
      }
      expect(await redisState()).toEqual(before);
      expect(connector.posted).toEqual([]);
      expect(connector.created).toEqual([]);
    },
  );

  it(
    'non-JSON, huge, deeply nested and wrongly typed bodies: 400/401/413/415, never processed, with or without a valid token',
    { timeout: 120_000 },
    async () => {
      const before = await redisState();
      const valid = JSON.stringify(refreshActivity());
      const body = fc.oneof(
        fc.string({ maxLength: 200 }).map((text) => ({ text, type: 'application/json' })),
        fc
          .jsonValue({ maxDepth: 3 })
          .filter(
            (v) =>
              !(
                v &&
                typeof v === 'object' &&
                !Array.isArray(v) &&
                typeof (v as Record<string, unknown>)['type'] === 'string'
              ),
          )
          .map((v) => ({ text: JSON.stringify(v), type: 'application/json' })),
        fc.constantFrom(
          { text: valid, type: 'text/plain' },
          { text: valid, type: 'application/x-www-form-urlencoded' },
          { text: valid, type: 'application/xml' },
          { text: valid, type: 'application/json; charset=utf-16' },
          { text: valid, type: 'application/json; charset=koi8-r' },
          { text: valid, type: 'multipart/form-data; boundary=x' },
          { text: valid, type: undefined },
          { text: valid.slice(0, -1), type: 'application/json' },
          { text: `${valid}garbage`, type: 'application/json' },
          { text: '', type: 'application/json' },
          { text: 'null', type: 'application/json' },
          { text: '[' + valid + ']', type: 'application/json' },
          { text: '['.repeat(10_000) + ']'.repeat(10_000), type: 'application/json' },
          { text: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), type: 'application/json' },
          { text: JSON.stringify({ ...refreshActivity(), type: 7 }), type: 'application/json' },
          { text: JSON.stringify({ ...refreshActivity(), from: 'someone' }), type: 'application/json' },
          { text: JSON.stringify({ ...refreshActivity(), serviceUrl: 'not a url' }), type: 'application/json' },
          { text: JSON.stringify({ ...refreshActivity(), text: 'x'.repeat(1_100_000) }), type: 'application/json' },
          {
            text: '{"__proto__": {"type": "message"}, "constructor": {"prototype": {"type": "message"}}}',
            type: 'application/json',
          },
        ),
      );
      await fc.assert(
        fc.asyncProperty(body, fc.boolean(), async ({ text, type }, signed) => {
          count('/api/messages prod: bodies');
          const r = await post(text, { 'content-type': type, authorization: signed ? `Bearer ${token()}` : undefined });
          expect(
            [400, 401, 413, 415],
            `${type} ${text.slice(0, 120)} (signed ${signed}) → ${r.status} ${r.text.slice(0, 200)}`,
          ).toContain(r.status);
          if (signed) expect(r.status).not.toBe(401);
        }),
        { numRuns: RUNS * 2 },
      );
      // A 10,000-deep activity that is otherwise well formed: only a signature would let it in.
      count('/api/messages prod: bodies');
      const deep = JSON.stringify({ ...refreshActivity(), value: 'DEEP' }).replace(
        '"DEEP"',
        '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
      );
      expect((await post(deep, json)).status).toBe(401);
      expect(await redisState()).toEqual(before);
      expect(connector.posted).toEqual([]);
    },
  );

  it(
    'a correctly signed activity is accepted; the same token for another bot or with its payload edited is not; the process stayed up',
    { timeout: 60_000 },
    async () => {
      const before = await redisState();
      const good = token();
      const [h, p, s] = good.split('.');
      const edited = (claims: Record<string, unknown>) =>
        `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), ...claims })).toString('base64url')}.${s}`;
      for (const [what, authorization] of [
        ['re-signed for another bot', token({ claims: { aud: '99999999-2222-3333-4444-555555555555' } })],
        ['audience edited', edited({ aud: '99999999-2222-3333-4444-555555555555' })],
        ['expiry extended', edited({ exp: now() + 86_400 * 365 })],
        ['serviceurl edited', edited({ serviceurl: 'https://smba.trafficmanager.net/evil/' })],
      ] as const) {
        count('/api/messages prod: signed tokens');
        const r = await post(JSON.stringify(refreshActivity()), { ...json, authorization: `Bearer ${authorization}` });
        expect(r.status, what).toBe(401);
        expect(JSON.parse(r.text).message).toMatch(/not signed by the Bot Framework/);
      }
      expect(await redisState()).toEqual(before);

      // Accepted and acted on: the chair answers the invitation from the card. (An answer that is a
      // refreshable card makes teams-ai update the message through the connector first, which needs
      // an Azure AD token this sandbox cannot fetch; the RSVP's answer is a plain card in the reply.)
      count('/api/messages prod: signed tokens');
      const rsvp = actionActivity(CHAIR, connector.url, 'rsvp', { conferenceId, rsvp: 'accepted' });
      const r = await post(JSON.stringify(rsvp), { ...json, authorization: `Bearer ${good}` });
      expect(r.status, r.text.slice(0, 300)).toBe(200);
      const card = JSON.parse(r.text);
      expect(card.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(card.value.body[0].text).toMatch(/^CPC-\d{4}-\d{4}: reply recorded$/);
      const conference = await (
        await fetch(`${url}/api/conferences/${conferenceId}`, { headers: { authorization: `Bearer ${API_KEY}` } })
      ).json();
      expect(conference.attendees.find((a: { role: string }) => a.role === 'chair').rsvp).toBe('accepted');
      // The same activity replayed from elsewhere with the token edited: refused, and the answer stands.
      count('/api/messages prod: signed tokens');
      expect(
        (
          await post(
            JSON.stringify({
              ...rsvp,
              value: { ...rsvp.value, action: { ...rsvp.value.action, data: { conferenceId, rsvp: 'declined' } } },
            }),
            { ...json, authorization: `Bearer ${edited({ aud: 'x' })}` },
          )
        ).status,
      ).toBe(401);
      const after = await redisState();
      expect([...after.keys()].filter((k) => !before.has(k)).some((k) => k.includes('teams:user'))).toBe(true);
      expect(oidc.requests).toContain('/v1/keys');

      expect(child.exitCode).toBeNull();
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      // Refusals are logged with a reason, never with the token.
      expect(output).toMatch(/bot request refused: not authenticated/);
      expect(output).not.toContain(s!);
    },
  );
});

describe('MICROSOFT_BOT_OPENID_METADATA_URL', () => {
  it('is https in production (http only on loopback), and moves only the channel keys: every other endpoint stays the public cloud’s', () => {
    const problems = (url: string) => {
      try {
        readConfig(productionEnv(url));
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems('http://keys.example.org/v1/.well-known/openidconfiguration').join('\n')).toMatch(
      /MICROSOFT_BOT_OPENID_METADATA_URL: must be https in production/,
    );
    expect(problems('https://keys.example.org/v1/.well-known/openidconfiguration')).toEqual([]);
    expect(problems('http://127.0.0.1:8080/v1/.well-known/openidconfiguration')).toEqual([]);
    expect(problems('not a url').join('\n')).toMatch(/MICROSOFT_BOT_OPENID_METADATA_URL: expected a URL/);
    const config = {
      NODE_ENV: 'production' as const,
      MICROSOFT_APP_TYPE: 'SingleTenant' as const,
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'p',
      MICROSOFT_APP_TENANT_ID: TENANT,
    };
    expect(botAuthSettings(config)).not.toHaveProperty('ToBotFromChannelOpenIdMetadataUrl');
    expect(
      botAuthSettings({ ...config, MICROSOFT_BOT_OPENID_METADATA_URL: 'https://keys.example.org/m' }),
    ).toMatchObject({
      ToBotFromChannelOpenIdMetadataUrl: 'https://keys.example.org/m',
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToBotFromEmulatorOpenIdMetadataUrl:
        'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      MicrosoftAppTenantId: TENANT,
    });
  });
});
