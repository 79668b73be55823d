/**
 * The blind search index (storage/redis-search-index.ts) at scale: a group of tokens many
 * conferences share is split into buckets, so every hash stays a compact listpack (past 128 fields
 * Redis makes it a hash table, several times the bytes a field) and search still finds every one of
 * them, in id order; an index of the previous layout is rebuilt at start into the new one.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conference } from '../../src/domain/conference.ts';
import { queryTokens } from '../../src/domain/search-terms.ts';
import { RedisSearchIndex } from '../../src/storage/redis-search-index.ts';
import { makeConference } from '../helpers/fixtures.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

const KEY = Buffer.alloc(32, 7);

describe('the search index with many conferences sharing a name', () => {
  let t: TestRedis;
  let index: RedisSearchIndex;
  let conferences: Conference[] = [];
  let ids: string[] = [];
  const store = {
    list: () => Promise.resolve(conferences.map((c) => ({ id: c.id }) as never)),
    get: (id: string) => Promise.resolve(conferences.find((c) => c.id === id)),
  };

  beforeEach(async () => {
    t = testRedis();
    index = new RedisSearchIndex(t.redis, t.prefix, KEY);
    // More conferences than a listpack holds, whatever this Redis's threshold (128 by default).
    const [, limit] = (await t.redis.config('GET', 'hash-max-listpack-entries')) as [string, string];
    conferences = Array.from({ length: Number(limit) + 100 }, (_, i) =>
      makeConference({ id: `c${String(i).padStart(4, '0')}` }),
    );
    ids = conferences.map((c) => c.id).sort();
  });
  afterEach(() => t.cleanup());

  it('keeps every hash a listpack and still finds all of them, in order', async () => {
    for (let i = 0; i < conferences.length; i += 100) {
      const tx = t.redis.multi();
      for (const c of conferences.slice(i, i + 100)) index.queue(tx, c.id, undefined, c);
      await tx.exec();
    }
    const keys = (await t.keys()).filter((k) => k.startsWith(`${t.prefix}:s:`));
    expect(keys.length).toBeGreaterThan(0);
    const encodings = new Set(await Promise.all(keys.map((k) => t.redis.object('ENCODING', k))));
    expect([...encodings]).toEqual(['listpack']);
    expect(await index.find(queryTokens(['testfamily']))).toEqual(ids);
    expect(await index.find(queryTokens(['test', 'ruby']))).toEqual(ids);
    // One conference renamed away leaves the others found, and is found no more.
    const tx = t.redis.multi();
    index.queue(tx, ids[5]!, conferences[5], { children: [], attendees: [] });
    await tx.exec();
    expect(await index.find(queryTokens(['testfamily']))).toEqual(ids.filter((id) => id !== ids[5]));
  });

  it('keeps a group of a few conferences in one hash, no buckets', async () => {
    const tx = t.redis.multi();
    for (const c of conferences.slice(0, 10)) index.queue(tx, c.id, undefined, c);
    await tx.exec();
    const keys = (await t.keys()).filter((k) => k.startsWith(`${t.prefix}:s:`));
    expect(keys.filter((k) => !/:s:[\w-]{11}$/.test(k))).toEqual([]);
    expect(await t.redis.hlen(keys[0]!)).toBe(10);
    expect(await index.find(queryTokens(['testfamily']))).toEqual(ids.slice(0, 10));
  });

  it('rebuilds an index of the previous layout (one hash a group, stamp 3) at start', async () => {
    const hmac = (term: string) => createHmac('sha256', KEY).update(term).digest();
    const old = `${t.prefix}:s:${hmac('^tes').subarray(0, 8).toString('base64url')}`;
    await t.redis.hset(old, 'gone', 'AAAA');
    await t.redis.set(
      `${t.prefix}:search-built`,
      `3:${hmac('\u0000index-key-fingerprint-v3').subarray(0, 8).toString('base64url')}`,
    );
    expect(await index.rebuildIfNeeded(store)).toBe(conferences.length);
    expect(await t.redis.hexists(old, 'gone')).toBe(0);
    expect(await index.find(queryTokens(['testf']))).toEqual(ids);
    expect(await index.rebuildIfNeeded(store)).toBe(0);
  });
});
