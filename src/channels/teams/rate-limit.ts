/**
 * Teams' limits for bots, as token buckets: per conversation 7 messages a second, 60 in 30 seconds
 * and 1,800 an hour; per tenant 30 requests a second. `acquire` waits until every bucket has a
 * token, then takes one from each. In-process only: several worker processes each keep their own
 * buckets, so the limits hold per process (the 429 retry covers the rest).
 */
export interface Limit {
  capacity: number;
  perMs: number;
}
export const CONVERSATION_LIMITS: readonly Limit[] = [
  { capacity: 7, perMs: 1_000 },
  { capacity: 60, perMs: 30_000 },
  { capacity: 1_800, perMs: 3_600_000 },
];
export const TENANT_LIMITS: readonly Limit[] = [{ capacity: 30, perMs: 1_000 }];

class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly limit: Limit,
    now: number,
  ) {
    this.tokens = limit.capacity;
    this.last = now;
  }
  private refill(now: number): void {
    this.tokens = Math.min(
      this.limit.capacity,
      this.tokens + ((now - this.last) * this.limit.capacity) / this.limit.perMs,
    );
    this.last = now;
  }
  /** Milliseconds until a token is available (0 = now). */
  wait(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * this.limit.perMs) / this.limit.capacity);
  }
  take(): void {
    this.tokens -= 1;
  }
}

export interface RateLimiterOptions {
  /** @defaultValue Date.now */
  now?: () => number;
  /** @defaultValue setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
  conversationLimits?: readonly Limit[];
  tenantLimits?: readonly Limit[];
}

export class SendRateLimiter {
  private readonly buckets = new Map<string, TokenBucket[]>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  constructor(private readonly options: RateLimiterOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private bucketsFor(key: string, limits: readonly Limit[]): TokenBucket[] {
    let b = this.buckets.get(key);
    if (!b) {
      b = limits.map((l) => new TokenBucket(l, this.now()));
      this.buckets.set(key, b);
    }
    return b;
  }

  async acquire(conversationId: string, tenantId = 'unknown'): Promise<void> {
    const all = [
      ...this.bucketsFor(`c|${conversationId}`, this.options.conversationLimits ?? CONVERSATION_LIMITS),
      ...this.bucketsFor(`t|${tenantId}`, this.options.tenantLimits ?? TENANT_LIMITS),
    ];
    for (;;) {
      const now = this.now();
      const wait = Math.max(...all.map((b) => b.wait(now)));
      if (wait === 0) {
        all.forEach((b) => b.take());
        return;
      }
      await this.sleep(wait);
    }
  }
}
