/**
 * The worklist's index, kept in due-time order: each item a conference gives the worklist
 * (domain/worklist.ts `potentialWork`) is a member `<reference>|<conference id>|<n>` of a sorted set
 * scored by its due time (`-inf` for none), one sorted set per kind and window:
 *   `<prefix>:work:z:<kind>:<from>:<until>`   (`from`/`until`: the window's offsets from the due time, ms, or empty)
 *   `<prefix>:work:sets`                      the sets in use
 * A window is kept as its offsets from the item's due time, and items with the same offsets share a
 * set (most rules give one fixed offset: a report is overdue from just after it was due, an
 * unanswered invitation is work in the 3 days before the meeting; a core group's record is due from
 * the meeting's end, a few distinct offsets), so the items there at any moment are one score range
 * of each set: counting them is ZCOUNT and a page is
 * the first members of each range, merged (ties by member, so by reference, as the worklist sorts).
 * Written in the store's transaction with the conference: the members taken out are those of the
 * conference as it was (so no per-conference list is kept; WORK_INDEX_VERSION moves whenever the rules
 * behind `potentialWork` change). Rebuilt at start when missing or outdated. Ids, references and times
 * only: nothing to decrypt, and only the conferences on the page asked for are read.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import { potentialWork, WORK_KINDS, type WorkKind } from '../domain/worklist.ts';
import type { ConferenceStore, WorkDigestItem, WorkIndex, WorkIndexPage } from '../ports.ts';
import type { DerivedRecords } from './derived-records.ts';
import { deleteKeysByPrefix } from './redis-keys.ts';

/**
 * What the index was built under: `<layout>:<rules>`. The next start rebuilds an index built under
 * another. Bump the layout when the sets or members change here; the rules part is the fingerprint
 * of the code behind `potentialWork` (worklist.ts and the domain code it runs, without types,
 * comments or formatting), which test/unit/work-index-version.test.ts works out and names when it
 * no longer matches, so a change of the rules cannot ship without a rebuild.
 */
export const WORK_INDEX_VERSION = '3:46108bdfac01';

/** A conference's members: set (kind and window) → member → score. */
type Members = Map<string, Map<string, number>>;

const score = (n: number) => (n === -Infinity ? '-inf' : String(n));
const parseScore = (s: string) => (s === '-inf' ? -Infinity : Number(s));

function membersOf(c: Conference | undefined): Members {
  const out: Members = new Map();
  if (!c) return out;
  potentialWork(c).forEach((p, n) => {
    const due = p.dueAt ? Date.parse(p.dueAt) : -Infinity;
    // A window needs a due time to be kept as offsets from it (every rule gives one).
    const off = (at: number | undefined) => (at === undefined || due === -Infinity ? '' : String(at - due));
    const set = `${p.kind}:${off(p.from)}:${off(p.until)}`;
    const members = out.get(set) ?? new Map<string, number>();
    out.set(set, members);
    members.set(`${c.reference}|${c.id}|${String(n).padStart(3, '0')}`, due);
  });
  return out;
}

/** The score range of a set's items there at `t`, and of those overdue then (due before `t`). */
function ranges(set: string, t: number): { lo: string; hi: string; overdueHi: string } {
  const [, from, until] = set.split(':');
  const hiMs = from ? t - Number(from) : Infinity;
  return {
    lo: until ? `(${t - Number(until)}` : '-inf',
    hi: from ? String(hiMs) : '+inf',
    overdueHi: hiMs < t ? String(hiMs) : `(${t}`,
  };
}

export class RedisWorkIndex implements WorkIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(set: string): string {
    return `${this.prefix}:work:z:${set}`;
  }

  private setsKey(): string {
    return `${this.prefix}:work:sets`;
  }

  private builtKey(): string {
    return `${this.prefix}:work-built`;
  }

  private queue(tx: ChainableCommander, prev: Conference | undefined, next: Conference | undefined): void {
    const was = membersOf(prev);
    const now = membersOf(next);
    // One ZREM and one ZADD per set that changed (not one per member), one SADD for the sets it
    // joins: the sets it was in are in use already (written with it; nothing takes a set out but
    // the rebuild, which writes every conference's again).
    for (const [set, members] of was) {
      const gone = [...members.keys()].filter((m) => !now.get(set)?.has(m));
      if (gone.length) tx.zrem(this.key(set), ...gone);
    }
    const joined = [...now.keys()].filter((set) => !was.has(set));
    if (joined.length) tx.sadd(this.setsKey(), ...joined);
    for (const [set, members] of now) {
      const changed = [...members].filter(([m, due]) => was.get(set)?.get(m) !== due);
      if (changed.length) tx.zadd(this.key(set), ...changed.flatMap(([m, due]) => [score(due), m]));
    }
  }

  /** The items kept with the conference (its own; failed jobs are the queue's). */
  records(): DerivedRecords {
    return {
      prepare: (next, prev) => Promise.resolve((tx) => this.queue(tx, prev, next)),
      remove: (tx, _id, last) => this.queue(tx, last, undefined),
    };
  }

  /** The items there at `now`: how many of each kind and overdue, and `count` of them from `offset`, most urgent first. */
  async page(now: Date, offset: number, count: number): Promise<WorkIndexPage> {
    const t = now.getTime();
    const sets = (await this.redis.smembers(this.setsKey())).sort();
    const p = this.redis.pipeline();
    for (const set of sets) {
      const r = ranges(set, t);
      p.zcount(this.key(set), r.lo, r.hi).zcount(this.key(set), r.lo, r.overdueHi);
      if (count > 0) p.zrangebyscore(this.key(set), r.lo, r.hi, 'WITHSCORES', 'LIMIT', 0, offset + count);
    }
    const replies = ((await p.exec()) ?? []).map(([err, v]) => {
      if (err) throw err;
      return v;
    });
    const byKind = Object.fromEntries(WORK_KINDS.map((k) => [k, 0])) as Record<WorkKind, number>;
    let overdue = 0;
    const found: { due: number; member: string; kind: WorkKind }[] = [];
    let i = 0;
    for (const set of sets) {
      const kind = set.split(':')[0] as WorkKind;
      byKind[kind] += replies[i++] as number;
      overdue += replies[i++] as number;
      if (count > 0) {
        const flat = replies[i++] as string[];
        for (let j = 0; j < flat.length; j += 2) found.push({ member: flat[j]!, due: parseScore(flat[j + 1]!), kind });
      }
    }
    found.sort((a, b) => a.due - b.due || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
    // Whatever comes before the page in the merged order is among what was read, so each item's
    // place among its conference's items of the same kind and due time can be counted.
    const seen = new Map<string, number>();
    const items = found.map(({ member, due, kind }): WorkDigestItem => {
      const [reference, conferenceId] = member.split('|') as [string, string];
      const same = `${conferenceId}|${kind}|${due}`;
      const nth = seen.get(same) ?? 0;
      seen.set(same, nth + 1);
      return {
        conferenceId,
        reference,
        kind,
        ...(due !== -Infinity ? { dueAt: new Date(due).toISOString() } : {}),
        nth,
      };
    });
    const total = Object.values(byKind).reduce((a, b) => a + b, 0);
    return { byKind, overdue, total, items: items.slice(offset, offset + count) };
  }

  /** Builds every conference's items when never built or under another version. */
  async rebuildIfNeeded(store: Pick<ConferenceStore, 'list' | 'get'>): Promise<number> {
    if ((await this.redis.get(this.builtKey())) === WORK_INDEX_VERSION) return 0;
    // The first layout's hash (`<prefix>:work`) and every set go first.
    await deleteKeysByPrefix(this.redis, `${this.prefix}:work`);
    const ids = (await store.list()).map((s) => s.id);
    let n = 0;
    for (let i = 0; i < ids.length; i += 100) {
      const tx = this.redis.multi();
      for (const c of await Promise.all(ids.slice(i, i + 100).map((id) => store.get(id))))
        if (c) {
          this.queue(tx, undefined, c);
          n++;
        }
      await tx.exec();
    }
    await this.redis.set(this.builtKey(), WORK_INDEX_VERSION);
    return n;
  }
}
