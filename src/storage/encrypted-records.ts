/**
 * Small records kept in Redis encrypted at rest and expiring by TTL: `<namespace>:<id>` → the
 * value under the data key. Reading a value written under another key, or altered, answers
 * "nothing" rather than failing. Reply codes and dashboard sessions are kept this way.
 */
import type { Redis } from 'ioredis';
import type { DataCipher } from '../infra/data-cipher.ts';

export class EncryptedExpiringRecords {
  constructor(
    private readonly redis: Redis,
    /** The key prefix, e.g. `cpc:session`. */
    private readonly namespace: string,
    private readonly cipher: DataCipher,
  ) {}

  #key(id: string): string {
    return this.keyOf(id);
  }

  /** The Redis key a record is kept under (to change its TTL). */
  keyOf(id: string): string {
    return `${this.namespace}:${id}`;
  }

  /** Stores `value` for `ttlMs`; with `onlyIfAbsent`, only when nothing is stored yet. Returns whether it was stored. */
  async set(id: string, value: string, ttlMs: number, options: { onlyIfAbsent?: boolean } = {}): Promise<boolean> {
    const sealed = this.cipher.encrypt(value);
    const done = options.onlyIfAbsent
      ? await this.redis.set(this.#key(id), sealed, 'PX', ttlMs, 'NX')
      : await this.redis.set(this.#key(id), sealed, 'PX', ttlMs);
    return done === 'OK';
  }

  async get(id: string): Promise<string | undefined> {
    const stored = await this.redis.get(this.#key(id));
    if (stored === null) return undefined;
    try {
      return this.cipher.decrypt(stored);
    } catch {
      return undefined; // written under another key, or altered: not one of ours
    }
  }

  /** Reads and deletes in one step (GETDEL): a second reader finds nothing. */
  async take(id: string): Promise<string | undefined> {
    const stored = await this.redis.getdel(this.#key(id));
    if (stored === null) return undefined;
    try {
      return this.cipher.decrypt(stored);
    } catch {
      return undefined;
    }
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.#key(id));
  }
}
