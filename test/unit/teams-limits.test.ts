/** Teams' rate limits as token buckets, and retry with exponential backoff on 429/412/502/504 only. */
import { describe, expect, it } from 'vitest';
import { SendRateLimiter } from '../../src/channels/teams/rate-limit.ts';
import { withRetry } from '../../src/channels/teams/retry.ts';

function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)),
    sleeps,
    elapsed: () => now,
  };
}

describe('SendRateLimiter', () => {
  it('lets 7 messages a second through a conversation, then waits', async () => {
    const t = fakeTime();
    const l = new SendRateLimiter({ now: t.now, sleep: t.sleep });
    for (let i = 0; i < 7; i++) await l.acquire('conv', 'tenant');
    expect(t.elapsed()).toBe(0);
    await l.acquire('conv', 'tenant');
    expect(t.elapsed()).toBeGreaterThan(0);
    expect(t.elapsed()).toBeLessThanOrEqual(1000);
  });

  it('holds a conversation to 60 in 30 seconds and 1,800 an hour', async () => {
    const t = fakeTime();
    const l = new SendRateLimiter({ now: t.now, sleep: t.sleep });
    for (let i = 0; i < 61; i++) await l.acquire('conv', `tenant-${i}`);
    expect(t.elapsed()).toBeGreaterThanOrEqual(500); // the 61st waited for the 30-second bucket
    const hour = new SendRateLimiter({
      now: t.now,
      sleep: t.sleep,
      conversationLimits: [{ capacity: 1800, perMs: 3_600_000 }],
    });
    const start = t.elapsed();
    for (let i = 0; i < 1801; i++) await hour.acquire('c', `t${i}`);
    expect(t.elapsed() - start).toBeGreaterThanOrEqual(2000);
  });

  it('holds a tenant to 30 requests a second across conversations', async () => {
    const t = fakeTime();
    const l = new SendRateLimiter({ now: t.now, sleep: t.sleep });
    for (let i = 0; i < 30; i++) await l.acquire(`conv-${i}`, 'tenant');
    expect(t.elapsed()).toBe(0);
    await l.acquire('conv-31', 'tenant');
    expect(t.elapsed()).toBeGreaterThan(0);
    await l.acquire('conv-x', 'other-tenant');
  });
});

describe('withRetry', () => {
  const fail = (statusCode: number) => Object.assign(new Error(`status ${statusCode}`), { statusCode });

  it.each([429, 412, 502, 504])('retries %i with growing waits, then succeeds', async (status) => {
    const t = fakeTime();
    let calls = 0;
    const r = await withRetry(async () => (++calls < 4 ? Promise.reject(fail(status)) : 'ok'), {
      sleep: t.sleep,
      random: () => 1,
      baseMs: 100,
    });
    expect(r).toBe('ok');
    expect(t.sleeps).toEqual([100, 200, 400]);
  });

  it.each([400, 401, 403, 404, 500])('does not retry %i', async (status) => {
    let calls = 0;
    await expect(
      withRetry(async () => (calls++, Promise.reject(fail(status))), { sleep: async () => undefined }),
    ).rejects.toThrow(`status ${status}`);
    expect(calls).toBe(1);
  });

  it('gives up after the last retry', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => (calls++, Promise.reject(fail(429))), { retries: 2, sleep: async () => undefined }),
    ).rejects.toThrow();
    expect(calls).toBe(3);
  });
});
