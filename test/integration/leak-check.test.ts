/**
 * Leak check: a whole conference driven through the running service (create with names, invites,
 * reminders and chasers, a report by inbound email, views, decision, approval, circulation,
 * follow-ups, close, export), then no child or family name may appear in any email subject or
 * preview line, any job payload, any Redis key, any raw Redis value (encryption at rest) or any
 * log line. Then the same for `npm run demo`'s outbox, timeline and log.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { byRole, create, decidedConference, extraAttendees, settle } from '../helpers/decision-flow.ts';
import { FIXTURE_FAMILY_NAMES } from '../helpers/fixtures.ts';
import { csrfOf, PageClient } from '../helpers/pages.ts';
import { DataCipher } from '../../src/infra/data-cipher.ts';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, sendInbound } from '../helpers/service.ts';

const NAMES: string[] = [...FIXTURE_FAMILY_NAMES];
/** Names are matched case-sensitively: ids and ciphertext are lower-case base-36 or base64. */
const ENVELOPE = /v[12]:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+/g;
const FAMILY_EMAIL = 'jade@family.example.com';

function leaks(where: string, texts: Iterable<string>, needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const t of texts)
    for (const n of needles)
      if (t.includes(n))
        found.push(`${where}: "${n}" in ${t.slice(Math.max(0, t.indexOf(n) - 60), t.indexOf(n) + 60)}`);
  return found;
}

async function scan(redis: Redis, pattern: string): Promise<string[]> {
  const out = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    for (const k of batch) out.add(k);
    cursor = next;
  } while (cursor !== '0');
  return [...out];
}

/** Every value as text; encrypted envelopes are replaced (their ciphertext is random base64). */
async function rawValues(redis: Redis, keys: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'string') out.push((await redis.getBuffer(key))?.toString('latin1') ?? '');
    // A file's binary envelope (`b1:`) is random bytes after its prefix.
    else if (type === 'hash')
      for (const [f, v] of Object.entries(await redis.hgetallBuffer(key)))
        out.push(
          `${key} ${f}=${DataCipher.isEnvelope(v) && v.subarray(0, 3).toString() === 'b1:' ? '<encrypted>' : v.toString('latin1')}`,
        );
    else if (type === 'stream')
      out.push(...(await redis.xrange(key, '-', '+')).map(([, f]) => `${key} ${f.join(' ')}`));
    else if (type === 'set') out.push(...(await redis.smembers(key)));
    else if (type === 'zset') out.push(...(await redis.zrange(key, 0, -1)));
    else if (type === 'list') out.push(...(await redis.lrange(key, 0, -1)));
  }
  return out.map((v) => v.replace(ENVELOPE, '<encrypted>'));
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('leak check', () => {
  it(
    'no child or family name in subjects, previews, job payloads, Redis keys or values, or logs across a whole conference',
    { timeout: 120_000 },
    async () => {
      const s = await startTestService({ RETENTION_DAYS: '1' });
      cleanups.push(() => s.stop());
      const base = hackneyInitialBody();
      const c = await create(s, { ...base, attendees: [...base.attendees, ...extraAttendees()] });
      await settle(s);
      const police = byRole(c, 'police');
      const request = s.smtp.messages.find(
        (m) => m.envelopeTo.includes(police.email!) && (m.parsed.subject ?? '').startsWith('Report request'),
      )!;
      expect(request, 'report request to the police').toBeTruthy();

      // Reminders fire; then the police report arrives by email, naming the family in every way it can.
      await s.advanceTo('2026-12-22T12:00');
      await sendInbound(s, {
        from: 'Pat Police <police@police.example.uk>',
        to: request.parsed.replyTo!.value[0]!.address!,
        subject: 'RE: report for Ruby Testfamily and Leo Testfamily',
        text: 'Report on Ruby Testfamily (born 2019-05-02) and Leo; mother Jade Testfamily, father Marcus Testfamily.',
        attachments: [
          {
            filename: 'Ruby-Testfamily-police-report.pdf',
            content: Buffer.from('%PDF-1.4 Ruby Testfamily'),
            contentType: 'application/pdf',
          },
        ],
      });
      // Chasers, overdue and escalation for the others; the meeting; views; the decision.
      await decidedConference(s, { conference: c });
      await s.advanceTo('2027-01-06T09:00');
      let state = (await s.api('GET', `/api/conferences/${c.id}`)).body.state;
      for (let i = 0; i < 100 && state !== 'follow-up'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = (await s.api('GET', `/api/conferences/${c.id}`)).body.state;
      }
      expect(state).toBe('follow-up');
      await s.advanceTo('2027-02-01T09:00'); // core group, minutes, record bundle
      expect((await s.api('POST', `/api/conferences/${c.id}/close`, { reason: 'Record complete' })).status).toBe(200);
      expect((await s.api('GET', `/api/conferences/${c.id}/export`)).status).toBe(200);

      const found: string[] = [];
      const steps = new Set<string>();
      // Email: every subject and preview line (the first line of the text part, which clients show).
      for (const m of s.smtp.messages) {
        const preview = (m.parsed.text ?? '').split('\n').find((l) => l.trim()) ?? '';
        found.push(
          ...leaks(`subject to ${m.envelopeTo}`, [m.parsed.subject ?? ''], NAMES),
          ...leaks(`preview to ${m.envelopeTo}`, [preview], NAMES),
        );
        found.push(...leaks('message-id', [m.parsed.messageId ?? ''], NAMES));
      }
      // Job payloads, Redis keys and raw values.
      const redis = new Redis(redisUrl());
      cleanups.push(async () => void (await redis.quit()));
      const jobKeys = (await scan(redis, `${s.prefix}-bull:workflow:*`)).filter(
        (k) => /:workflow:conf-/.test(k) && !/:(logs|lock)$/.test(k),
      );
      expect(jobKeys.length).toBeGreaterThan(20);
      for (const k of jobKeys) {
        const [data, name] = await redis.hmget(k, 'data', 'name');
        if (data === null || data === undefined) continue;
        steps.add(name ?? '');
        expect(Object.keys(JSON.parse(data)).sort()).toEqual(
          expect.arrayContaining(['conferenceId', 'runAt', 'step', 'version']),
        );
        found.push(...leaks(`job ${k}`, [data, name ?? ''], [...NAMES, '@'] as string[]));
      }
      const keys = await scan(redis, `${s.prefix}*`);
      found.push(...leaks('redis key', keys, [...NAMES, '@']));
      const values = await rawValues(redis, keys);
      expect(values.length).toBeGreaterThan(50);
      found.push(...leaks('redis value', values, [...NAMES, FAMILY_EMAIL, 'police@police.example.uk', '2019-05-02']));
      found.push(...leaks('log', s.logs, [...NAMES, FAMILY_EMAIL]));

      console.log(
        `leak check: ${s.smtp.messages.length} emails, ${jobKeys.length} jobs (${steps.size} steps), ${keys.length} Redis keys, ${values.length} raw values, ${s.logs.length} log lines searched for ${NAMES.length} names: ${found.length} found`,
      );
      expect(found).toEqual([]);
      for (const step of [
        'send-invites',
        'report-request',
        'report-reminder-1',
        'report-escalation',
        'circulate-decision',
      ])
        expect(steps, step).toContain(step);
    },
  );

  it(
    'a mail server refusal quoting the address: BullMQ keeps it encrypted and redacted, logs redact it, the failed-jobs list shows it redacted',
    { timeout: 60_000 },
    async () => {
      const s = await startTestService();
      cleanups.push(() => s.stop());
      // As Postfix words it, here with the display name too: both carry the family's name.
      s.smtp.refuseRecipient = (address) =>
        address === FAMILY_EMAIL
          ? `5.1.1 "Jade Testfamily" <${address}>: Recipient address rejected: User unknown in virtual mailbox table`
          : undefined;
      const c = await create(s, hackneyInitialBody());

      // The job sending to the family fails at once (refused for good) and stays in the failed list.
      type Failed = { id: string; conferenceId: string; attemptsMade: number; failedReason: string };
      let mine: Failed[];
      for (const deadline = Date.now() + 20_000; ;) {
        const failed = await s.api('GET', '/api/jobs/failed');
        mine = (failed.body as Failed[]).filter(
          (j) => j.conferenceId === c.id && /Recipient address rejected/.test(j.failedReason),
        );
        if (mine.length > 0) break;
        if (Date.now() > deadline) throw new Error(`no failed job yet: ${JSON.stringify(failed.body)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const job = mine[0]!;
      expect(job.attemptsMade).toBe(1); // refused for good (5xx): not retried
      expect(job.failedReason).toMatch(/550 5\.1\.1 \[name\] <\[email\]>: Recipient address rejected/);
      for (const n of [FAMILY_EMAIL, 'family.example.com', ...NAMES, 'v1:']) expect(job.failedReason).not.toContain(n);
      // The dashboard shows the same redacted reason.
      const client = new PageClient(s.url);
      const signIn = await client.get('/dashboard/sign-in');
      expect((await client.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) })).status).toBe(
        303,
      );
      const page = await client.get(`/dashboard/c/${c.id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Recipient address rejected');
      expect(page.text).toContain('[email]');
      expect(page.text).not.toContain(FAMILY_EMAIL);

      const redis = new Redis(redisUrl());
      cleanups.push(async () => void (await redis.quit()));
      // What BullMQ wrote for the job: the reason as an envelope, stacks without the message.
      const [failedReason, stacktrace] = await redis.hmget(
        `${s.prefix}-bull:workflow:${job.id}`,
        'failedReason',
        'stacktrace',
      );
      expect(failedReason).toMatch(/^v1:/);
      const stacks = JSON.parse(stacktrace ?? '[]') as string[];
      expect(stacks).toHaveLength(1);
      for (const st of stacks) expect(st).not.toMatch(/@|Recipient address rejected/);

      // Every key under the prefix, the BullMQ ones (`<prefix>-bull:*`: job hashes, lists, events stream) included.
      const keys = await scan(redis, `${s.prefix}*`);
      expect(keys.some((k) => k.startsWith(`${s.prefix}-bull:workflow:events`))).toBe(true);
      const values = await rawValues(redis, keys);
      const found = [
        ...leaks('redis key', keys, [...NAMES, '@']),
        ...leaks('redis value', values, [...NAMES, FAMILY_EMAIL, 'family.example.com', 'Recipient address rejected']),
        ...leaks('log', s.logs, [...NAMES, FAMILY_EMAIL, 'family.example.com']),
      ];
      expect(found).toEqual([]);
      // The log still says what happened, without the address.
      expect(
        s.logs.some((l) => l.includes('"email failed"') && l.includes('<[email]>: Recipient address rejected')),
      ).toBe(true);
      expect(s.logs.some((l) => l.includes('"job failed"') && l.includes('Recipient address rejected'))).toBe(true);
    },
  );

  it(
    'npm run demo: no child or family name in its outbox subjects and previews, its timeline or its log',
    { timeout: 120_000 },
    async () => {
      const { runDemo } = await import('../../scripts/demo.ts');
      const lines: string[] = [];
      const result = await runDemo({ write: (l) => lines.push(l) });
      cleanups.push(async () => rmSync(result.dataDir, { recursive: true, force: true }));
      const names = ['Demo Child', 'Younger', 'Parent One', 'Parent Two'];
      const files = readdirSync(result.outbox).filter((f) => f.endsWith('.eml'));
      expect(files.length).toBeGreaterThan(20);
      const found: string[] = [];
      for (const f of files) {
        const mail = await simpleParser(readFileSync(path.join(result.outbox, f)));
        const preview = (mail.text ?? '').split('\n').find((l) => l.trim()) ?? '';
        found.push(...leaks(`outbox ${f}`, [mail.subject ?? '', preview, f], names));
      }
      found.push(...leaks('demo output', lines, names));
      const log = path.join(result.dataDir, 'demo.log');
      const logLines = readFileSync(log, 'utf8').split('\n');
      found.push(...leaks('demo log', logLines, names));
      console.log(
        `leak check (demo): ${files.length} outbox emails, ${lines.length} output lines, ${logLines.length} log lines: ${found.length} found`,
      );
      expect(found).toEqual([]);
    },
  );
});
