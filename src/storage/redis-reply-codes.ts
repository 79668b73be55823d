/**
 * Reply codes in Redis: `<prefix>:reply-code:<CODE>` → the signed link it stands for, encrypted at
 * rest like everything else (the link is a credential), expiring by Redis TTL with the link. The
 * key holds the code only: no ids, no names.
 */
import type { Redis } from 'ioredis';
import type { ReplyCodeStore } from '../ports.ts';
import type { DataCipher } from './crypto.ts';

export class RedisReplyCodes implements ReplyCodeStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cipher: DataCipher,
  ) {}

  #key(code: string): string {
    return `${this.prefix}:reply-code:${code}`;
  }

  async claim(code: string, token: string, ttlMs: number): Promise<string> {
    // Twice at most: a code that expired between the SET and the GET is free again.
    for (let attempt = 0; attempt < 2; attempt++) {
      const set = await this.redis.set(this.#key(code), this.cipher.encrypt(token), 'PX', Math.max(1000, Math.ceil(ttlMs)), 'NX');
      if (set === 'OK') return token;
      const held = await this.get(code);
      if (held !== undefined) return held;
    }
    throw new Error('reply code store: could not claim a code');
  }

  async get(code: string): Promise<string | undefined> {
    const stored = await this.redis.get(this.#key(code));
    if (stored === null) return undefined;
    try {
      return this.cipher.decrypt(stored);
    } catch {
      return undefined; // written under another key, or altered: not a code of ours
    }
  }
}
