/**
 * The text opt-out list in Redis: one hash, field = HMAC-SHA256 of the number in international form
 * (keyed, so the list cannot be reversed by hashing every UK mobile), value = when.
 */
import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ukMobile } from '../domain/texts.ts';
import type { TextOptOuts } from '../ports.ts';

export class RedisTextOptOuts implements TextOptOuts {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** The HMAC key (32 bytes of the data-at-rest key). */
    private readonly secret: Buffer,
  ) {}

  private field(mobile: string): string {
    return createHmac('sha256', this.secret).update(`sms-opt-out:${ukMobile(mobile) ?? mobile.replace(/\s/g, '')}`).digest('base64url');
  }

  async optOut(mobile: string, at: string): Promise<void> {
    await this.redis.hset(`${this.prefix}:sms-opt-out`, this.field(mobile), at);
  }

  async isOptedOut(mobile: string): Promise<boolean> {
    return (await this.redis.hexists(`${this.prefix}:sms-opt-out`, this.field(mobile))) === 1;
  }
}
