/**
 * Token buckets per client (an IP, a mail sender) for every public door: the web endpoints and
 * inbound SMTP. In the service the buckets live in Redis (storage/redis-rate-limit.ts), so a limit
 * holds across every process behind a load balancer; tests and tools without Redis use the
 * in-memory buckets here. If Redis cannot be asked, the request goes through
 * and the problem is logged: refusing everyone because the limiter is down would be worse, and every
 * route that changes anything needs Redis anyway.
 */

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

export const memoryRateLimiters: RateLimiterFactory = (_name, o) => new MemoryRateLimiter(o);
