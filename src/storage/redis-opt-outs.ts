/**
 * The text opt-out list in Redis: one hash, field = HMAC-SHA256 of the number in international form
 * (keyed, so the list cannot be reversed by hashing every UK mobile), value = when. Beside it, per
 * number (the same HMAC in the key, never the number), the set of attendees texted at it, so a reply
 * stops their texts at once; it expires a year after the last text.
 */
import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod/v4';
import { ukMobile } from '../domain/texts.ts';
import type { TextHolder, TextOptOuts } from '../ports/notify.ts';

const HOLDERS_TTL_SECONDS = 366 * 24 * 3600;
const Holder = z.object({ conferenceId: z.string().min(1).max(80), attendeeId: z.string().min(1).max(20) }).strict();

export class RedisTextOptOuts implements TextOptOuts {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** The HMAC key (32 bytes of the data-at-rest key). */
    private readonly secret: Buffer,
  ) {}

  private field(mobile: string): string {
    return createHmac('sha256', this.secret)
      .update(`sms-opt-out:${ukMobile(mobile) ?? mobile.replace(/\s/g, '')}`)
      .digest('base64url');
  }

  private holdersKey(mobile: string): string {
    return `${this.prefix}:sms-holders:${this.field(mobile)}`;
  }

  async optOut(mobile: string, at: string): Promise<void> {
    await this.redis.hset(`${this.prefix}:sms-opt-out`, this.field(mobile), at);
  }

  async isOptedOut(mobile: string): Promise<boolean> {
    return (await this.redis.hexists(`${this.prefix}:sms-opt-out`, this.field(mobile))) === 1;
  }

  async optIn(mobile: string): Promise<void> {
    await this.redis.hdel(`${this.prefix}:sms-opt-out`, this.field(mobile));
  }

  async remember(mobile: string, holder: TextHolder): Promise<void> {
    const key = this.holdersKey(mobile);
    await this.redis
      .multi()
      .sadd(key, JSON.stringify(Holder.parse(holder)))
      .expire(key, HOLDERS_TTL_SECONDS)
      .exec();
  }

  async holders(mobile: string): Promise<TextHolder[]> {
    const members = await this.redis.smembers(this.holdersKey(mobile));
    return members.flatMap((m) => {
      try {
        const parsed = Holder.safeParse(JSON.parse(m));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
  }
}
