/** Retries a Bot Connector call on the statuses Teams documents as transient: 429, 412, 502, 504. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 412, 502, 504]);

export function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  const s = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof s === 'number' ? s : undefined;
}

export interface RetryOptions {
  /** @defaultValue 5 */
  retries?: number;
  /** First wait; doubles each time, with jitter. @defaultValue 500 */
  baseMs?: number;
  /** @defaultValue 30_000 */
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 5;
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const status = statusOf(err);
      if (attempt >= retries || status === undefined || !RETRY_STATUSES.has(status)) throw err;
      const exp = Math.min(max, base * 2 ** attempt);
      await sleep(Math.round(exp / 2 + (random() * exp) / 2));
    }
  }
}
