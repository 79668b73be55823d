/**
 * Data protection: encryption at rest (what Redis holds carries no names, emails or report text,
 * and reads back whole), record export as JSON and PDF, subject access, close, retention with its
 * purge log, security headers and the API rate limit, and production's refusals.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ConversationReferenceStore, hashEmail } from '../../src/channels/teams/reference-store.ts';
import { ConfigError, readConfig } from '../../src/config.ts';
import { DataCipher, DecryptionError, parseDataKey } from '../../src/infra/data-cipher.ts';
import { RedisConferenceStore } from '../../src/storage/redis-store.ts';
import { makeConference } from '../helpers/fixtures.ts';
import { testRedis, withoutSealed } from '../helpers/redis.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';
import { PageClient, csrfOf } from '../helpers/pages.ts';
import { pdfText } from '../helpers/pdf-text.ts';

const start = startedServices();

/** Every value under the prefix, as raw bytes turned to text (strings, hashes, streams, sets, zsets). */
export async function rawValues(redis: Redis, keys: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    // A binary envelope (`b1:`: files, list summaries, folded audit entries; `+b1:` an audit entry
    // not yet folded): random bytes after its prefix, which may hold any character.
    const shown = (v: Buffer) => {
      const text = v.toString('latin1');
      const sealed = /^\+?b1:/.exec(text.slice(0, 4));
      return sealed ? `${sealed[0]}<encrypted>` : text;
    };
    if (type === 'string') out.push(shown((await redis.getBuffer(key)) ?? Buffer.alloc(0)));
    else if (type === 'hash')
      out.push(...Object.entries(await redis.hgetallBuffer(key)).map(([k, v]) => `${k}=${shown(v)}`));
    else if (type === 'stream') out.push(...(await redis.xrange(key, '-', '+')).map(([, f]) => f.join(' ')));
    else if (type === 'set') out.push(...(await redis.smembers(key)));
    else if (type === 'zset') out.push(...(await redis.zrange(key, 0, -1)));
    else if (type === 'list') out.push(...(await redis.lrangeBuffer(key, 0, -1)).map(shown));
  }
  return out;
}

describe('encryption at rest', () => {
  const key = randomBytes(32);
  it('round-trips, reads legacy plain values and refuses a tampered value or the wrong key', () => {
    const c = new DataCipher(key);
    const env = c.encrypt('{"name":"Ruby"}');
    expect(env).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(env).not.toContain('Ruby');
    expect(c.encrypt('same')).not.toBe(c.encrypt('same')); // random IV
    expect(c.decrypt(env)).toBe('{"name":"Ruby"}');
    expect(c.decrypt('{"legacy":true}')).toBe('{"legacy":true}');
    const parts = env.split(':');
    const body = Buffer.from(parts[3]!, 'base64');
    body[0] = body[0]! ^ 0xff; // flip the first byte (setting it to a fixed value left it unchanged 1 time in 256)
    const tampered = [...parts.slice(0, 3), body.toString('base64')].join(':');
    expect(() => c.decrypt(tampered)).toThrow(DecryptionError);
    expect(() => new DataCipher(randomBytes(32)).decrypt(env)).toThrow(DecryptionError);
    // The compact forms: the conference deflated then encrypted (`v2:`), files as raw bytes (`b1:`).
    const json = JSON.stringify({ name: 'Ruby', notes: Array.from({ length: 50 }, () => 'Ruby Testfamily attended') });
    const compact = c.encrypt(json, { compact: true });
    expect(compact).toMatch(/^v2:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(compact.length).toBeLessThan(json.length / 4);
    expect(c.decrypt(compact)).toBe(json);
    expect(c.encrypt('{"a":1}', { compact: true })).toMatch(/^v1:/); // too short to gain from deflating
    const pdf = Buffer.from('%PDF-1.7 Ruby Testfamily');
    const binary = c.encryptBinary(pdf);
    expect(binary.subarray(0, 3).toString()).toBe('b1:');
    expect(binary.length).toBe(3 + 12 + 16 + pdf.length);
    expect(binary.toString('latin1')).not.toContain('Ruby');
    expect(c.decryptBuffer(binary)).toEqual(pdf);
    const flipped = Buffer.from(binary);
    flipped[binary.length - 1] = flipped[binary.length - 1]! ^ 0xff;
    expect(() => c.decryptBuffer(flipped)).toThrow(DecryptionError);
    expect(() => new DataCipher(randomBytes(32)).decryptBuffer(compact)).toThrow(DecryptionError);
    expect(parseDataKey(key.toString('hex'))).toEqual(key);
    expect(parseDataKey(key.toString('base64'))).toEqual(key);
    expect(parseDataKey('short')).toBeUndefined();
  });

  it('keeps names, dates of birth, contact details, report text and audit details out of raw Redis values', async () => {
    const t = testRedis();
    try {
      const clock = { now: () => new Date('2027-01-01T09:00:00Z') };
      const plainStore = new RedisConferenceStore({ redis: t.redis, prefix: t.prefix, clock });
      const legacy = makeConference({ id: 'legacy000001', reference: 'CPC-2027-9001' });
      await plainStore.create(legacy); // written before encryption was switched on
      await plainStore.close();
      const store = new RedisConferenceStore({
        redis: t.redis,
        prefix: t.prefix,
        clock,
        cipher: new DataCipher(key),
        indexSecret: key,
      });
      const c = makeConference({ id: 'secret000001', reference: 'CPC-2027-9002' });
      await store.create(c);
      await store.update(c.id, (x) => ({ ...x, venue: 'Ruby Testfamily home' }));
      await store.audit(c.id, { actor: 'coordinator', action: 'note', detail: { said: 'Ruby Testfamily' } });
      await store.putBlob(c.id, 'report-a3-1-text', Buffer.from('Report about Ruby Testfamily'), {
        contentType: 'text/plain',
        filename: 'Ruby.txt',
      });
      const raw = (await rawValues(t.redis, await t.keys())).filter(
        (v) => !v.includes('CPC-2027-9001') && !v.startsWith('{'),
      );
      for (const v of raw)
        for (const s of ['Ruby', 'Testfamily', '@', 'Report about'])
          expect(withoutSealed(v), v.slice(0, 80)).not.toContain(s);
      expect((await store.get(c.id))?.venue).toBe('Ruby Testfamily home');
      expect((await store.get(legacy.id))?.reference).toBe('CPC-2027-9001'); // legacy value still reads
      expect((await store.readAudit(c.id))[0]?.detail).toEqual({ said: 'Ruby Testfamily' });
      const blob = await store.getBlob(c.id, 'report-a3-1-text');
      expect(blob?.data.toString()).toBe('Report about Ruby Testfamily');
      expect(blob?.meta.filename).toBe('Ruby.txt');
      expect(await store.listBlobs(c.id)).toEqual(['report-a3-1-text']);
      expect((await store.list()).map((x) => x.id).sort()).toEqual([legacy.id, c.id].sort());
      await store.close();
    } finally {
      await t.cleanup();
    }
  });
});

describe('Teams conversation references at rest', () => {
  const key = randomBytes(32);
  const user = (n: string) => ({
    userId: `29:1${n}-user-id`,
    aadObjectId: `00000000-0000-4000-8000-00000000000${n}`,
    tenantId: `tenant-${n}-0f1e2d`,
    serviceUrl: `https://smba.trafficmanager.net/uk-${n}/`,
    botId: '28:bot-app-id',
    conversationId: `a:1conversation-${n}-secret`,
    emailHash: hashEmail(`user${n}@example.gov.uk`),
    emailVerified: true as const,
  });

  it('stores them encrypted, finds them by every key, reads and re-encrypts a record written as plain JSON', async () => {
    const t = testRedis();
    try {
      const cipher = new DataCipher(key);
      // Written before encryption was switched on.
      const legacy = user('1');
      await new ConversationReferenceStore(t.redis, t.prefix).save(legacy);
      const legacyKeys = await t.keys();
      expect(legacyKeys).toHaveLength(3);
      for (const k of legacyKeys) expect(await t.redis.get(k)).toContain(legacy.serviceUrl);

      const refs = new ConversationReferenceStore(t.redis, t.prefix, cipher);
      const fresh = user('2');
      await refs.save(fresh);
      const freshKeys = (await t.keys()).filter((k) => !legacyKeys.includes(k));
      expect(freshKeys).toHaveLength(3);
      for (const k of freshKeys) {
        const raw = (await t.redis.get(k))!;
        expect(raw).toMatch(/^v1:/);
        for (const clear of [
          fresh.serviceUrl,
          'smba',
          fresh.conversationId,
          fresh.tenantId,
          fresh.userId,
          fresh.aadObjectId,
          fresh.emailHash,
          '{',
        ])
          expect(raw).not.toContain(clear);
      }
      // Found by the 29: id, the AAD object id (any case) and the email; the same record each time.
      for (const address of [
        { teamsUserId: fresh.userId },
        { teamsUserId: fresh.aadObjectId.toUpperCase() },
        { email: 'USER2@example.gov.uk ' },
      ])
        expect(await refs.find(address), JSON.stringify(address)).toMatchObject(fresh);

      // The legacy record still reads, and is then stored encrypted under all its keys.
      expect(await refs.find({ email: 'user1@example.gov.uk' })).toMatchObject(legacy);
      for (const k of legacyKeys) expect(await t.redis.get(k)).toMatch(/^v1:/);
      expect(await refs.find({ teamsUserId: legacy.userId })).toMatchObject(legacy);

      // Forgetting the conversation keeps the record encrypted.
      await refs.forgetConversation(fresh.userId);
      const forgotten = await refs.find({ teamsUserId: fresh.userId });
      expect(forgotten?.conversationId).toBeUndefined();
      expect(forgotten?.serviceUrl).toBe(fresh.serviceUrl);
      for (const k of freshKeys) expect(await t.redis.get(k)).toMatch(/^v1:/);
      // Without the key an encrypted record is refused, not parsed as garbage.
      await expect(
        new ConversationReferenceStore(t.redis, t.prefix).find({ teamsUserId: fresh.userId }),
      ).rejects.toThrow(/DATA_ENCRYPTION_KEY/);
    } finally {
      await t.cleanup();
    }
  });
});

describe('configuration refusals', () => {
  const prod = {
    NODE_ENV: 'production',
    MICROSOFT_APP_ID: 'x',
    MICROSOFT_APP_PASSWORD: 'y',
    MICROSOFT_APP_TENANT_ID: 't',
    COORDINATOR_API_KEY: 'k'.repeat(40),
    LINK_SECRET: 's'.repeat(40),
    PUBLIC_BASE_URL: 'https://cpc.example.gov.uk',
    REDIS_URL: 'rediss://r:6379',
    SMTP_URL: 'smtps://mail.example.gov.uk',
    INBOUND_MODE: 'graph',
    GRAPH_INBOUND_MAILBOX: 'cp-reports@example.gov.uk',
    GRAPH_TENANT_ID: 'a',
    GRAPH_CLIENT_ID: 'b',
    GRAPH_CLIENT_SECRET: 'c',
    GRAPH_ORGANIZER_USER_ID: 'd',
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const problems = (env: Record<string, string | undefined>) => {
    try {
      readConfig(env);
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
  };
  it('production starts with everything set, and refuses no key, the local provider and the outbox', () => {
    expect(problems(prod)).toEqual([]);
    expect(problems({ ...prod, DATA_ENCRYPTION_KEY: undefined }).join('\n')).toMatch(
      /DATA_ENCRYPTION_KEY: required in production/,
    );
    expect(problems({ ...prod, MEETING_PROVIDER: 'local' }).join('\n')).toMatch(/local meeting provider is refused/);
    expect(problems({ ...prod, SMTP_URL: undefined }).join('\n')).toMatch(/outbox folder is for development only/);
    expect(problems({ ...prod, DATA_ENCRYPTION_KEY: 'not-a-key' }).join('\n')).toMatch(
      /DATA_ENCRYPTION_KEY: expected 32 bytes/,
    );
  });
  it('development uses the built-in key and says so', () => {
    const c = readConfig({});
    expect(c.dataEncryptionKey).toHaveLength(32);
    expect(c.defaultsInUse.join('\n')).toMatch(/DATA_ENCRYPTION_KEY not set/);
  });
});

describe('record export, subject access, close and retention', () => {
  it(
    'exports JSON and PDF with an audit entry, answers subject access, and purges only exported ended conferences',
    { timeout: 60_000 },
    async () => {
      const s = await start({ RETENTION_DAYS: '30' });
      const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const other = (await s.api('POST', '/api/conferences', hackneyInitialBody({ startsAt: '2027-01-11T10:00' }))).body
        .id as string;
      await s.advanceTo('2026-12-02T09:00');
      // The parent written to by post has a reply code on the letter; it opens their page.
      const letter = (await s.api('GET', `/api/conferences/${id}`)).body.hardCopies.find(
        (h: any) => h.document === 'invitation',
      );
      const pdfRes = await fetch(`${s.url}/api/conferences/${id}/hard-copies/${letter.blobId}`, {
        headers: { authorization: 'Bearer test-coordinator-key-0123456789' },
      });
      const code = /Your code: ([2-9A-Z]{4})-([2-9A-Z]{4})/.exec(pdfText(Buffer.from(await pdfRes.arrayBuffer())))!;
      const typeCode = async () => {
        const client = new PageClient(s.url);
        const form = await client.get('/r');
        return client.post('/r', { code: code[0].slice('Your code: '.length), _csrf: csrfOf(form.text) });
      };
      expect((await typeCode()).status).toBe(303);
      const codeKeys = async () =>
        (await s.redisKeys()).filter(
          (k) => k.endsWith(`:reply-code:${code[1]}${code[2]}`) || k.endsWith(`:reply-codes-of:${id}`),
        );

      const json = await s.api('GET', `/api/conferences/${id}/export`);
      expect(json.status).toBe(200);
      expect(json.body.format).toBe('cpc-record/1');
      expect(json.body.conference.children[0].firstName).toBe('Ruby');
      expect(Object.keys(json.body.deliveries).length).toBeGreaterThan(0);
      expect(json.body.audit.map((e: any) => e.action)).toContain('conference.created');
      const pdf = await fetch(`${s.url}/api/conferences/${id}/export.pdf`, {
        headers: { authorization: 'Bearer test-coordinator-key-0123456789' },
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      const audit = (await s.api('GET', `/api/conferences/${id}`)).body.audit.filter(
        (e: any) => e.action === 'record.exported',
      );
      expect(audit.map((e: any) => e.detail.format)).toEqual(['json', 'pdf']);

      const sar = await s.api('GET', '/api/subject-access?email=SW@example.gov.uk');
      expect(sar.status).toBe(200);
      expect(sar.body.conferences.map((c: any) => c.id).sort()).toEqual([id, other].sort());
      expect(sar.body.conferences[0].attendees[0].email).toBe('sw@example.gov.uk');
      expect(Object.keys(sar.body.conferences[0].deliveries).length).toBeGreaterThan(0);
      const mgr = await s.api('GET', '/api/subject-access?email=sw.manager@example.gov.uk');
      expect(mgr.body.conferences[0].asManagerOf).toHaveLength(1);
      expect((await s.api('GET', '/api/subject-access?email=nobody')).status).toBe(400);

      // Close is only for circulated or follow-up conferences.
      expect((await s.api('POST', `/api/conferences/${id}/close`, {})).status).toBe(409);
      expect(
        (
          await s.api('POST', `/api/conferences/${id}/cancel`, {
            reason: 'Family moved away',
            requestedBy: 'coordinator',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await s.api('POST', `/api/conferences/${other}/cancel`, {
            reason: 'Family moved away',
            requestedBy: 'coordinator',
          })
        ).status,
      ).toBe(200);
      await s.advanceTo('2026-12-02T10:00');
      let run = await s.api('POST', '/api/retention/run', {});
      expect(run.body.purged).toEqual([]);
      expect(run.body.kept.map((k: any) => k.reason)).toEqual(['not yet due', 'not yet due']);
      await s.advanceTo('2027-01-03T10:00');
      run = await s.api('POST', '/api/retention/run', {});
      expect(run.body.purged).toEqual([]); // the export was before the cancellation
      expect(run.body.kept.map((k: any) => k.reason)).toEqual([
        'not exported since its last change',
        'not exported since its last change',
      ]);
      expect((await s.api('GET', `/api/conferences/${id}/export`)).status).toBe(200);
      run = await s.api('POST', '/api/retention/run', {});
      expect(run.body.purged).toEqual([{ id, reference: created.body.reference }]);
      expect((await s.api('GET', `/api/conferences/${id}`)).status).toBe(404);
      expect((await s.api('GET', `/api/conferences/${other}`)).status).toBe(200);
      expect((await s.redisKeys()).filter((k) => k.includes(`:conf:${id}`))).toEqual([]);
      // Its reply codes went with it: the parent's code is refused, and no key of it is left to expire.
      const typed = await typeCode();
      expect(typed.status).toBe(404);
      expect(typed.text).toContain('We do not recognise this code');
      expect(await codeKeys()).toEqual([]);
      const log = await s.api('GET', '/api/retention/log');
      expect(log.body).toEqual([
        expect.objectContaining({ conferenceId: id, reference: created.body.reference, actor: 'coordinator' }),
      ]);
      expect(JSON.stringify(log.body)).not.toMatch(/Ruby|Testfamily|@/);
    },
  );
});

describe('security headers and rate limits', () => {
  it('sends a deny-all CSP and HSTS on https, and answers a flood with 429 and Retry-After', async () => {
    const s = await start({
      API_RATE_LIMIT_BURST: '5',
      API_RATE_LIMIT_PER_MINUTE: '60',
      PUBLIC_BASE_URL: 'https://cpc.example.gov.uk',
    });
    const res = await fetch(`${s.url}/api/policies`, {
      headers: { authorization: 'Bearer test-coordinator-key-0123456789' },
    });
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push(
        (
          await fetch(`${s.url}/api/messages`, {
            method: 'POST',
            body: '{}',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      );
    expect(statuses.filter((x) => x === 429).length).toBeGreaterThanOrEqual(3);
    const limited = await fetch(`${s.url}/api/conferences`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const plain = await start();
    expect((await fetch(`${plain.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
  });
});
