import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisSendLedger } from '../../src/storage/redis-ledger.ts';
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

  it('lets a failed send be claimed again', async () => {
    expect(await ledger.claim('conf-1', KEY, 60_000)).toBeTruthy();
    await ledger.markFailed('conf-1', KEY, 'SMTP 451');
    expect((await ledger.get('conf-1', KEY))?.state).toBe('failed');
    expect(await ledger.claim('conf-1', KEY, 60_000)).toBeTruthy();
    expect((await ledger.get('conf-1', KEY))?.state).toBe('sending');
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
});
