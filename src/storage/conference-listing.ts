/**
 * The conference list: summaries kept beside each conference, in the order of the sorted index of
 * start times (`<prefix>:conferences`). A page reads only its own summaries.
 */
import type { Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import type { ConferenceSummary } from '../ports.ts';
import type { ConferenceCodec } from './conference-codec.ts';
import { summaryOf } from './conference-indexes.ts';
import type { RedisKeys } from './redis-keys.ts';

export interface ListPageQuery {
  fromMs?: number;
  beforeMs?: number;
  descending?: boolean;
  offset: number;
  count: number;
}

export class ConferenceListing {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly codec: ConferenceCodec,
    private readonly getMany: (ids: string[]) => Promise<Conference[]>,
  ) {}

  async all(): Promise<ConferenceSummary[]> {
    return this.summaries(await this.redis.zrange(this.keys.index(), 0, -1));
  }

  async page(q: ListPageQuery): Promise<{ total: number; summaries: ConferenceSummary[] }> {
    const lo = q.fromMs === undefined ? '-inf' : String(q.fromMs);
    const hi = q.beforeMs === undefined ? '+inf' : `(${q.beforeMs}`;
    const key = this.keys.index();
    const [total, ids] = await Promise.all([
      this.redis.zcount(key, lo, hi),
      q.descending
        ? this.redis.zrevrangebyscore(key, hi, lo, 'LIMIT', q.offset, q.count)
        : this.redis.zrangebyscore(key, lo, hi, 'LIMIT', q.offset, q.count),
    ]);
    return { total, summaries: await this.summaries(ids) };
  }

  private async summaries(ids: string[]): Promise<ConferenceSummary[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mgetBuffer(ids.map((id) => this.keys.summary(id)));
    // A conference stored before summaries existed (until the start-up backfill) is summarised from its aggregate.
    const missing = await this.getMany(ids.filter((_, i) => raws[i] === null));
    const fromAggregate = new Map(missing.map((c) => [c.id, summaryOf(c)]));
    const out: ConferenceSummary[] = [];
    ids.forEach((id, i) => {
      const raw = raws[i];
      const s = raw ? this.codec.openSummary(raw) : fromAggregate.get(id);
      if (s) out.push(s);
    });
    return out;
  }
}
