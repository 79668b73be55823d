/**
 * Bad input at every entry point: random JSON, wrong types, oversized and deeply nested bodies,
 * prototype-pollution keys, malformed Bot Framework activities, malformed MIME, broken iTIP
 * replies, an attachment over the limit, random policy files, random environments and random job
 * payloads. Each gets a clear error (naming the field where there is one), nothing answers 500 or
 * crashes, and stored state is unchanged (GET before and after). Prints how many inputs each tried.
 * Teams card submits have their own file (bad-input-teams-cards.test.ts), and so does the bot
 * endpoint with production's JWT check (bad-input-bot-auth.test.ts).
 */
import fc from 'fast-check';
import { UnrecoverableError, type Job } from 'bullmq';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { parsePolicy } from '../../src/domain/policy/load-policy.ts';
import { silentLogger } from '../../src/infra/logger.ts';
import { createProcessor } from '../../jobs/worker.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

// A fixed seed keeps CI reproducible; FC_SEED=random explores new inputs (and prints the seed of any failure).
if (process.env.FC_SEED !== 'random') fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 60);
const tried: Record<string, number> = {};
const count = (entry: string, n = 1) => (tried[entry] = (tried[entry] ?? 0) + n);

let s: TestService;
let id: string;
let snapshot: () => Promise<string>;
beforeAll(async () => {
  s = await startTestService({
    API_RATE_LIMIT_BURST: '100000',
    API_RATE_LIMIT_PER_MINUTE: '1000000',
    INBOUND_SENDER_BURST: '10000',
    INBOUND_GLOBAL_BURST: '1000000',
  });
  const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
  expect(created.status).toBe(201);
  id = created.body.id;
  await s.advanceTo('2026-12-02T09:00');
  // Everything a coordinator can see, minus what moves by itself (nothing does: the clock is simulated).
  snapshot = async () =>
    JSON.stringify([
      (await s.api('GET', `/api/conferences/${id}`)).body,
      (await s.api('GET', '/api/conferences')).body,
    ]);
}, 60_000);
afterAll(async () => {
  const lines = Object.entries(tried).map(([k, v]) => `  ${k.padEnd(34)} ${v}`);
  console.log(
    `bad-input suite: inputs tried per entry point\n${lines.join('\n')}\n  total ${Object.values(tried).reduce((a, b) => a + b, 0)}`,
  );
  await s?.stop();
});

const CLIENT_ERRORS = new Set([400, 404, 409, 413, 415]);
const hostileKeys = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '__defineGetter__',
  'hasOwnProperty',
);
const hostileObject = fc.dictionary(fc.oneof(hostileKeys, fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 6,
});
const anyBody = fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileObject, fc.string({ maxLength: 200 }));

async function post(path: string, body: unknown, raw = false): Promise<{ status: number; body: any }> {
  const r = await fetch(s.url + path, {
    method: 'POST',
    headers: { authorization: 'Bearer test-coordinator-key-0123456789', 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: parsed };
}

function expectClientError(r: { status: number; body: any }, what: string): void {
  expect(CLIENT_ERRORS.has(r.status), `${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`).toBe(true);
  expect(typeof r.body?.message, `${what}: a message a person can act on`).toBe('string');
  if (r.status === 400 && r.body.error === 'validation') expect(r.body.issues.length, what).toBeGreaterThan(0);
}

describe('coordinator API', () => {
  const routes = [
    '/api/conferences',
    `/reschedule`,
    `/postpone`,
    `/cancel`,
    `/views`,
    `/decision`,
    `/checklist`,
    `/attendance`,
    `/exclusions`,
    `/close`,
    `/pre-meeting-slots`,
    `/family-attendee-list`,
    `/start-bogus`,
  ];
  it(
    'random JSON, hostile keys and strings to every write route: 4xx with a message, state unchanged',
    { timeout: 120_000 },
    async () => {
      const before = await snapshot();
      const existing = (await s.api('GET', '/api/conferences')).body.length;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), anyBody, async (route, body) => {
          const path = route.startsWith('/api') ? route : `/api/conferences/${id}${route}`;
          count('api: random bodies');
          const r = await post(path, body);
          if (route === '/api/conferences' && r.status === 201)
            throw new Error(`random body created a conference: ${JSON.stringify(body)}`);
          expectClientError(r, `${path} ${JSON.stringify(body).slice(0, 200)}`);
        }),
        { numRuns: RUNS * 4 },
      );
      expect(await snapshot()).toBe(before);
      expect((await s.api('GET', '/api/conferences')).body).toHaveLength(existing);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    },
  );

  it('wrong types in a valid create body name the field', { timeout: 60_000 }, async () => {
    const valid = hackneyInitialBody() as Record<string, unknown>;
    const fields = Object.keys(valid);
    const wrong = fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.string({ maxLength: 5 }),
      fc.object({ maxDepth: 1 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), wrong, async (field, value) => {
        count('api: wrong types');
        const r = await post('/api/conferences', { ...valid, [field]: value });
        if (r.status === 201) return; // a value of the right type by chance (e.g. a string for a free-text field)
        expectClientError(r, `${field}=${JSON.stringify(value)}`);
        expect(r.body.issues.map((i: any) => i.field).join(' '), `${field}=${JSON.stringify(value)}`).toContain(field);
      }),
      { numRuns: RUNS },
    );
  });

  it('a missing field is called "required", named, and changes nothing', { timeout: 60_000 }, async () => {
    const before = await snapshot();
    const { kind: _kind, ...noKind } = hackneyInitialBody() as Record<string, unknown>;
    const r = await post('/api/conferences', noKind);
    expect(r.status).toBe(400);
    expect(r.body.issues).toContainEqual({
      field: 'kind',
      message: 'required: expected one of "initial"|"review"|"pre-birth"|"transfer-in"',
    });
    expect(await snapshot()).toBe(before);
  });

  it(
    "a conference with no mode takes the policy's own first mode (Hampshire meets in person)",
    { timeout: 60_000 },
    async () => {
      const { mode: _mode, ...body } = hackneyInitialBody({
        policy: 'hampshire',
        venue: 'Civic Offices, Room 2',
      }) as Record<string, unknown>;
      const attendees = (body['attendees'] as Record<string, unknown>[]).map((a) =>
        ['social-worker', 'professional', 'police'].includes(a['role'] as string)
          ? { ...a, managerEmail: a['managerEmail'] ?? 'manager@example.gov.uk' }
          : a,
      );
      const r = await post('/api/conferences', { ...body, attendees });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect((await s.api('GET', `/api/conferences/${r.body.id}`)).body.mode).toBe('in-person');
      await s.idle(); // its invitations go out now, not during the next test's before-and-after
    },
  );

  it(
    'a 2 MB body, 10,000-deep nesting, broken JSON, the wrong content type, __proto__ pollution',
    { timeout: 60_000 },
    async () => {
      const before = await snapshot();
      const cases: [string, string, number[]][] = [
        ['2 MB body', JSON.stringify({ ...hackneyInitialBody(), venue: 'x'.repeat(2 * 1024 * 1024) }), [413]],
        ['deep nesting', '['.repeat(10_000) + ']'.repeat(10_000), [400]],
        ['deep object', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000), [400]],
        ['broken JSON', '{"policy": "hackney",', [400]],
        [
          'proto pollution',
          '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "policy": "hackney"}',
          [400],
        ],
        ['NUL bytes', JSON.stringify({ ...hackneyInitialBody(), venue: '\u0000\u0000' }), [400, 201]],
      ];
      for (const [what, body, statuses] of cases) {
        count('api: oversized/nested/hostile');
        const r = await post('/api/conferences', body, true);
        expect(statuses, `${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`).toContain(r.status);
        if (r.status === 201)
          await s.api('POST', `/api/conferences/${r.body.id}/cancel`, { reason: 'test', requestedBy: 'coordinator' });
        else expect(typeof r.body.message).toBe('string');
      }
      const wrongType = await fetch(`${s.url}/api/conferences/${id}/cancel`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-coordinator-key-0123456789', 'content-type': 'text/plain' },
        body: 'cancel it',
      });
      count('api: oversized/nested/hostile');
      expect(wrongType.status).toBe(400);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(JSON.parse(await snapshot())[0]).toEqual(JSON.parse(before)[0]);
    },
  );
});

describe('/api/messages (Teams bot endpoint)', () => {
  it('malformed activities get a 4xx, never a 500, and change nothing', { timeout: 60_000 }, async () => {
    const before = await snapshot();
    const activity = fc.record(
      {
        type: fc.oneof(
          fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate'),
          fc.string({ maxLength: 10 }),
          fc.integer(),
        ),
        text: fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.constant(null)),
        value: fc.oneof(hostileObject, fc.jsonValue({ maxDepth: 2 })),
        from: fc.oneof(fc.record({ id: fc.string({ maxLength: 10 }) }), fc.string(), fc.constant(null)),
        conversation: fc.oneof(fc.record({ id: fc.string({ maxLength: 10 }) }), fc.integer()),
        channelId: fc.constantFrom('msteams', 'emulator', ''),
        // Never a real host: the anonymous development bot would try to answer there.
        serviceUrl: fc.constantFrom('http://127.0.0.1:9/', 'not a url', ''),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(activity, anyBody), async (body) => {
        count('/api/messages');
        const r = await fetch(`${s.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        // 501 is the Bot Framework's answer to an invoke no handler claims: an answer, not a failure.
        expect(r.status < 500 || r.status === 501, `${JSON.stringify(body).slice(0, 200)} → ${r.status}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(await snapshot()).toBe(before);
  });
});

describe('inbound email', () => {
  async function sendRaw(raw: string | Buffer, to = 'reports@example.gov.uk'): Promise<{ ok: boolean; code?: number }> {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: s.rt.inbound!.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({ envelope: { from: 'someone@example.org', to: [to] }, raw });
      return { ok: true };
    } catch (err) {
      return { ok: false, code: (err as { responseCode?: number }).responseCode };
    } finally {
      transport.close();
    }
  }

  it(
    'malformed MIME, broken iTIP replies and an attachment over the limit: refused or filed for the coordinator, state unchanged',
    { timeout: 120_000 },
    async () => {
      const before = await snapshot();
      const header = fc.tuple(
        fc.constantFrom(
          'Content-Type',
          'Content-Transfer-Encoding',
          'MIME-Version',
          'From',
          'To',
          'Subject',
          'X-Junk',
          'Content-Disposition',
        ),
        fc.string({ maxLength: 60 }),
      );
      const mime = fc
        .tuple(
          fc.array(header, { maxLength: 6 }),
          fc.string({ maxLength: 400 }),
          fc.constantFrom('', 'multipart/mixed; boundary="b"', 'multipart/alternative', 'text/calendar; method=REPLY'),
        )
        .map(
          ([hs, body, ct]) =>
            `${hs.map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, ' ')}`).join('\r\n')}${ct ? `\r\nContent-Type: ${ct}` : ''}\r\n\r\n${ct.startsWith('multipart') ? `--b\r\n${body}\r\n--b` : body}`,
        );
      await fc.assert(
        fc.asyncProperty(mime, async (raw) => {
          count('inbound email: malformed MIME');
          const r = await sendRaw(raw);
          if (!r.ok) expect([451, 550, 552, 554], String(r.code)).toContain(r.code);
        }),
        { numRuns: RUNS },
      );
      const ics = fc.oneof(
        fc.string({ maxLength: 300 }),
        fc
          .tuple(
            fc.string({ maxLength: 40 }),
            fc.string({ maxLength: 40 }),
            fc.constantFrom('ACCEPTED', 'DECLINED', 'MAYBE', '', 'x'),
          )
          .map(
            ([uid, attendee, st]) =>
              `BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:${uid.replace(/\s/g, '')}\r\nATTENDEE;PARTSTAT=${st}:mailto:${attendee.replace(/\s/g, '')}\r\nSEQUENCE:${uid.length}\r\nEND:VEVENT\r\n`,
          ),
      );
      await fc.assert(
        fc.asyncProperty(ics, async (body) => {
          count('inbound email: broken iTIP REPLY');
          const raw = `From: someone@example.org\r\nTo: reports@example.gov.uk\r\nSubject: Accepted\r\nMIME-Version: 1.0\r\nContent-Type: text/calendar; method=REPLY; charset=utf-8\r\n\r\n${body}`;
          const r = await sendRaw(raw);
          if (!r.ok) expect([451, 554], String(r.code)).toContain(r.code);
        }),
        { numRuns: RUNS },
      );
      count('inbound email: over the size limit');
      const huge = `From: someone@example.org\r\nTo: reports@example.gov.uk\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(
        19 * 1024 * 1024 + 512 * 1024,
        7,
      )
        .toString('base64')
        .replace(/.{76}/g, '$&\r\n')}`;
      const big = await sendRaw(huge);
      expect(big).toEqual({ ok: false, code: 552 });
      // Still taking mail afterwards: nothing crashed.
      expect((await sendRaw('From: a@example.org\r\nSubject: hello\r\n\r\nhello')).ok).toBe(true);
      expect(await snapshot()).toBe(before);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    },
  );
});

describe('policy files, environment, job payloads', () => {
  it('parsePolicy: random YAML and JSON throw a ValidationError naming the field, nothing else', () => {
    const yamlish = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .dictionary(
          fc.constantFrom('id', 'name', 'extends', 'reports', 'circulation', 'timescales', 'sender', '__proto__', 'x'),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .map((o) => JSON.stringify(o)),
      fc.constantFrom(
        '&a [*a, *a]',
        '!!js/function "x"',
        'a: &x\n  b: *x',
        '- - - -',
        ': :',
        'extends: hackney\nid: hackney',
        'extends: nope\nid: x',
        '{'.repeat(2000),
      ),
    );
    fc.assert(
      fc.property(yamlish, fc.constantFrom('yaml' as const, 'json' as const), (text, format) => {
        count('policy files');
        try {
          parsePolicy(text, format, 'random.yaml');
        } catch (err) {
          expect(err, String(err)).toBeInstanceOf(ValidationError);
          expect((err as ValidationError).issues.length).toBeGreaterThan(0);
          expect((err as ValidationError).issues[0]!.field).toBeTruthy();
        }
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('readConfig: random values throw ConfigError naming the variable, never anything else', () => {
    const names = [
      'NODE_ENV',
      'PORT',
      'PUBLIC_BASE_URL',
      'REDIS_URL',
      'REDIS_PREFIX',
      'COORDINATOR_API_KEY',
      'LINK_SECRET',
      'COORDINATOR_EMAIL',
      'SMTP_URL',
      'SMTP_REQUIRE_TLS',
      'INBOUND_SMTP_PORT',
      'MEETING_PROVIDER',
      'SIMULATED_CLOCK',
      'SIMULATED_START',
      'WORKERS',
      'JOB_ATTEMPTS',
      'JOB_LOCK_MS',
      'WORKER_CONCURRENCY',
      'SEND_LEASE_MS',
      'DATA_ENCRYPTION_KEY',
      'RETENTION_DAYS',
      'API_RATE_LIMIT_BURST',
      'OIDC_ISSUER',
      'LOG_LEVEL',
      'INBOUND_MODE',
      'GRAPH_INBOUND_MAILBOX',
      'GRAPH_INBOUND_POLL_SECONDS',
    ];
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer().map(String),
      fc.constantFrom('', ' ', '-1', '1e9', 'NaN', 'true', 'https://x', 'redis://', '\u0000', '99999999999999999999'),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 5 }), (env) => {
        count('env vars');
        try {
          readConfig(env);
        } catch (err) {
          expect(err, String(err)).toBeInstanceOf(ConfigError);
          for (const p of (err as ConfigError).problems) expect(p, p).toMatch(/^[A-Z_, ]+:/);
        }
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('createProcessor: random job data fails with UnrecoverableError naming the field and never reaches a step', async () => {
    let handled = 0;
    const processor = createProcessor(async () => void handled++, silentLogger);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          hostileObject,
          fc.record(
            { conferenceId: fc.string(), version: fc.integer(), step: fc.string(), runAt: fc.string() },
            { requiredKeys: [] },
          ),
        ),
        async (data) => {
          count('job payloads');
          const err = await processor({ id: 'x', data } as Job).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(err, JSON.stringify(data)).toBeInstanceOf(UnrecoverableError);
          expect((err as Error).message).toMatch(/invalid job payload: \S+/);
        },
      ),
      { numRuns: RUNS * 5 },
    );
    expect(handled).toBe(0);
  });
});
