/**
 * A keyed blind index for finding conferences by name without names in Redis: each word a
 * conference can be found by (domain/search-terms.ts) is stored only as an HMAC-SHA256 of the word
 * under a secret key (derived from the data key by the runtime), truncated to 128 bits:
 *   `<prefix>:search:t:<hmac>`   set of conference ids with that word
 *   `<prefix>:search:c:<id>`     set of that conference's hashes (to take it out again)
 * Someone holding a copy of Redis without the key sees which conferences share a word, never the
 * word. The index is kept with the aggregate: `indexedStore` re-indexes after every create and
 * update (only when the words changed) and drops a purged conference. Search checks every
 * candidate against the decrypted conference, so an entry left stale by a crash between the two
 * writes is never shown; `rebuild` (at start, when the key changed or the index was never built)
 * fills in anything missing.
 */
import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import { searchTerms } from '../domain/search-terms.ts';
import type { ConferenceStore, SearchIndex } from '../ports.ts';

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
    return createHmac('sha256', this.#key).update(term).digest('base64url').slice(0, 22);
  }
  #termKey(hash: string): string {
    return `${this.prefix}:search:t:${hash}`;
  }
  #confKey(id: string): string {
    return `${this.prefix}:search:c:${id}`;
  }
  /** Says which key built the index (an HMAC of a constant, not the key). */
  #markerKey(): string {
    return `${this.prefix}:search:built`;
  }
  #fingerprint(): string {
    return this.#hash('\u0000index-key-fingerprint');
  }

  /** Indexes `conferenceId` under exactly `terms` (words it no longer has are taken out). */
  async put(conferenceId: string, terms: readonly string[]): Promise<void> {
    const next = new Set(terms.map((t) => this.#hash(t)));
    const current = new Set(await this.redis.smembers(this.#confKey(conferenceId)));
    const gone = [...current].filter((h) => !next.has(h));
    const added = [...next].filter((h) => !current.has(h));
    if (!gone.length && !added.length) return;
    const tx = this.redis.multi();
    for (const h of gone) tx.srem(this.#termKey(h), conferenceId);
    for (const h of added) tx.sadd(this.#termKey(h), conferenceId);
    if (gone.length) tx.srem(this.#confKey(conferenceId), ...gone);
    if (added.length) tx.sadd(this.#confKey(conferenceId), ...added);
    await tx.exec();
  }

  async remove(conferenceId: string): Promise<void> {
    await this.put(conferenceId, []);
  }

  async find(terms: readonly string[]): Promise<string[]> {
    if (!terms.length) return [];
    const keys = [...new Set(terms)].map((t) => this.#termKey(this.#hash(t)));
    return (await this.redis.sinter(...keys)).sort();
  }

  /** Indexes every stored conference when the index was built with another key or never built. Returns how many it indexed. */
  async rebuildIfNeeded(store: Pick<ConferenceStore, 'list' | 'get'>): Promise<number> {
    if ((await this.redis.get(this.#markerKey())) === this.#fingerprint()) return 0;
    let n = 0;
    for (const s of await store.list()) {
      const c = await store.get(s.id);
      if (!c) continue;
      // A key change leaves the old hashes behind: start this conference's entry afresh.
      const old = await this.redis.smembers(this.#confKey(c.id));
      if (old.length) {
        const tx = this.redis.multi();
        for (const h of old) tx.srem(this.#termKey(h), c.id);
        tx.del(this.#confKey(c.id));
        await tx.exec();
      }
      await this.put(c.id, searchTerms(c));
      n++;
    }
    await this.redis.set(this.#markerKey(), this.#fingerprint());
    return n;
  }
}

/** The store with the index kept beside it: every create and update re-indexes, a purge un-indexes. */
export function indexedStore<S extends ConferenceStore>(store: S, index: RedisSearchIndex): S {
  const reindex = async (c: Conference) => index.put(c.id, searchTerms(c));
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'create')
        return async (c: Conference) => {
          await target.create(c);
          await reindex(c);
        };
      if (prop === 'update')
        return async (id: string, mutate: Parameters<ConferenceStore['update']>[1]) => {
          const c = await target.update(id, mutate);
          await reindex(c);
          return c;
        };
      if (prop === 'purge' && target.purge)
        return async (id: string, log: { at: string; actor: string; reason: string }) => {
          const r = await target.purge!(id, log);
          await index.remove(id);
          return r;
        };
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
