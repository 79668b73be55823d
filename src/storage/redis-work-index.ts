/**
 * The worklist's index: for each conference that gives the worklist anything, a short digest of its
 * items (kind, due time, and when each is there: domain/worklist.ts `potentialWork`) in one hash,
 * written in the store's transaction with the conference. Today's counts and the order of every
 * item come from the digests alone (a few dozen bytes each, ids and times only, no decryption);
 * only the conferences on the page asked for are read. Rebuilt at start when missing or outdated.
 */
import type { Redis } from 'ioredis';
import { potentialWork, type WorkKind } from '../domain/worklist.ts';
import type { ConferenceStore, WorkDigestItem } from '../ports.ts';
import type { DerivedRecords } from './derived-records.ts';

/** Bump when the digest's layout or the rules behind it change: the next start rebuilds it. */
const VERSION = 1;

/** One item: [kind, due, from, until] (epoch ms; 0 for none). */
type Packed = [WorkKind, number, number, number];

export class RedisWorkIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(): string {
    return `${this.prefix}:work`;
  }

  private builtKey(): string {
    return `${this.prefix}:work-built`;
  }

  /** The digest kept with the conference (its own items; failed jobs are the queue's). */
  records(): DerivedRecords {
    return {
      prepare: (next) =>
        Promise.resolve((tx) => {
          const items = potentialWork(next).map((p): Packed => [
            p.kind,
            p.dueAt ? Date.parse(p.dueAt) : 0,
            p.from ?? 0,
            p.until ?? 0,
          ]);
          if (items.length) tx.hset(this.key(), next.id, JSON.stringify([next.reference, ...items]));
          else tx.hdel(this.key(), next.id);
        }),
      remove: (tx, id) => void tx.hdel(this.key(), id),
    };
  }

  /** Every item there at `now`, across conferences (from the digests). */
  async at(now: Date): Promise<WorkDigestItem[]> {
    const t = now.getTime();
    const all = await this.redis.hgetall(this.key());
    const out: WorkDigestItem[] = [];
    for (const [conferenceId, raw] of Object.entries(all)) {
      const [reference, ...items] = JSON.parse(raw) as [string, ...Packed[]];
      for (const [kind, due, from, until] of items)
        if ((!from || from <= t) && (!until || t < until))
          out.push({ conferenceId, reference, kind, ...(due ? { dueAt: new Date(due).toISOString() } : {}) });
    }
    return out;
  }

  /** Builds every conference's digest when it was never built or under another version. */
  async rebuildIfNeeded(store: Pick<ConferenceStore, 'list' | 'get'>): Promise<number> {
    if ((await this.redis.get(this.builtKey())) === String(VERSION)) return 0;
    await this.redis.del(this.key());
    const ids = (await store.list()).map((s) => s.id);
    const write = this.records();
    let n = 0;
    for (let i = 0; i < ids.length; i += 100) {
      const tx = this.redis.multi();
      for (const c of await Promise.all(ids.slice(i, i + 100).map((id) => store.get(id))))
        if (c) {
          (await write.prepare(c, undefined))(tx);
          n++;
        }
      await tx.exec();
    }
    await this.redis.set(this.builtKey(), String(VERSION));
    return n;
  }
}
