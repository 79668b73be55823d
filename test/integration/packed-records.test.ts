/**
 * Records packed with a dictionary before they are encrypted (src/storage/packed-json.ts), and the
 * records written before them: a conference stored as `v2:` (deflated, base64) or `v1:` text, and a
 * list summary stored as raw deflate, still read, list and update.
 */
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summaryOf } from '../../src/app/conference/conference-summary.ts';
import { DataCipher } from '../../src/infra/data-cipher.ts';
import { RedisConferenceStore } from '../../src/storage/redis-store.ts';
import { FakeClock } from '../helpers/clock.ts';
import { makeConference } from '../helpers/fixtures.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

describe('packed records', () => {
  let t: TestRedis;
  let store: RedisConferenceStore;
  const cipher = new DataCipher(Buffer.alloc(32, 5));

  beforeEach(() => {
    t = testRedis();
    store = new RedisConferenceStore({
      redis: t.redis,
      prefix: t.prefix,
      clock: new FakeClock('2027-03-01T09:00:00.000Z'),
      cipher,
      indexSecret: Buffer.alloc(32, 6),
    });
  });

  afterEach(async () => {
    await store.close();
    await t.cleanup();
  });

  it('writes a conference and its summary packed and encrypted, a fraction of the `v2:` text, no name readable', async () => {
    const c = makeConference({ reference: 'CPC-2027-0101' });
    await store.create(c);
    const stored = (await t.redis.getBuffer(`${t.prefix}:conf:${c.id}`))!;
    expect(stored.subarray(0, 3).toString('latin1')).toBe('b1:');
    expect(stored.length).toBeLessThan(cipher.encrypt(JSON.stringify(c), { compact: true }).length * 0.6);
    const summary = (await t.redis.getBuffer(`${t.prefix}:conf:${c.id}:summary`))!;
    expect(summary.subarray(0, 3).toString('latin1')).toBe('b1:');
    for (const v of [stored, summary]) expect(v.toString('latin1')).not.toMatch(/Ruby|Testfamily|CPC-2027/);
    expect(await store.get(c.id)).toEqual(c);
    expect((await store.list())[0]).toEqual(summaryOf(c));
  });

  it('reads, lists and updates a conference and summary written in the earlier forms', async () => {
    const v2 = makeConference({ reference: 'CPC-2027-0201', startsAt: '2027-04-01T10:00:00.000Z' });
    const v1 = makeConference({ reference: 'CPC-2027-0202', startsAt: '2027-04-02T10:00:00.000Z' });
    await store.create(v2);
    await store.create(v1);
    // As the store wrote them before: the conference `v2:` (or `v1:`) text, its summary raw deflate in `b1:`.
    await t.redis.set(`${t.prefix}:conf:${v2.id}`, cipher.encrypt(JSON.stringify(v2), { compact: true }));
    await t.redis.set(`${t.prefix}:conf:${v1.id}`, cipher.encrypt(JSON.stringify(v1)));
    for (const c of [v2, v1])
      await t.redis.set(
        `${t.prefix}:conf:${c.id}:summary`,
        cipher.encryptBinary(deflateRawSync(JSON.stringify(summaryOf(c)))),
      );
    expect((await t.redis.get(`${t.prefix}:conf:${v2.id}`))!.startsWith('v2:')).toBe(true);
    expect(await store.get(v2.id)).toEqual(v2);
    expect(await store.get(v1.id)).toEqual(v1);
    expect(await store.list()).toEqual([summaryOf(v2), summaryOf(v1)]);
    const updated = await store.update(v2.id, (c) => ({ ...c, venue: 'Room 4' }));
    expect(updated.venue).toBe('Room 4');
    expect(await store.get(v2.id)).toEqual(updated);
    expect((await t.redis.getBuffer(`${t.prefix}:conf:${v2.id}`))!.subarray(0, 3).toString('latin1')).toBe('b1:');
  });
});
