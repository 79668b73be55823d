/**
 * A keyed blind index for finding conferences by name without names in Redis: each token a
 * conference can be found by (domain/search-terms.ts: the first 3 to 6 letters of each word, a
 * short word whole) is stored only as an HMAC-SHA256 under a secret key (derived from the data key
 * by the runtime):
 *   `<prefix>:s:<hmac of the group>`            hash: field a conference id, value its tags
 *   `<prefix>:s:<hmac of the group>.<bucket>`   the same, once the group's hash holds SPILL_AT
 * A token's group is its first 3 letters (`^testf` → `^tes`, domain `tokenGroup`); the group's key
 * is its HMAC truncated to 64 bits, and the longer prefixes of the conference's words in that group
 * are its value, each as a 4-character tag (3 bytes of the token's HMAC), so one hash field per
 * group and conference holds what was four keys of their own (about 100 bytes each). A group's hash
 * takes SPILL_AT conferences; later ones go to one of SEARCH_BUCKETS hashes by a hash of their id, so
 * none outgrows Redis's listpack (past 128 fields a hash becomes a hash table, several times the
 * bytes a field) and a small group is still one key. Looking up `^testf` reads the group (its
 * buckets too once it spilled) and keeps the conferences whose value has its tag. A hash rather
 * than a set: Redis keeps a small hash as one compact listpack (a set of ids is a hash table from
 * its first member). The store keeps the index in the same transaction as the aggregate
 * (redis-store.ts): what is taken out is the conference as it was, so no per-conference list of
 * hashes is kept. Someone holding a copy of Redis without the key sees which conferences share a
 * group or a tag, never a word; two tokens sharing a hash or a tag only add a candidate, and search
 * checks every candidate against the decrypted conference. `rebuildIfNeeded` (at start, when the
 * key or the layout changed, or the index was never built) builds it afresh.
 */
import { createHmac } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import { SEARCH_TOKENS_VERSION, searchTerms, tokenGroup } from '../domain/search-terms.ts';
import type { ConferenceStore, SearchIndex } from '../ports.ts';
import type { DerivedRecords } from './derived-records.ts';
import { deleteKeysByPrefix } from './redis-keys.ts';
import { RedisScript } from './redis-script.ts';

/** Bump when the layout changes: the next start rebuilds the index. */
const LAYOUT = 4;

/**
 * Buckets of a group past SPILL_AT, by a hash of the conference id: a group every conference is in
 * (a role's or an agency's words) holds about 49 ids a bucket at 50,000 conferences, so each stays
 * a listpack (hash-max-listpack-entries 128) up to about 100,000. A fixed number, so every process
 * puts a conference in the same bucket whatever it has seen.
 */
export const SEARCH_BUCKETS = 1024;

/** Fields a group's own hash takes before new conferences go to its buckets (a listpack holds 128). */
const SPILL_AT = 100;

/**
 * Sets a conference's tags in a group (KEYS[1] the group's hash, KEYS[2] the conference's bucket;
 * ARGV id, tags): where it already is, else in the group's hash while it has room, else in the
 * bucket, marking the group's hash with the field `~` so readers know to read the buckets too.
 */
const PUT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
if redis.call('HLEN', KEYS[1]) < tonumber(ARGV[3]) then return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('HSET', KEYS[1], '~', '1')
return redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])`;

/**
 * Every conference and its tags in a group (`ARGV[1]`) as one flat list: its own hash, and when that
 * is marked `~` every bucket (`.0` … `.3ff`, names built here rather than passed as KEYS, which a
 * single Redis allows; this service uses no cluster). One round trip.
 */
const READ_GROUP = new RedisScript(`
local out, n, spilled = {}, 0, false
local own = redis.call('HGETALL', ARGV[1])
for i = 1, #own, 2 do
  if own[i] == '~' then spilled = true else out[n + 1] = own[i]; out[n + 2] = own[i + 1]; n = n + 2 end
end
if spilled then
  for b = 0, tonumber(ARGV[2]) - 1 do
    local h = redis.call('HGETALL', string.format('%s.%x', ARGV[1], b))
    for i = 1, #h do n = n + 1; out[n] = h[i] end
  end
end
return out`);

/** Characters of a tag (3 bytes of the token's HMAC in base64url). */
const TAG = 4;

export class RedisSearchIndex implements SearchIndex {
  readonly #key: Buffer;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    key: Buffer,
  ) {
    this.#key = Buffer.from(key);
  }

  #mac(term: string): Buffer {
    return createHmac('sha256', this.#key).update(term).digest();
  }
  #hash(term: string): string {
    return this.#mac(term).subarray(0, 8).toString('base64url');
  }
  #tag(token: string): string {
    return this.#mac(token).subarray(8, 11).toString('base64url');
  }
  /** The conference's entries: the key hash of each group it is in, and its tags there (sorted, joined). */
  #entries(terms: readonly string[]): Map<string, string> {
    const groups = new Map<string, Set<string>>();
    for (const t of terms) {
      const g = tokenGroup(t);
      const tags = groups.get(g) ?? new Set<string>();
      groups.set(g, tags);
      if (t !== g) tags.add(this.#tag(t));
    }
    return new Map([...groups].map(([g, tags]) => [this.#hash(g), [...tags].sort().join('')]));
  }
  /** The hash of group `hash`. */
  #groupKey(hash: string): string {
    return `${this.prefix}:s:${hash}`;
  }
  /** The bucket of group `hash` that holds conference `id` once the group's own hash is full. */
  #bucketKey(hash: string, id: string): string {
    return `${this.#groupKey(hash)}.${bucketOf(id).toString(16)}`;
  }
  /** Ids and tags of every conference in group `hash`. */
  async #readGroup(hash: string): Promise<[string, string][]> {
    const flat = (await READ_GROUP.run(this.redis, [], [this.#groupKey(hash), String(SEARCH_BUCKETS)])) as string[];
    const entries: [string, string][] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push([flat[i]!, flat[i + 1]!]);
    return entries;
  }
  /** Says which key and layout built the index (an HMAC of a constant, not the key). */
  #markerKey(): string {
    return `${this.prefix}:search-built`;
  }
  /** Changes with the key and with what is indexed (`SEARCH_TOKENS_VERSION`): either rebuilds the index. */
  #fingerprint(): string {
    return `${LAYOUT}:${this.#hash(`\u0000index-key-fingerprint-v${SEARCH_TOKENS_VERSION}`)}`;
  }

  /** Queues, in the caller's transaction, the changes that take `id` from the words of `before` to those of `after`. */
  queue(
    tx: ChainableCommander,
    id: string,
    before: Pick<Conference, 'children' | 'attendees'> | undefined,
    after: Pick<Conference, 'children' | 'attendees'> | undefined,
  ): void {
    const termsBefore = before ? searchTerms(before) : [];
    const termsAfter = after ? searchTerms(after) : [];
    // Most writes change no name: the same terms give the same entries, so there is nothing to
    // queue and no HMAC to work out (it was a few per cent of every conference update's CPU).
    if (sameTerms(termsBefore, termsAfter)) return;
    const was = this.#entries(termsBefore);
    const now = this.#entries(termsAfter);
    for (const h of was.keys()) if (!now.has(h)) tx.hdel(this.#groupKey(h), id).hdel(this.#bucketKey(h, id), id);
    for (const [h, tags] of now)
      if (was.get(h) !== tags) tx.eval(PUT, 2, this.#groupKey(h), this.#bucketKey(h, id), id, tags, SPILL_AT);
  }

  /** Ids of the conferences with every one of `tokens` (domain `queryTokens`). */
  async find(tokens: readonly string[]): Promise<string[]> {
    if (!tokens.length) return [];
    const groups = [...new Set(tokens.map(tokenGroup))];
    const read = await Promise.all(groups.map((g) => this.#readGroup(this.#hash(g))));
    const byGroup = new Map(groups.map((g, i) => [g, read[i]!]));
    const lists = [...new Set(tokens)].map((t) => {
      const entries = byGroup.get(tokenGroup(t))!;
      if (t === tokenGroup(t)) return entries.map(([id]) => id);
      const tag = this.#tag(t);
      return entries.filter(([, tags]) => hasTag(tags, tag)).map(([id]) => id);
    });
    lists.sort((a, b) => a.length - b.length);
    const [first, ...rest] = lists;
    const others = rest.map((l) => new Set(l));
    return first!.filter((id) => others.every((s) => s.has(id))).sort();
  }

  /** Indexes every stored conference when the index was built with another key or layout, or never. Returns how many it indexed. */
  async rebuildIfNeeded(store: Pick<ConferenceStore, 'list' | 'get'>): Promise<number> {
    if ((await this.redis.get(this.#markerKey())) === this.#fingerprint()) return 0;
    // Whatever was there (another key's hashes, the first layout's sets) goes first.
    await deleteKeysByPrefix(this.redis, `${this.prefix}:s:`);
    await deleteKeysByPrefix(this.redis, `${this.prefix}:search:`);
    let n = 0;
    const ids = (await store.list()).map((s) => s.id);
    for (let i = 0; i < ids.length; i += 100) {
      const tx = this.redis.multi();
      for (const c of await Promise.all(ids.slice(i, i + 100).map((id) => store.get(id))))
        if (c) {
          this.queue(tx, c.id, undefined, c);
          n++;
        }
      await tx.exec();
    }
    await this.redis.set(this.#markerKey(), this.#fingerprint());
    return n;
  }
}

/** A conference's bucket: FNV-1a of its id (ids are not secret; only an even spread matters). */
function bucketOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SEARCH_BUCKETS;
}

/** The same terms, in any order (the entries depend only on which terms there are). */
function sameTerms(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((t) => y.has(t));
}

/** Whether `tags` (4-character tags joined) holds `tag` at a tag's place. */
function hasTag(tags: string, tag: string): boolean {
  for (let i = tags.indexOf(tag); i >= 0; i = tags.indexOf(tag, i + 1)) if (i % TAG === 0) return true;
  return false;
}

/** The search index as a record derived from the conference, kept in the store's transaction. */
export function searchRecords(index: RedisSearchIndex): DerivedRecords {
  return {
    prepare: (next, prev) => Promise.resolve((tx) => index.queue(tx, next.id, prev, next)),
    remove: (tx, id, last) => index.queue(tx, id, last, undefined),
  };
}
