/**
 * Rate limits hold across web processes: two apps on the same Redis share one budget per client,
 * the 429 says when to try again, no Redis key holds the client's address, and a limiter that
 * cannot reach Redis lets requests through (and says so in the log) rather than refusing everyone.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseApi } from '../../src/channels/web/api-guard.ts';
import { limitRequests } from '../../src/channels/web/rate-limit.ts';
import { memoryRateLimiters, type RateLimiterFactory } from '../../src/infra/rate-limit.ts';
import { redisRateLimiters } from '../../src/storage/redis-rate-limit.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

const servers: Server[] = [];

async function app(limiters: RateLimiterFactory, log?: string[]): Promise<string> {
  const a = express();
  const logger = createLogger({ write: (l) => log?.push(l) });
  a.use(limitRequests(limiters('api', { burst: 3, perMinute: 6 }), refuseApi, logger));
  a.get('/x', (_req, res) => res.json({ ok: true }));
  const server = await new Promise<Server>((r) => {
    const s = a.listen(0, '127.0.0.1', () => r(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
}

let r: TestRedis;
beforeAll(() => {
  r = testRedis();
});
afterAll(async () => {
  for (const s of servers) await new Promise((done) => s.close(done));
  await r.cleanup();
});

describe('rate limits across processes', () => {
  it('two web processes on one Redis share one budget per client, and the 429 says when to retry', async () => {
    const a = await app(redisRateLimiters(r.redis, r.prefix));
    const b = await app(redisRateLimiters(r.redis, r.prefix));
    const statuses = [];
    for (const url of [a, b, a, b, a]) statuses.push((await fetch(url)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await fetch(b);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    expect((await refused.json()).message).toMatch(/try again in \d+ s/);

    const keys = await r.keys();
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k).not.toContain('127.0.0.1');
    // Buckets expire once full again: nothing is kept for ever.
    for (const k of keys) expect(await r.redis.pttl(k)).toBeGreaterThan(0);
  });

  it('in memory (tests and tools without Redis) each process has its own budget', async () => {
    const a = await app(memoryRateLimiters);
    const b = await app(memoryRateLimiters);
    const statuses = [];
    for (const url of [a, b, a, b, a, b]) statuses.push((await fetch(url)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('lets requests through and logs the problem when Redis cannot be asked', async () => {
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on('error', () => {});
    const log: string[] = [];
    const url = await app(redisRateLimiters(down, r.prefix), log);
    for (let i = 0; i < 5; i++) expect((await fetch(url)).status).toBe(200);
    expect(log.some((l) => l.includes('rate limiter unavailable'))).toBe(true);
    down.disconnect();
  });
});
