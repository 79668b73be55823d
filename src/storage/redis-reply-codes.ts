/**
 * Reply codes in Redis: `<prefix>:reply-code:<CODE>` → the signed link it stands for, encrypted at
 * rest like everything else (the link is a credential), expiring by Redis TTL with the link. The
 * key holds the code only: no ids, no names.
 */
import type { Redis } from 'ioredis';
import type { ReplyCodeStore } from '../ports.ts';
import type { DataCipher } from '../infra/data-cipher.ts';
import { EncryptedExpiringRecords } from './encrypted-records.ts';

export class RedisReplyCodes implements ReplyCodeStore {
  readonly #records: EncryptedExpiringRecords;

  constructor(redis: Redis, prefix: string, cipher: DataCipher) {
    this.#records = new EncryptedExpiringRecords(redis, `${prefix}:reply-code`, cipher);
  }

  async claim(code: string, token: string, ttlMs: number): Promise<string> {
    // Twice at most: a code that expired between the SET and the GET is free again.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.#records.set(code, token, Math.max(1000, Math.ceil(ttlMs)), { onlyIfAbsent: true })) return token;
      const held = await this.get(code);
      if (held !== undefined) return held;
    }
    throw new Error('reply code store: could not claim a code');
  }

  get(code: string): Promise<string | undefined> {
    return this.#records.get(code);
  }
}
