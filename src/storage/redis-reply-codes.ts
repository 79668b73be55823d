/**
 * Reply codes in Redis: `<prefix>:reply-code:<CODE>` → the signed link it stands for, encrypted at
 * rest like everything else (the link is a credential), expiring by Redis TTL with the link. The
 * key holds the code only: no ids, no names. `<prefix>:reply-codes-of:<conferenceId>` lists a
 * conference's codes (codes only), so a move can keep them as long as their links now work.
 */
import type { Redis } from 'ioredis';
import type { ReplyCodeStore } from '../ports.ts';
import type { DataCipher } from '../infra/data-cipher.ts';
import { EncryptedExpiringRecords } from './encrypted-records.ts';

export class RedisReplyCodes implements ReplyCodeStore {
  readonly #records: EncryptedExpiringRecords;

  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string, cipher: DataCipher) {
    this.#records = new EncryptedExpiringRecords(redis, `${prefix}:reply-code`, cipher);
    this.#redis = redis;
    this.#prefix = prefix;
  }

  #index(conferenceId: string): string {
    return `${this.#prefix}:reply-codes-of:${conferenceId}`;
  }

  async claim(code: string, token: string, ttlMs: number, conferenceId: string): Promise<string> {
    const ttl = Math.max(1000, Math.ceil(ttlMs));
    // Twice at most: a code that expired between the SET and the GET is free again.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.#records.set(code, token, ttl, { onlyIfAbsent: true })) {
        await this.#redis
          .multi()
          .sadd(this.#index(conferenceId), code)
          .pexpire(this.#index(conferenceId), ttl, 'GT')
          .pexpire(this.#index(conferenceId), ttl, 'NX')
          .exec();
        return token;
      }
      const held = await this.get(code);
      if (held !== undefined) return held;
    }
    throw new Error('reply code store: could not claim a code');
  }

  get(code: string): Promise<string | undefined> {
    return this.#records.get(code);
  }

  async keepConference(conferenceId: string, ttlMs: number): Promise<void> {
    const ttl = Math.max(1000, Math.ceil(ttlMs));
    const codes = await this.#redis.smembers(this.#index(conferenceId));
    const keep = this.#redis.multi().pexpire(this.#index(conferenceId), ttl, 'GT');
    // GT never shortens a code's life; a code already expired stays gone.
    for (const code of codes) keep.pexpire(this.#records.keyOf(code), ttl, 'GT');
    await keep.exec();
  }
}
