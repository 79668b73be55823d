/**
 * A real Redis for integration tests, isolated by a unique key prefix per test
 * (the bullmq habit: unique queue per test, cleanup after).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export interface TestRedis {
  redis: Redis;
  /** `t-<random>`: pass to stores as their prefix. */
  prefix: string;
  url: string;
  /** Every key under the prefix (SCAN, never KEYS). */
  keys(): Promise<string[]>;
  /** Deletes `<prefix>:*` and closes the client. */
  cleanup(): Promise<void>;
}

/**
 * A stored value with its sealed envelopes (`v1:`/`v2:`, AES-GCM, each part base64) replaced by `<sealed>`:
 * what is sealed is not in clear, and random base64 can spell a short name by chance ("…4ZoeO+…").
 */
export const withoutSealed = (v: string): string =>
  v.replace(/\bv[12]:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+/g, '<sealed>');

export const redisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testRedis(): TestRedis {
  const url = redisUrl();
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  const prefix = `t-${randomBytes(6).toString('hex')}`;

  const keys = async (): Promise<string[]> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return [...new Set(found)];
  };

  const cleanup = async (): Promise<void> => {
    const found = await keys();
    for (let i = 0; i < found.length; i += 500) await redis.del(...found.slice(i, i + 500));
    await redis.quit();
  };

  return { redis, prefix, url, keys, cleanup };
}
