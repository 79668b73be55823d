/**
 * The web door under attack, against a running service: each attack is replayed over real HTTP and
 * the test asserts what the attacker gets back and that nothing in the store changed.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { currentReplyAddress } from '../../src/app/credentials/reply-token.ts';
import { csrfOf, linkPath, PageClient } from '../helpers/pages.ts';
import { startTeamsHarness, USERS } from '../helpers/teams-harness.ts';
import { redisUrl } from '../helpers/redis.ts';
import { pastedReport } from '../helpers/fixtures.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';

let svc: TestService;
let redis: Redis;
let conferenceId: string;

beforeAll(async () => {
  svc = await startTestService();
  redis = new Redis(redisUrl());
  const created = await svc.api('POST', '/api/conferences', hackneyInitialBody());
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  conferenceId = created.body.id;
  await svc.idle();
}, 60_000);

afterAll(async () => {
  await svc?.stop();
  await redis?.quit();
});

/**
 * What the service keeps (conferences, audit, blobs, ledger), key by key. Left out: rate-limit
 * buckets, dashboard sessions, the Teams user directory (refreshed on every activity) and BullMQ's
 * own bookkeeping, which move with every request or tick.
 */
async function storedState(service = svc): Promise<Map<string, string>> {
  await service.idle();
  const state = new Map<string, string>();
  for (const key of (await service.redisKeys()).sort()) {
    if (/:ratelimit:|:session:|:teams:user:|-bull:/.test(key)) continue;
    state.set(
      key,
      createHash('sha256')
        .update((await redis.dumpBuffer(key)) ?? '')
        .digest('hex'),
    );
  }
  return state;
}

/** Runs an attack and asserts the stored state is exactly as before. */
async function unchangedBy<T>(attack: () => Promise<T>, service = svc): Promise<T> {
  const before = await storedState(service);
  const result = await attack();
  expect(await storedState(service)).toEqual(before);
  return result;
}

/** A raw HTTP request, so the path reaches the server exactly as written (fetch would normalise it). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; text: string }> {
  const url = new URL(svc.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the /api key is checked on everything but exactly POST /api/messages', () => {
  const cancel = JSON.stringify({ reason: 'attack', requestedBy: 'attacker' });

  it.each([
    ['GET', '/api/messages'],
    ['POST', '/api/messages-x'],
    ['POST', '/api/messages/'],
    ['POST', '/api/messagesx/../conferences'],
    ['GET', '/api/messages/../conferences'],
    ['POST', '/api/messages/x'],
    ['POST', '/api/messages%2f..%2fconferences'],
  ])('%s %s without the key: 401, nothing changed', async (method, path) => {
    const r = await unchangedBy(() => raw(method, path, {}, method === 'POST' ? '{"type":"message"}' : undefined));
    expect(r.status, r.text).toBe(401);
    expect(JSON.parse(r.text)).toMatchObject({ error: 'unauthorised' });
  });

  it('a coordinator route reached through a /messages-looking path still needs the key (cancel stays refused)', async () => {
    const r = await unchangedBy(() => raw('POST', `/api/messages/../conferences/${conferenceId}/cancel`, {}, cancel));
    expect(r.status).toBe(401);
    expect((await svc.api('GET', `/api/conferences/${conferenceId}`)).body.state).not.toBe('cancelled');
  });

  it('POST /api/messages itself needs no coordinator key (the Bot Framework token guards it)', async () => {
    const r = await raw('POST', '/api/messages', {}, '[]');
    // Past the key check, refused by the bot endpoint's own shape check.
    expect(r.status, r.text).toBe(400);
    expect(r.text).toMatch(/Invalid activity/);
  });
});

describe('X-Forwarded-For is not believed unless TRUST_PROXY names the proxy', () => {
  /** Requests from this test, each claiming a different client address, until refused. */
  async function untilRefused(url: string, max: number): Promise<number> {
    for (let i = 1; i <= max; i++) {
      const res = await fetch(`${url}/api/policies`, {
        headers: { authorization: `Bearer ${TEST_API_KEY}`, 'x-forwarded-for': `203.0.113.${i}` },
      });
      if (res.status === 429) return i;
      expect(res.status).toBe(200);
    }
    return 0;
  }

  it('by default (even on loopback) a forged X-Forwarded-For does not buy a fresh rate-limit bucket', async () => {
    const small = await startTestService({ API_RATE_LIMIT_BURST: '3', API_RATE_LIMIT_PER_MINUTE: '1' });
    try {
      expect(await untilRefused(small.url, 6)).toBe(4);
    } finally {
      await small.stop();
    }
  });

  it('with TRUST_PROXY naming the proxy, each forwarded client has its own bucket', async () => {
    const behindProxy = await startTestService({
      API_RATE_LIMIT_BURST: '3',
      API_RATE_LIMIT_PER_MINUTE: '1',
      TRUST_PROXY: '127.0.0.1,::1',
    });
    try {
      expect(await untilRefused(behindProxy.url, 6)).toBe(0);
    } finally {
      await behindProxy.stop();
    }
  });

  it('the sign-in log names the connecting address, not the claimed one', async () => {
    const client = new PageClient(svc.url);
    const form = await client.get('/dashboard/sign-in');
    const res = await fetch(`${svc.url}/dashboard/sign-in`, {
      method: 'POST',
      headers: {
        cookie: `cpc_csrf=${client.cookies.get('cpc_csrf')}`,
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': '198.51.100.77',
      },
      body: new URLSearchParams({ key: 'wrong-key-wrong-key', _csrf: csrfOf(form.text) }),
      redirect: 'manual',
    });
    expect(res.status).toBe(401);
    const line = svc.logs.filter((l) => l.includes('dashboard sign-in refused')).at(-1) ?? '';
    expect(line).toMatch(/"ip":"(::ffff:)?127\.0\.0\.1"/);
    expect(svc.logs.join('\n')).not.toContain('198.51.100.77');
  });
});

describe('dashboard sessions end on sign-out', () => {
  it('a session cookie replayed after sign-out is refused, and its forms change nothing', async () => {
    const client = new PageClient(svc.url);
    const form = await client.get('/dashboard/sign-in');
    expect((await client.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(form.text) })).status).toBe(303);
    const stolen = client.cookies.get('cpc_session')!;
    // The cookie is a bare random id: nothing in it to read or forge, and Redis does not hold it.
    expect(stolen).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await svc.redisKeys()).some((k) => k.includes(stolen))).toBe(false);

    const page = await client.get(`/dashboard/c/${conferenceId}`);
    expect(page.status).toBe(200);
    const revoke = /action="(\/dashboard\/c\/[^"]+\/revoke-links)"/.exec(page.text)?.[1];
    expect(revoke, 'the conference page offers revoking links').toBeDefined();
    const csrf = csrfOf(page.text);

    const out = await client.post('/dashboard/sign-out', { _csrf: csrf });
    expect(out.status).toBe(303);
    expect(out.location).toBe('/dashboard/sign-in');

    // The attacker kept a copy of the cookie (and of the CSRF cookie and a form token).
    const replay = new PageClient(svc.url);
    replay.cookies.set('cpc_session', stolen);
    replay.cookies.set('cpc_csrf', client.cookies.get('cpc_csrf')!);
    const list = await replay.get('/dashboard');
    expect(list.status).toBe(303);
    expect(list.location).toBe('/dashboard/sign-in');
    expect((await replay.get(`/dashboard/c/${conferenceId}`)).status).toBe(303);
    const acted = await unchangedBy(() => replay.post(revoke!, { _csrf: csrf }));
    expect(acted.status).toBe(401);
    expect(acted.text).toBe('Sign in first.');
  });

  it('signing out ends only that session; another sign-in still works', async () => {
    const sign = async () => {
      const c = new PageClient(svc.url);
      const f = await c.get('/dashboard/sign-in');
      await c.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(f.text) });
      return c;
    };
    const a = await sign();
    const b = await sign();
    const page = await a.get('/dashboard');
    expect((await a.post('/dashboard/sign-out', { _csrf: csrfOf(page.text) })).status).toBe(303);
    expect((await b.get('/dashboard')).status).toBe(200);
  });
});

describe('invisible text-direction characters are refused at every door, naming the field', () => {
  const RLO = '\u202E'; // right-to-left override: "Ruby\u202Eyburuh" shows as "Rubyhurubuy"
  const cases: [string, string][] = [
    ['U+202A', '\u202A'],
    ['U+202E', RLO],
    ['U+2066', '\u2066'],
    ['U+2069', '\u2069'],
    ['U+200E', '\u200E'],
    ['U+200F', '\u200F'],
    ['U+061C', '\u061C'],
  ];

  it.each(cases)(
    "API: a child's name holding %s is refused with the field named, no conference created",
    async (code, ch) => {
      const before = (await svc.api('GET', '/api/conferences')).body.length;
      const body = hackneyInitialBody();
      body.children[0]!.firstName = `Ruby${ch}ydur`;
      const r = await unchangedBy(() => svc.api('POST', '/api/conferences', body));
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([{ field: 'children.0.firstName', message: expect.stringContaining(code) }]);
      expect((await svc.api('GET', '/api/conferences')).body.length).toBe(before);
    },
  );

  it('API: names and free text anywhere in a body (attendee name, agency, venue, cancel reason)', async () => {
    const body = hackneyInitialBody({ mode: 'in-person', venue: `Town Hall${RLO}` });
    body.attendees[1]!.name = `Sam\u2067Social`;
    body.attendees[2]!.agency = `Health\u200Fvisiting`;
    const r = await unchangedBy(() => svc.api('POST', '/api/conferences', body));
    expect(r.status).toBe(400);
    expect(r.body.issues.map((i: { field: string }) => i.field).sort()).toEqual([
      'attendees.1.name',
      'attendees.2.agency',
      'venue',
    ]);

    const cancel = await unchangedBy(() =>
      svc.api('POST', `/api/conferences/${conferenceId}/cancel`, { reason: `Moved${RLO}`, requestedBy: 'coordinator' }),
    );
    expect(cancel.status).toBe(400);
    expect(cancel.body.issues).toEqual([
      { field: 'reason', message: expect.stringMatching(/invisible text-direction character \(U\+202E\)/) },
    ]);
    expect((await svc.api('GET', `/api/conferences/${conferenceId}`)).body.state).not.toBe('cancelled');
  });

  it('web page: a report whose text or signer holds one is refused on the page, nothing recorded', async () => {
    const client = new PageClient(svc.url);
    const path = await linkPath(svc, conferenceId, 'a4', 'report');
    const page = await client.get(path);
    expect(page.status).toBe(200);
    const post = (fields: Record<string, string>, file?: { name: string }) => {
      const form = new FormData();
      form.set('_csrf', csrfOf(page.text));
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      if (file) form.set('file', new Blob(['%PDF-1.4 report'], { type: 'application/pdf' }), file.name);
      return client.request('POST', path, form);
    };
    const text = await unchangedBy(() => post({ text: `Concerns${RLO}sdrawkcab` }));
    expect(text.status).toBe(400);
    expect(text.text).toMatch(/invisible text-direction character \(U\+202E\)/);
    const signer = await unchangedBy(() => post({ text: 'Concerns', signedBy: `Pat${RLO}eciloP` }));
    expect(signer.status).toBe(400);
    expect(signer.text).toMatch(/This contains an invisible text-direction character \(U\+202E\)/);
    expect((await svc.rt.deps.store.get(conferenceId))!.reports['a4']!.status).not.toBe('received');
  });

  it('email: a report whose text holds one is not filed; its author and the coordinator are told why (the content is not forwarded)', async () => {
    const to = currentReplyAddress(svc.rt.deps, (await svc.rt.deps.store.get(conferenceId))!, 'a4');
    const mail = nodemailer.createTransport({
      host: '127.0.0.1',
      port: svc.rt.inbound!.port,
      secure: false,
      ignoreTLS: true,
    });
    const seen = svc.smtp.messages.length;
    // Nothing changes but the send ledger, which records the two notices.
    const notLedger = (m: Map<string, string>) => [...m].filter(([k]) => !k.endsWith(':ledger'));
    const before = notLedger(await storedState());
    await mail.sendMail({
      from: 'police@police.example.uk',
      to,
      subject: 'Report',
      text: pastedReport(`Police report${RLO}tneserp`),
    });
    expect(notLedger(await storedState())).toEqual(before);
    await svc.smtp.waitFor(seen + 2);
    const reference = (await svc.rt.deps.store.get(conferenceId))!.reference;
    const told = svc.smtp.messages.slice(seen).find((m) => m.envelopeTo.includes('coordinator@example.gov.uk'));
    expect(told?.parsed.subject).toBe(`${reference}: a reply was not filed`);
    expect(told?.parsed.text).toMatch(/text: contains an invisible text-direction character \(U\+202E\)/);
    expect(told?.parsed.attachments).toEqual([]);
    const author = svc.smtp.messages.slice(seen).find((m) => m.envelopeTo.includes('police@police.example.uk'));
    expect(author?.parsed.subject).toBe(`Report not filed for ${reference}`);
    expect(author?.parsed.text).toContain('- contains an invisible text-direction character (U+202E)');
    expect(author?.parsed.text).not.toContain('tneserp');
    expect((await svc.rt.deps.store.get(conferenceId))!.reports['a4']!.status).not.toBe('received');
  });

  it("Teams card: a deputy's name holding one is refused on the card, the answer not recorded", async () => {
    const h = await startTeamsHarness();
    try {
      const card = await unchangedBy(
        () =>
          h.act(USERS.sw, 'cant-attend', {
            conferenceId: h.conferenceId,
            deputyName: `Dee${RLO}ytup`,
            deputyEmail: 'dee.puty@example.gov.uk',
          }),
        h.s,
      );
      const shown = JSON.stringify(card);
      expect(shown).toContain('deputyName');
      expect(shown).toMatch(/invisible text-direction character \(U\+202E\)/);
      expect((await h.conference()).attendees.find((a) => a.id === 'a2')!.rsvp).not.toBe('declined');
    } finally {
      await h.stop();
    }
  });
});
