/**
 * The render-once cache (storage/redis-render-cache.ts) seals each artefact bound to its conference
 * and entry: conference A's rendered letter copied in Redis under conference B's entry is not sent
 * as B's letter (B's is rendered afresh), and an entry sealed before entries were bound still reads.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataCipher } from '../../src/infra/data-cipher.ts';
import { RedisRenderCache } from '../../src/storage/redis-render-cache.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

describe('render cache binding', () => {
  let t: TestRedis;
  const cipher = new DataCipher(Buffer.alloc(32, 3));

  beforeEach(() => {
    t = testRedis();
  });

  afterEach(async () => {
    await t.cleanup();
  });

  it('renders B’s letter afresh when A’s is copied under B’s entry, and reads an entry sealed unbound before', async () => {
    const renders = `${t.prefix}:conf`;
    const a = new RedisRenderCache(t.redis, t.prefix, cipher);
    expect(
      (
        await a.getOrRender('conf-a', 'decision-pdf', { who: 'A' }, async () => Buffer.from('Letter to the A family'))
      ).toString(),
    ).toBe('Letter to the A family');
    const fieldA = a.fieldFor('decision-pdf', { who: 'A' });
    const fieldB = a.fieldFor('decision-pdf', { who: 'B' });
    // Someone with write access to Redis copies A's rendered letter under B's entry.
    await t.redis.hset(
      `${renders}:conf-b:renders`,
      fieldB,
      (await t.redis.hgetBuffer(`${renders}:conf-a:renders`, fieldA))!,
    );
    const b = new RedisRenderCache(t.redis, t.prefix, cipher); // another worker: nothing kept in memory
    let rendered = 0;
    const letter = await b.getOrRender('conf-b', 'decision-pdf', { who: 'B' }, async () => {
      rendered++;
      return Buffer.from('Letter to the B family');
    });
    expect(letter.toString()).toBe('Letter to the B family');
    expect(rendered).toBe(1);

    // An entry sealed before entries were bound still reads (it lapses within the cache's TTL anyway).
    const fieldC = b.fieldFor('decision-pdf', { who: 'C' });
    await t.redis.hset(
      `${renders}:conf-c:renders`,
      fieldC,
      cipher.encryptBinary(Buffer.from('Letter to C, cached before')),
    );
    const c = await b.getOrRender('conf-c', 'decision-pdf', { who: 'C' }, async () => Buffer.from('rendered again'));
    expect(c.toString()).toBe('Letter to C, cached before');
  });
});
