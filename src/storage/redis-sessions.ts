/**
 * Dashboard session records in Redis: `<prefix>:session:<id>`, encrypted like everything else at
 * rest (the actor may be an email address), expiring by Redis TTL. The id is already an HMAC of
 * the cookie's session id (see the dashboard's session.ts), never the cookie itself.
 */
import type { Redis } from 'ioredis';
import type { DataCipher } from './crypto.ts';

export class RedisSessionRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cipher: DataCipher,
  ) {}

  #key(id: string): string {
    return `${this.prefix}:session:${id}`;
  }

  async put(id: string, record: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.#key(id), this.cipher.encrypt(record), 'PX', ttlMs);
  }

  async get(id: string): Promise<string | undefined> {
    const stored = await this.redis.get(this.#key(id));
    if (stored === null) return undefined;
    try {
      return this.cipher.decrypt(stored);
    } catch {
      return undefined; // written under another key, or altered: not a session
    }
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.#key(id));
  }
}
