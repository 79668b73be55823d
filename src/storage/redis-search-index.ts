/**
 * A keyed blind index for finding conferences by name without names in Redis: each word a
 * conference can be found by (domain/search-terms.ts) is stored only as an HMAC-SHA256 of the word
 * under a secret key (derived from the data key by the runtime), truncated to 64 bits:
 *   `<prefix>:s:<hmac>`   hash whose fields are the ids of the conferences with that word
 * A hash rather than a set: Redis keeps a small hash as one compact listpack (a set of ids is a
 * hash table from its first member), about 100 bytes for a word one conference has and 16 bytes
 * for each further conference. The store keeps the index in the same transaction as the aggregate
 * (redis-store.ts): the words taken out are those of the conference as it was, so no per-conference
 * list of hashes is kept. Someone holding a copy of Redis without the key sees which conferences
 * share a word, never the word; two words sharing a hash only add a candidate, and search checks
 * every candidate against the decrypted conference. `rebuildIfNeeded` (at start, when the key or
 * the layout changed, or the index was never built) builds it afresh.
 */
import { createHmac } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import { SEARCH_TOKENS_VERSION, searchTerms } from '../domain/search-terms.ts';
import type { ConferenceStore, SearchIndex } from '../ports.ts';
import type { DerivedRecords } from './derived-records.ts';
import { deleteKeysByPrefix } from './redis-keys.ts';

/** Bump when the layout changes: the next start rebuilds the index. */
const LAYOUT = 2;

export class RedisSearchIndex implements SearchIndex {
  readonly #key: Buffer;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    key: Buffer,
  ) {
    this.#key = Buffer.from(key);
  }

  #hash(term: string): string {
    return createHmac('sha256', this.#key).update(term).digest().subarray(0, 8).toString('base64url');
  }
  #termKey(hash: string): string {
    return `${this.prefix}:s:${hash}`;
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
    const was = new Set(before ? searchTerms(before).map((t) => this.#hash(t)) : []);
    const now = new Set(after ? searchTerms(after).map((t) => this.#hash(t)) : []);
    for (const h of was) if (!now.has(h)) tx.hdel(this.#termKey(h), id);
    for (const h of now) if (!was.has(h)) tx.hset(this.#termKey(h), id, '');
  }

  async find(terms: readonly string[]): Promise<string[]> {
    if (!terms.length) return [];
    const lists = await Promise.all([...new Set(terms)].map((t) => this.redis.hkeys(this.#termKey(this.#hash(t)))));
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

/** The search index as a record derived from the conference, kept in the store's transaction. */
export function searchRecords(index: RedisSearchIndex): DerivedRecords {
  return {
    prepare: (next, prev) => Promise.resolve((tx) => index.queue(tx, next.id, prev, next)),
    remove: (tx, id, last) => index.queue(tx, id, last, undefined),
  };
}
