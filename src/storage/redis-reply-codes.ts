/**
 * Reply codes in Redis: `<prefix>:reply-code:<CODE>` → the signed link it stands for, encrypted at
 * rest like everything else (the link is a credential), expiring by Redis TTL with the link. The
 * key holds the code only: no ids, no names. `<prefix>:reply-codes-of:<conferenceId>` lists a
 * conference's codes (codes only), so a move can keep them as long as their links now work, and
 * erasing the conference (retention) deletes them with it.
 */
import type { Redis } from 'ioredis';
import type { ReplyCodeStore } from '../ports.ts';
import type { DataCipher } from '../infra/data-cipher.ts';
import { EncryptedExpiringRecords } from './encrypted-records.ts';

export const replyCodeKey = (prefix: string, code: string): string => `${prefix}:reply-code:${code}`;
export const replyCodesOfKey = (prefix: string, conferenceId: string): string =>
  `${prefix}:reply-codes-of:${conferenceId}`;

/**
 * Every key a conference's reply codes are kept under (each code and the conference's list), for
 * erasing the conference: its codes go with it rather than outliving it until they expire. A code
 * that expired and was claimed again by another conference while still on this list (odds about
 * 1 in 5 × 10^11) would go too; its letter would then say "we do not recognise this code".
 */
export async function replyCodeKeysOf(redis: Redis, prefix: string, conferenceId: string): Promise<string[]> {
  const codes = await redis.smembers(replyCodesOfKey(prefix, conferenceId));
  return [replyCodesOfKey(prefix, conferenceId), ...codes.map((code) => replyCodeKey(prefix, code))];
}

export class RedisReplyCodes implements ReplyCodeStore {
  readonly #records: EncryptedExpiringRecords;

  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string, cipher: DataCipher) {
    this.#records = new EncryptedExpiringRecords(redis, `${prefix}:reply-code`, cipher); // replyCodeKey's keys
    this.#redis = redis;
    this.#prefix = prefix;
  }

  #index(conferenceId: string): string {
    return replyCodesOfKey(this.#prefix, conferenceId);
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
