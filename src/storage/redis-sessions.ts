/**
 * Dashboard session records in Redis: `<prefix>:session:<id>`, encrypted like everything else at
 * rest (the actor may be an email address), expiring by Redis TTL. The id is already an HMAC of
 * the cookie's session id (see the dashboard's session.ts), never the cookie itself. A session's
 * one-view notes (warnings after a form) are kept the same way under an HMAC of the session id and
 * the note's random id, and read once.
 */
import type { Redis } from 'ioredis';
import type { DataCipher } from '../infra/data-cipher.ts';
import { EncryptedExpiringRecords } from './encrypted-records.ts';

export class RedisSessionRecords {
  readonly #records: EncryptedExpiringRecords;

  constructor(redis: Redis, prefix: string, cipher: DataCipher) {
    this.#records = new EncryptedExpiringRecords(redis, `${prefix}:session`, cipher);
  }

  async put(id: string, record: string, ttlMs: number): Promise<void> {
    await this.#records.set(id, record, ttlMs);
  }

  get(id: string): Promise<string | undefined> {
    return this.#records.get(id);
  }

  take(id: string): Promise<string | undefined> {
    return this.#records.take(id);
  }

  delete(id: string): Promise<void> {
    return this.#records.delete(id);
  }
}
