/**
 * Token buckets per client (an IP, a mail sender) for every public door: the web endpoints and
 * inbound SMTP. In the service the buckets live in Redis, so a limit holds across every process
 * behind a load balancer (the Lua script refills and
 * takes in one step, timed by Redis' own clock so processes with skewed clocks agree); tests and
 * tools without Redis use the in-memory buckets. If Redis cannot be asked, the request goes through
 * and the problem is logged: refusing everyone because the limiter is down would be worse, and every
 * route that changes anything needs Redis anyway.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisScript } from '../storage/redis-script.ts';

export interface BucketOptions {
  /** Requests a client may make at once. */
  burst: number;
  /** Refill rate. */
  perMinute: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterS: number };

export interface RateLimiter {
  take(client: string): Promise<TakeResult>;
}

/** Makes the limiter for one named bucket family (`api`, `links`, `sign-in`, `inbound-sender`, `inbound-all`). */
export type RateLimiterFactory = (name: string, options: BucketOptions) => RateLimiter;

const retryAfter = (missing: number, perMs: number) => Math.max(1, Math.ceil(missing / perMs / 1000));

export class MemoryRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #perMs: number;
  constructor(private readonly o: BucketOptions & { now?: () => number; maxClients?: number }) {
    this.#perMs = o.perMinute / 60_000;
  }

  async take(client: string): Promise<TakeResult> {
    const t = (this.o.now ?? (() => performance.now()))();
    const b = this.#buckets.get(client) ?? { tokens: this.o.burst, at: t };
    b.tokens = Math.min(this.o.burst, b.tokens + (t - b.at) * this.#perMs);
    b.at = t;
    if (!this.#buckets.has(client) && this.#buckets.size >= (this.o.maxClients ?? 10_000)) {
      // Full buckets carry no information: forget those first.
      for (const [k, v] of this.#buckets)
        if (Math.min(this.o.burst, v.tokens + (t - v.at) * this.#perMs) >= this.o.burst) this.#buckets.delete(k);
    }
    this.#buckets.set(client, b);
    if (b.tokens < 1) return { ok: false, retryAfterS: retryAfter(1 - b.tokens, this.#perMs) };
    b.tokens -= 1;
    return { ok: true };
  }
}

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

export const memoryRateLimiters: RateLimiterFactory = (_name, o) => new MemoryRateLimiter(o);

export function redisRateLimiters(redis: Redis, prefix: string): RateLimiterFactory {
  return (name, o) => new RedisRateLimiter(redis, `${prefix}:ratelimit:${name}`, o);
}
