/**
 * The rate limiter's buckets in Redis (the interface and the in-memory buckets are in
 * infra/rate-limit.ts), so a limit holds across every process behind a load balancer: the Lua
 * script refills and takes in one step, timed by Redis' own clock so processes with skewed clocks
 * agree.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BucketOptions, RateLimiter, RateLimiterFactory, TakeResult } from '../infra/rate-limit.ts';
import { RedisScript } from './redis-script.ts';

// KEYS[1] bucket hash; ARGV burst, tokens per ms. Returns {1} or {0, ms until one token}.
const TAKE = new RedisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * perMs)
local ok = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / perMs) + 1000)
if ok == 1 then return {1} end
return {0, math.ceil((1 - tokens) / perMs)}
`);

export class RedisRateLimiter implements RateLimiter {
  readonly #perMs: number;
  constructor(
    private readonly redis: Redis,
    /** Key prefix, e.g. `cpc:ratelimit:api`; a hash of the client is appended. */
    private readonly prefix: string,
    private readonly o: BucketOptions,
  ) {
    this.#perMs = o.perMinute / 60_000;
  }

  async take(client: string): Promise<TakeResult> {
    // The client is hashed: a Redis key never holds an IP or a mail address.
    const key = `${this.prefix}:${createHash('sha256').update(client).digest('hex').slice(0, 24)}`;
    const r = (await TAKE.run(this.redis, [key], [String(this.o.burst), String(this.#perMs)])) as number[];
    if (r[0] === 1) return { ok: true };
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((r[1] ?? 1000) / 1000)) };
  }
}

export function redisRateLimiters(redis: Redis, prefix: string): RateLimiterFactory {
  return (name, o) => new RedisRateLimiter(redis, `${prefix}:ratelimit:${name}`, o);
}
