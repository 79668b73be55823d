/**
 * A Lua script run by its SHA-1 (EVALSHA), so the hot paths — every send claim and ledger write,
 * every rate-limited request — do not send the script text each time. After a Redis restart (or
 * SCRIPT FLUSH) the server answers NOSCRIPT and the script is sent once with EVAL, which caches it again.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class RedisScript {
  readonly #sha: string;
  constructor(private readonly lua: string) {
    this.#sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | Buffer)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }

  /** The same, with bulk replies as Buffers (for scripts that hand back binary values). */
  async runBuffer(redis: Redis, keys: readonly string[], args: readonly (string | Buffer)[]): Promise<unknown> {
    try {
      return await redis.callBuffer('EVALSHA', [this.#sha, keys.length, ...keys, ...args]);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.callBuffer('EVAL', [this.lua, keys.length, ...keys, ...args]);
    }
  }
}
