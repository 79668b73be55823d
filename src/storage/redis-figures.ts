/**
 * The figures read model in Redis: one small record per conference (app/figures/record.ts), kept in
 * a hash beside a sorted set of conference dates, so a period's figures read only the records of
 * the conferences dated in it (ZRANGEBYSCORE, then HMGET) and never an aggregate or a ledger.
 * Records hold references, dates, agencies and counts only; they are encrypted at rest like the
 * conferences. Keys carry conference ids only.
 */
import type { Redis } from 'ioredis';
import type { FiguresIndex } from '../app/figures/track-figures.ts';
import type { FiguresRecord } from '../app/figures/record.ts';
import type { DataCipher } from './crypto.ts';
import { RedisScript } from './redis-script.ts';

// A record made from an older revision of the conference never replaces a newer one (two writers
// can finish in either order); the same revision may be rewritten (a rebuild under a new rule).
const PUT = new RedisScript(`
local cur = redis.call('HGET', KEYS[2], ARGV[1])
if cur and tonumber(cur) > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
return 1
`);

const DAY_MS = 86_400_000;
/** A London date as a whole number of days since 1970-01-01: the sorted set's score. */
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
/** HMGET this many records per round trip. */
const CHUNK = 1000;

export class RedisFiguresIndex implements FiguresIndex {
  private readonly keys: { records: string; revs: string; dates: string; version: string };

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly cipher?: DataCipher,
  ) {
    this.keys = { records: `${prefix}:figures:records`, revs: `${prefix}:figures:revs`, dates: `${prefix}:figures:dates`, version: `${prefix}:figures:version` };
  }

  async put(record: FiguresRecord): Promise<void> {
    const json = JSON.stringify(record);
    await PUT.run(this.redis, [this.keys.records, this.keys.revs, this.keys.dates], [record.id, String(record.rev), this.cipher ? this.cipher.encrypt(json) : json, String(dayNumber(record.on))]);
  }

  async remove(conferenceId: string): Promise<void> {
    await this.redis.multi().hdel(this.keys.records, conferenceId).hdel(this.keys.revs, conferenceId).zrem(this.keys.dates, conferenceId).exec();
  }

  async between(from: string, to: string): Promise<FiguresRecord[]> {
    const ids = await this.redis.zrangebyscore(this.keys.dates, dayNumber(from), dayNumber(to));
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
    const raws = (await Promise.all(chunks.map((chunk) => this.redis.hmget(this.keys.records, ...chunk)))).flat();
    const out: FiguresRecord[] = [];
    for (const raw of raws) if (raw !== null) out.push(JSON.parse(this.cipher ? this.cipher.decrypt(raw) : raw) as FiguresRecord);
    return out;
  }

  async builtVersion(): Promise<number | undefined> {
    const v = await this.redis.get(this.keys.version);
    return v === null ? undefined : Number(v);
  }

  async markBuilt(version: number): Promise<void> {
    await this.redis.set(this.keys.version, String(version));
  }
}
