/**
 * The conference list: summaries kept beside each conference, in the order of the sorted index of
 * start times (`<prefix>:conferences`). A page reads only its own summaries. For the list's filters
 * and sorts the store keeps, in the same transaction as the conference (`listIndexes`):
 *   `<prefix>:conferences:state:<state>`    its conferences by start time
 *   `<prefix>:conferences:policy:<policy>`  the same by policy
 *   `<prefix>:conferences:by-ref`           every conference scored by its reference (year, number)
 * so one filter is a page of one sorted set, and two filters or the order by reference read only
 * ids and scores (no summary is read or decrypted but the page's).
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import type { ConferenceSummary } from '../ports.ts';
import type { ConferenceCodec } from './conference-codec.ts';
import { summaryOf } from '../app/conference/conference-summary.ts';
import type { DerivedRecords } from './derived-records.ts';
import type { Logger } from '../infra/logger.ts';
import { DecryptionError } from '../infra/data-cipher.ts';
import type { RedisKeys } from './redis-keys.ts';

export interface ListPageQuery {
  fromMs?: number;
  beforeMs?: number;
  descending?: boolean;
  state?: string;
  policy?: string;
  /** By reference instead of start time. */
  byReference?: boolean;
  offset: number;
  count: number;
}

/** `CPC-2027-0042` → 20270000042: references in order of year, then number. */
function referenceScore(reference: string): number {
  const m = /^CPC-(\d{4})-(\d+)$/.exec(reference);
  return m ? Number(m[1]) * 1e7 + Number(m[2]) : 0;
}

const startMs = (c: Conference) => Date.parse(c.startsAt);

/** The list's filter and sort indexes, written with the conference (see the file's comment). */
export function listIndexes(keys: RedisKeys): DerivedRecords & { queue(tx: ChainableCommander, c: Conference): void } {
  const state = (s: string) => `${keys.index()}:state:${s}`;
  const policy = (p: string) => `${keys.index()}:policy:${p}`;
  const byRef = () => `${keys.index()}:by-ref`;
  const queue = (tx: ChainableCommander, c: Conference, prev?: Conference) => {
    if (prev && prev.state !== c.state) tx.zrem(state(prev.state), c.id);
    if (prev && prev.policyId !== c.policyId) tx.zrem(policy(prev.policyId), c.id);
    if (prev?.state !== c.state || prev.startsAt !== c.startsAt) tx.zadd(state(c.state), startMs(c), c.id);
    if (prev?.policyId !== c.policyId || prev.startsAt !== c.startsAt) tx.zadd(policy(c.policyId), startMs(c), c.id);
    if (prev?.reference !== c.reference) tx.zadd(byRef(), referenceScore(c.reference), c.id);
  };
  return {
    queue: (tx, c) => queue(tx, c),
    prepare: (next, prev) => Promise.resolve((tx) => queue(tx, next, prev)),
    remove: (tx, id, last) => {
      if (last) tx.zrem(state(last.state), id).zrem(policy(last.policyId), id);
      tx.zrem(byRef(), id);
    },
  };
}

export class ConferenceListing {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly codec: ConferenceCodec,
    private readonly getMany: (ids: string[]) => Promise<Conference[]>,
    private readonly logger: Logger,
  ) {}

  async all(): Promise<ConferenceSummary[]> {
    return this.summaries(await this.redis.zrange(this.keys.index(), 0, -1));
  }

  async page(q: ListPageQuery): Promise<{ total: number; summaries: ConferenceSummary[] }> {
    const lo = q.fromMs === undefined ? '-inf' : String(q.fromMs);
    const hi = q.beforeMs === undefined ? '+inf' : `(${q.beforeMs}`;
    const index = this.keys.index();
    const filters = [
      ...(q.state ? [`${index}:state:${q.state}`] : []),
      ...(q.policy ? [`${index}:policy:${q.policy}`] : []),
    ];
    const key = filters[0] ?? index;
    const dated = q.fromMs !== undefined || q.beforeMs !== undefined;
    if (filters.length < 2 && !q.byReference) {
      // One sorted set by start time: a count and the page.
      const [total, ids] = await Promise.all([
        this.redis.zcount(key, lo, hi),
        q.descending
          ? this.redis.zrevrangebyscore(key, hi, lo, 'LIMIT', q.offset, q.count)
          : this.redis.zrangebyscore(key, lo, hi, 'LIMIT', q.offset, q.count),
      ]);
      return { total, summaries: await this.summaries(ids) };
    }
    if (!filters.length && !dated) {
      // Every conference by reference: a page of that index.
      const [total, ids] = await Promise.all([
        this.redis.zcard(`${index}:by-ref`),
        this.redis.zrange(`${index}:by-ref`, q.offset, q.offset + q.count - 1),
      ]);
      return { total, summaries: await this.summaries(ids) };
    }
    // Ids only: those in the first set (by start time, in the range) that the second has, ordered as asked.
    let ids = await this.redis.zrangebyscore(key, lo, hi);
    if (filters[1] && ids.length) {
      const other = await this.redis.zmscore(filters[1], ...ids);
      ids = ids.filter((_, i) => other[i] !== null);
    }
    if (q.byReference && ids.length) {
      const refs = (await this.redis.zmscore(`${index}:by-ref`, ...ids)).map(Number);
      ids = ids
        .map((id, i) => [id, refs[i]!] as const)
        .sort((a, b) => a[1] - b[1])
        .map(([id]) => id);
    } else if (q.descending) ids.reverse();
    return { total: ids.length, summaries: await this.summaries(ids.slice(q.offset, q.offset + q.count)) };
  }

  private async summaries(ids: string[]): Promise<ConferenceSummary[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mgetBuffer(ids.map((id) => this.keys.summary(id)));
    const opened = ids.map((id, i) => {
      const raw = raws[i];
      if (!raw) return undefined;
      let s: ConferenceSummary | undefined;
      try {
        s = this.codec.openSummary(raw, id);
      } catch (err) {
        // Altered, or plain where plain values are refused: listed from its own record too.
        if (!(err instanceof DecryptionError)) throw err;
      }
      // Another conference's summary under this key: the list shows this one from its own record instead.
      if (!s) this.logger.warn("list summary refused: another conference's, altered or plain", { conferenceId: id });
      return s;
    });
    // A conference stored before summaries existed (until the start-up backfill), or whose summary was
    // refused, is summarised from its aggregate.
    const missing = await this.getMany(ids.filter((_, i) => opened[i] === undefined));
    const fromAggregate = new Map(missing.map((c) => [c.id, summaryOf(c)]));
    return ids.flatMap((id, i) => {
      const s = opened[i] ?? fromAggregate.get(id);
      return s ? [s] : [];
    });
  }
}
