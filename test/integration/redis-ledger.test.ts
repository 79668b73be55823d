import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataCipher } from '../../src/infra/data-cipher.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { RedisSendLedger, REFUSED_REASON } from '../../src/storage/redis-ledger.ts';
import { NotReplicatedError } from '../../src/storage/replica-ack.ts';
import { FakeClock } from '../helpers/clock.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

const KEY = 'invite-a3-v1';

describe('RedisSendLedger', () => {
  let t: TestRedis;
  let clock: FakeClock;
  let ledger: RedisSendLedger;

  beforeEach(() => {
    t = testRedis();
    clock = new FakeClock('2027-03-01T09:00:00.000Z');
    ledger = new RedisSendLedger({ redis: t.redis, prefix: t.prefix, clock });
  });

  afterEach(async () => {
    await t.cleanup();
  });

  it('grants a claim once, then refuses while the lease is live', async () => {
    expect(await ledger.claim('conf-1', KEY, 60_000)).toEqual({ firstAttemptAt: '2027-03-01T09:00:00.000Z' });
    expect(await ledger.claim('conf-1', KEY, 60_000)).toBe(false);
    expect(await ledger.get('conf-1', KEY)).toEqual({
      state: 'sending',
      at: '2027-03-01T09:00:00.000Z',
      leaseUntil: '2027-03-01T09:01:00.000Z',
      firstAttemptAt: '2027-03-01T09:00:00.000Z',
    });
    // Keys are per conference: the same step for another conference is a different send.
    expect(await ledger.claim('conf-2', KEY, 60_000)).toBeTruthy();
  });

  it('never reclaims a sent entry, even long after', async () => {
    expect(await ledger.claim('conf-1', KEY, 1000)).toBeTruthy();
    await ledger.markSent('conf-1', KEY, '<msg-1@cpc.example>');
    expect(await ledger.claim('conf-1', KEY, 1000)).toBe(false);
    clock.advance(7 * 24 * 3600_000);
    expect(await ledger.claim('conf-1', KEY, 1000)).toBe(false);
    expect(await ledger.get('conf-1', KEY)).toEqual({
      state: 'sent',
      at: '2027-03-01T09:00:00.000Z',
      messageId: '<msg-1@cpc.example>',
      firstAttemptAt: '2027-03-01T09:00:00.000Z',
    });
  });

  it('says whether every one of a set of sends has gone, whatever state the others are in', async () => {
    const keys = ['circulate-decision-a1-v2', 'circulate-decision-a2-v2'];
    expect(await ledger.allSent('conf-1', [])).toBe(true);
    expect(await ledger.allSent('conf-1', keys)).toBe(false);
    await ledger.claim('conf-1', keys[0]!, 60_000);
    await ledger.markSent('conf-1', keys[0]!, '<m1@cpc.example>');
    await ledger.claim('conf-1', keys[1]!, 60_000);
    expect(await ledger.allSent('conf-1', keys)).toBe(false); // one still sending
    await ledger.markFailed('conf-1', keys[1]!, 'SMTP 451');
    expect(await ledger.allSent('conf-1', keys)).toBe(false); // one failed
    await ledger.claim('conf-1', keys[1]!, 60_000);
    await ledger.markSent('conf-1', keys[1]!, '<m2@cpc.example>');
    expect(await ledger.allSent('conf-1', keys)).toBe(true);
    // An entry written before the compact form (JSON) is read too.
    await t.redis.hset(`${t.prefix}:conf:conf-1:ledger`, 'old-a3-v1', JSON.stringify({ state: 'skipped', at: 'x' }));
    expect(await ledger.allSent('conf-1', [...keys, 'old-a3-v1'])).toBe(false);
  });

  it('claims a fan-out batch in one call, answering per send as one claim would', async () => {
    const [sent, live, free, failed] = ['a1', 'a2', 'a3', 'a4'].map((a) => `circulate-decision-${a}-v1`) as [
      string,
      string,
      string,
      string,
    ];
    await ledger.claim('conf-1', sent, 60_000);
    await ledger.markSent('conf-1', sent, '<m1@cpc.example>');
    await ledger.claim('conf-1', live, 60_000);
    await ledger.claim('conf-1', failed, 60_000);
    await ledger.markFailed('conf-1', failed, 'SMTP 451');
    clock.advance(1000);
    expect(await ledger.claimMany('conf-1', [sent, live, free, failed], 60_000)).toEqual([
      false,
      false,
      { firstAttemptAt: '2027-03-01T09:00:01.000Z' },
      { firstAttemptAt: '2027-03-01T09:00:00.000Z' },
    ]);
    await ledger.markSent('conf-1', free, `<${free}.conf-1@cpc.example>`);
    await ledger.markSent('conf-1', failed, '<other@cpc.example>');
    expect(await ledger.getMany('conf-1', [free, failed, live, 'nothing-a9-v1'])).toEqual([
      {
        state: 'sent',
        at: '2027-03-01T09:00:01.000Z',
        firstAttemptAt: '2027-03-01T09:00:01.000Z',
        messageId: `<${free}.conf-1@cpc.example>`,
      },
      {
        state: 'sent',
        at: '2027-03-01T09:00:01.000Z',
        firstAttemptAt: '2027-03-01T09:00:00.000Z',
        messageId: '<other@cpc.example>',
      },
      expect.objectContaining({ state: 'sending' }),
      undefined,
    ]);
    expect(await ledger.claimMany('conf-1', [], 60_000)).toEqual([]);
  });

  it('lets a failed send be claimed again', async () => {
    expect(await ledger.claim('conf-1', KEY, 60_000)).toBeTruthy();
    await ledger.markFailed('conf-1', KEY, 'SMTP 451');
    expect((await ledger.get('conf-1', KEY))?.state).toBe('failed');
    expect(await ledger.claim('conf-1', KEY, 60_000)).toBeTruthy();
    expect((await ledger.get('conf-1', KEY))?.state).toBe('sending');
  });

  it('never reclaims an address refused for good, until it is marked failed again (corrected)', async () => {
    expect(await ledger.claim('conf-1', KEY, 1000)).toBeTruthy();
    await ledger.markRefused('conf-1', KEY, '550 5.1.1 no such user');
    clock.advance(3600_000);
    expect(await ledger.claimMany('conf-1', [KEY], 1000)).toEqual([false]);
    expect(await ledger.get('conf-1', KEY)).toMatchObject({ state: 'refused', reason: '550 5.1.1 no such user' });
    await ledger.markFailed('conf-1', KEY, 'address corrected');
    expect(await ledger.claim('conf-1', KEY, 1000)).toEqual({ firstAttemptAt: '2027-03-01T09:00:00.000Z' });
  });

  it('lets another worker take over when the lease has expired', async () => {
    expect(await ledger.claim('conf-1', KEY, 30_000)).toBeTruthy();
    clock.advance(29_999);
    expect(await ledger.claim('conf-1', KEY, 30_000)).toBe(false);
    clock.advance(2);
    expect(await ledger.claim('conf-1', KEY, 30_000)).toBeTruthy();
    expect((await ledger.get('conf-1', KEY))?.at).toBe('2027-03-01T09:00:30.001Z');
  });

  it('keeps the first attempt time through an expired lease and a failure, so a re-send repeats the first exactly', async () => {
    expect(await ledger.claim('conf-1', KEY, 30_000)).toEqual({ firstAttemptAt: '2027-03-01T09:00:00.000Z' });
    clock.advance(31_000); // the worker died: its lease ran out
    expect(await ledger.claim('conf-1', KEY, 30_000)).toEqual({ firstAttemptAt: '2027-03-01T09:00:00.000Z' });
    await ledger.markFailed('conf-1', KEY, 'SMTP timeout after DATA');
    clock.advance(3600_000);
    expect(await ledger.claim('conf-1', KEY, 30_000)).toEqual({ firstAttemptAt: '2027-03-01T09:00:00.000Z' });
    await ledger.markSent('conf-1', KEY, 'm-1');
    expect(await ledger.get('conf-1', KEY)).toMatchObject({
      state: 'sent',
      at: '2027-03-01T10:00:31.000Z',
      firstAttemptAt: '2027-03-01T09:00:00.000Z',
    });
    // Another send starts its own clock.
    expect(await ledger.claim('conf-1', 'invite-a4-v1', 30_000)).toEqual({
      firstAttemptAt: '2027-03-01T10:00:31.000Z',
    });
  });

  it('still claims and records after Redis forgot its scripts (a restart, SCRIPT FLUSH)', async () => {
    expect(await ledger.claim('conf-1', KEY, 60_000)).toBeTruthy();
    await t.redis.script('FLUSH');
    await ledger.markSent('conf-1', KEY, 'm-1');
    await t.redis.script('FLUSH');
    expect(await ledger.claim('conf-1', KEY, 60_000)).toBe(false);
    expect((await ledger.get('conf-1', KEY))?.state).toBe('sent');
  });

  it('records entries written at the same moment, across conferences, each as it would alone', async () => {
    // A fan-out's sends, and other conferences' jobs, marked at once: written to Redis together.
    await ledger.claimMany('conf-1', ['invite-a1-v1', 'invite-a2-v1', 'invite-a3-v1'], 60_000);
    clock.advance(1000);
    await ledger.claim('conf-2', 'invite-a1-v1', 60_000);
    clock.advance(1000);
    await Promise.all([
      ledger.markSent('conf-1', 'invite-a1-v1', '<invite-a1-v1.conf-1@cpc.example>'),
      ledger.markSent('conf-2', 'invite-a1-v1', 'm-2'),
      ledger.markFailed('conf-1', 'invite-a2-v1', 'SMTP 451'),
      ledger.markSkipped('conf-1', 'invite-a3-v1', 'the report arrived first'),
    ]);
    expect(await ledger.getMany('conf-1', ['invite-a1-v1', 'invite-a2-v1', 'invite-a3-v1'])).toEqual([
      {
        state: 'sent',
        at: '2027-03-01T09:00:02.000Z',
        firstAttemptAt: '2027-03-01T09:00:00.000Z',
        messageId: '<invite-a1-v1.conf-1@cpc.example>',
      },
      {
        state: 'failed',
        at: '2027-03-01T09:00:02.000Z',
        firstAttemptAt: '2027-03-01T09:00:00.000Z',
        reason: 'SMTP 451',
      },
      {
        state: 'skipped',
        at: '2027-03-01T09:00:02.000Z',
        firstAttemptAt: '2027-03-01T09:00:00.000Z',
        reason: 'the report arrived first',
      },
    ]);
    expect(await ledger.get('conf-2', 'invite-a1-v1')).toEqual({
      state: 'sent',
      at: '2027-03-01T09:00:02.000Z',
      firstAttemptAt: '2027-03-01T09:00:01.000Z',
      messageId: 'm-2',
    });
    expect(await ledger.claimMany('conf-1', ['invite-a1-v1', 'invite-a2-v1'], 60_000)).toEqual([
      false,
      { firstAttemptAt: '2027-03-01T09:00:00.000Z' },
    ]);
  });

  it('gives exactly one of 20 concurrent claims', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => ledger.claim('conf-1', KEY, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lists every entry of a conference', async () => {
    await ledger.claim('conf-1', 'invite-a2-v1', 60_000);
    await ledger.claim('conf-1', 'invite-a3-v1', 60_000);
    await ledger.markSent('conf-1', 'invite-a3-v1', 'm-3');
    const all = await ledger.list('conf-1');
    expect(Object.keys(all).sort()).toEqual(['invite-a2-v1', 'invite-a3-v1']);
    expect(all['invite-a3-v1']?.state).toBe('sent');
    expect(await ledger.list('conf-9')).toEqual({});
    expect(await ledger.get('conf-1', 'nope')).toBeUndefined();
  });

  it('keeps an entry in a few dozen bytes and gives it back whole, delivery status included', async () => {
    await ledger.claim('conf-1', KEY, 60_000);
    await ledger.markSent('conf-1', KEY, `<${KEY}.conf-1@hackney.gov.uk>`);
    const raw = await t.redis.hget(`${t.prefix}:conf:conf-1:ledger`, KEY);
    expect(raw!.length).toBeLessThan(20); // the usual Message-ID's domain is kept once for the ledger (30 with it)
    clock.advance(60_000);
    await ledger.recordDeliveryStatus('conf-1', KEY, 'received');
    expect(await ledger.get('conf-1', KEY)).toEqual({
      state: 'sent',
      at: '2027-03-01T09:00:00.000Z',
      firstAttemptAt: '2027-03-01T09:00:00.000Z',
      messageId: `<${KEY}.conf-1@hackney.gov.uk>`,
      deliveryStatus: 'received',
      deliveryStatusAt: '2027-03-01T09:01:00.000Z',
    });
    await ledger.markSkipped('conf-1', 'post-a7-v1', 'no | address');
    expect(await ledger.get('conf-1', 'post-a7-v1')).toEqual({
      state: 'skipped',
      at: '2027-03-01T09:01:00.000Z',
      reason: 'no | address',
    });
  });

  it('refuses a refusal reason copied from another send’s entry, says so where the reason shows, and reads one sealed before reasons were bound', async () => {
    const cipher = new DataCipher(Buffer.alloc(32, 7));
    const logged: string[] = [];
    const sealed = new RedisSendLedger({
      redis: t.redis,
      prefix: t.prefix,
      clock,
      cipher,
      logger: createLogger({ write: (line) => logged.push(line) }),
    });
    const hash = (c: string) => `${t.prefix}:conf:${c}:ledger`;
    const reason = '550 mailbox unknown: [email]';
    await sealed.markFailed('conf-1', KEY, reason);
    const raw = (await t.redis.hget(hash('conf-1'), KEY))!;
    expect(raw).not.toContain('mailbox');
    // Bound to its conference and send at no cost: as long as the same reason sealed bound to nothing.
    expect(raw.length).toBe(
      `f|${Date.parse(clock.now().toISOString()).toString(36)}||`.length + cipher.encrypt(reason).length,
    );
    expect((await sealed.get('conf-1', KEY))?.reason).toBe(reason);
    // Someone with write access to Redis copies the entry to another conference's send, and to another send of conf-1.
    await t.redis.hset(hash('conf-2'), KEY, raw);
    await t.redis.hset(hash('conf-1'), 'invite-a4-v1', raw);
    expect(await sealed.get('conf-2', KEY)).toEqual({
      state: 'failed',
      at: '2027-03-01T09:00:00.000Z',
      reason: REFUSED_REASON,
    });
    // What the dashboard's sends table shows for it.
    expect((await sealed.list('conf-1'))['invite-a4-v1']?.reason).toBe(REFUSED_REASON);
    expect(logged.map((l) => JSON.parse(l) as object)).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'send reason refused: not sealed for this send',
        conferenceId: 'conf-2',
        key: KEY,
      }),
      expect.objectContaining({ level: 'warn', conferenceId: 'conf-1', key: 'invite-a4-v1' }),
    ]);
    for (const l of logged) expect(l).not.toContain('mailbox');
    // An address refused for good is sealed the same way: its reason reads only on its own send.
    await sealed.markRefused('conf-1', 'invite-a5-v1', reason);
    expect((await sealed.get('conf-1', 'invite-a5-v1'))?.reason).toBe(reason);
    await t.redis.hset(hash('conf-2'), 'invite-a5-v1', (await t.redis.hget(hash('conf-1'), 'invite-a5-v1'))!);
    expect((await sealed.get('conf-2', 'invite-a5-v1'))?.reason).toBe(REFUSED_REASON);
    // As written before reasons were bound: the reason sealed bound to nothing.
    await t.redis.hset(hash('conf-1'), 'post-a7-v1', `k|${(0).toString(36)}||${cipher.encrypt('no address')}`);
    expect((await sealed.get('conf-1', 'post-a7-v1'))?.reason).toBe('no address');
  });

  it('still reads, claims and updates entries written as JSON before', async () => {
    const key = `${t.prefix}:conf:conf-1:ledger`;
    await t.redis.hset(
      key,
      'old-sent',
      JSON.stringify({ state: 'sent', at: '2027-02-01T09:00:00.000Z', messageId: 'm-0' }),
    );
    await t.redis.hset(
      key,
      'old-failed',
      JSON.stringify({ state: 'failed', at: '2027-02-01T09:00:00.000Z', firstAttemptAt: '2027-02-01T08:00:00.000Z' }),
    );
    expect(await ledger.claim('conf-1', 'old-sent', 60_000)).toBe(false);
    expect(await ledger.claim('conf-1', 'old-failed', 60_000)).toEqual({ firstAttemptAt: '2027-02-01T08:00:00.000Z' });
    await ledger.markSent('conf-1', 'old-failed', 'm-1');
    expect(await ledger.get('conf-1', 'old-failed')).toEqual({
      state: 'sent',
      at: '2027-03-01T09:00:00.000Z',
      firstAttemptAt: '2027-02-01T08:00:00.000Z',
      messageId: 'm-1',
    });
    expect(await ledger.get('conf-1', 'old-sent')).toEqual({
      state: 'sent',
      at: '2027-02-01T09:00:00.000Z',
      messageId: 'm-0',
    });
  });

  it('keeps the usual Message-ID domain once per ledger, and gives every entry back its own', async () => {
    const key = `${t.prefix}:conf:conf-1:ledger`;
    // Written before: the domain in the entry itself.
    await t.redis.hset(key, 'old-a2-v1', 's|mx4guqo0|=|||~old.example.gov.uk');
    await ledger.markSent('conf-1', 'invite-a2-v1', '<invite-a2-v1.conf-1@hackney.gov.uk>');
    await ledger.markSent('conf-1', 'invite-a3-v1', '<invite-a3-v1.conf-1@hackney.gov.uk>');
    await ledger.markSent('conf-1', 'invite-a4-v1', '<invite-a4-v1.conf-1@other.example.org>');
    await ledger.markSent('conf-1', 'post-a7-v1', 'post:letter-queued');
    expect(await t.redis.hget(key, 'invite-a3-v1')).toMatch(/\|~$/);
    const all = await ledger.list('conf-1');
    expect(Object.keys(all).sort()).toEqual([
      'invite-a2-v1',
      'invite-a3-v1',
      'invite-a4-v1',
      'old-a2-v1',
      'post-a7-v1',
    ]);
    expect(Object.fromEntries(Object.entries(all).map(([k, e]) => [k, e.messageId]))).toEqual({
      'old-a2-v1': '<old-a2-v1.conf-1@old.example.gov.uk>',
      'invite-a2-v1': '<invite-a2-v1.conf-1@hackney.gov.uk>',
      'invite-a3-v1': '<invite-a3-v1.conf-1@hackney.gov.uk>',
      'invite-a4-v1': '<invite-a4-v1.conf-1@other.example.org>',
      'post-a7-v1': 'post:letter-queued',
    });
    expect((await ledger.getMany('conf-1', ['invite-a3-v1', 'nope', 'invite-a4-v1'])).map((e) => e?.messageId)).toEqual(
      ['<invite-a3-v1.conf-1@hackney.gov.uk>', undefined, '<invite-a4-v1.conf-1@other.example.org>'],
    );
    await ledger.recordDeliveryStatus('conf-1', 'invite-a3-v1', 'received');
    expect(await ledger.get('conf-1', 'invite-a3-v1')).toMatchObject({
      messageId: '<invite-a3-v1.conf-1@hackney.gov.uk>',
      deliveryStatus: 'received',
    });
    expect(await ledger.allSent('conf-1', ['invite-a2-v1', 'invite-a3-v1', 'old-a2-v1'])).toBe(true);
  });

  // With Sentinel a "sent" mark no replica acknowledged is written again (src/storage/ledger-writes.ts):
  // where the first write did land, the second changes nothing the first recorded.
  it('leaves a sent entry as it is when its mark is written again, delivery status included', async () => {
    expect(await ledger.claim('conf-1', KEY, 60_000)).toBeTruthy();
    await ledger.markSent('conf-1', KEY, 'notify:first');
    await ledger.recordDeliveryStatus('conf-1', KEY, 'delivered');
    clock.advance(5_000);
    await ledger.markSent('conf-1', KEY, 'notify:first');
    expect(await ledger.get('conf-1', KEY)).toEqual({
      state: 'sent',
      at: '2027-03-01T09:00:00.000Z',
      firstAttemptAt: '2027-03-01T09:00:00.000Z',
      messageId: 'notify:first',
      deliveryStatus: 'delivered',
      deliveryStatusAt: '2027-03-01T09:00:00.000Z',
    });
  });

  it('with replicaAck, takes no claim that no replica has (here a Redis without replicas)', async () => {
    const waiting = new RedisSendLedger({
      redis: t.redis,
      prefix: t.prefix,
      clock,
      replicaAck: { replicas: 1, timeoutMs: 50, retryForMs: 0 },
    });
    await expect(waiting.claim('conf-1', KEY, 60_000)).rejects.toThrow(NotReplicatedError);
    // Lost claims wrote nothing: nothing to wait for.
    expect(await waiting.claim('conf-1', KEY, 60_000)).toBe(false);
    await expect(waiting.markSent('conf-1', KEY, 'notify:x')).rejects.toThrow(/not acknowledged by a replica/);
  });
});
