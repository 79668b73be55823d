/**
 * The worklist's index kept in due-time order (storage/redis-work-index.ts) gives, page by page and
 * at any moment, exactly the worklist worked out by reading every conference: the same lines in the
 * same order and the same counts, including the items that are work only for a while (an unanswered
 * invitation in the 3 days before the meeting, a report once its due time has passed, the minutes
 * close to their deadline), and an item done is gone from it.
 */
import type { ChainableCommander } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { worklist } from '../../src/app/conference/worklist.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { RedisConferenceStore } from '../../src/storage/redis-store.ts';
import { RedisWorkIndex } from '../../src/storage/redis-work-index.ts';
import { FakeClock } from '../helpers/clock.ts';
import { makeConference } from '../helpers/fixtures.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

describe('the worklist index in due-time order', () => {
  let t: TestRedis;
  let clock: FakeClock;
  let store: RedisConferenceStore;
  let work: RedisWorkIndex;

  beforeEach(() => {
    t = testRedis();
    clock = new FakeClock('2027-03-01T09:00:00.000Z');
    work = new RedisWorkIndex(t.redis, t.prefix);
    store = new RedisConferenceStore({ redis: t.redis, prefix: t.prefix, clock, derived: [work.records()] });
  });

  afterEach(async () => {
    await store.close();
    await t.cleanup();
  });

  /** Every page of `size` from the index, and the whole list read from every conference. */
  async function both(size: number) {
    const full = await worklist({ store, clock });
    const pages = [];
    for (let page = 1; page <= Math.ceil(full.total / size) + 1; page++)
      pages.push(await worklist({ store, clock, work }, [], { page, pageSize: size }));
    return { full, pages };
  }

  it('pages and counts as reading every conference would, at every moment, and forgets work done', async () => {
    const conferences: Conference[] = [
      makeConference({ reference: 'CPC-2027-0003' }),
      makeConference({
        reference: 'CPC-2027-0001',
        startsAt: '2027-03-10T10:00:00.000Z',
        reports: {
          a2: { attendeeId: 'a2', status: 'overdue', dueAt: '2027-03-05T10:00:00+00:00', submissions: [], history: [] },
          a3: {
            attendeeId: 'a3',
            status: 'requested',
            dueAt: '2027-03-05T10:00:00+00:00',
            submissions: [],
            history: [],
          },
        },
      }),
      makeConference({ reference: 'CPC-2027-0002', state: 'decided' }),
      makeConference({
        reference: 'CPC-2027-0004',
        state: 'decided',
        timetable: { ...makeConference().timetable, decisionCirculationDue: undefined },
      }),
      makeConference({ reference: 'CPC-2027-0005', state: 'approved' }),
    ];
    for (const c of conferences) await store.create(c);
    let seen = 0;
    for (const at of [
      '2027-03-01T09:00:00.000Z',
      '2027-03-05T10:00:00.000Z',
      '2027-03-05T10:00:00.001Z',
      '2027-03-08T11:00:00.000Z',
      '2027-03-19T10:00:00.001Z',
      '2027-03-20T09:00:00.000Z',
      '2027-04-10T09:00:00.000Z',
    ]) {
      clock.set(at);
      const { full, pages } = await both(3);
      expect(full.total, at).toBe(full.items.length);
      for (const p of pages) expect(p.counts, at).toEqual(full.counts);
      expect(
        pages.flatMap((p) => p.items),
        at,
      ).toEqual(full.items);
      seen = Math.max(seen, full.total);
    }
    expect(seen).toBeGreaterThan(8);

    // A report arrives and a decision is approved: their items leave the index with the write.
    clock.set('2027-03-08T11:00:00.000Z');
    const before = await worklist({ store, clock, work });
    await store.update(conferences[1]!.id, (c) => ({
      ...c,
      reports: { ...c.reports, a2: { ...c.reports['a2']!, status: 'received' } },
    }));
    const after = await worklist({ store, clock, work });
    expect(after.counts['report-overdue']).toBe(before.counts['report-overdue'] - 1);
    expect(after.items).toEqual((await worklist({ store, clock })).items);
    // Purged, nothing of it stays.
    for (const c of conferences) await store.purge(c.id, { at: clock.now().toISOString(), actor: 'test', reason: 'x' });
    expect((await worklist({ store, clock, work })).total).toBe(0);
    expect((await t.keys()).filter((k) => k.includes(':work:z:'))).toEqual([]);
  });

  it('names a set in use once, when a conference first joins it, not with every write', async () => {
    /** The commands the index queues for a write of `next` (which was `prev`). */
    const queued = async (next: Conference, prev: Conference | undefined) => {
      const calls: string[] = [];
      const tx = new Proxy({} as ChainableCommander, {
        get:
          (_t, name) =>
          (...args: unknown[]) => {
            calls.push(`${String(name)} ${args.map(String).join(' ')}`);
            return tx;
          },
      });
      (await work.records().prepare(next, prev))(tx);
      return calls;
    };
    const c = makeConference({
      reference: 'CPC-2027-0001',
      startsAt: '2027-03-10T10:00:00.000Z',
      reports: {
        a2: { attendeeId: 'a2', status: 'requested', dueAt: '2027-03-05T10:00:00+00:00', submissions: [], history: [] },
      },
    });
    const created = await queued(c, undefined);
    expect(created.filter((x) => x.startsWith('sadd ')).length).toBe(1);
    // Its next write changes nothing of its work: nothing queued at all.
    expect(await queued({ ...c, venue: 'Room 2' }, c)).toEqual([]);
    // A report received: its item leaves; no set is new, so no SADD.
    const received = { ...c, reports: { a2: { ...c.reports['a2']!, status: 'received' as const } } };
    expect((await queued(received, c)).filter((x) => x.startsWith('sadd '))).toEqual([]);
    // A later stage's work (a decision to approve) is a set it had not been in: named, alone.
    const decided = { ...received, state: 'decided' as const };
    const joined = (await queued(decided, received)).filter((x) => x.startsWith('sadd '));
    expect(joined).toHaveLength(1);
    expect(created.join()).not.toContain(joined[0]!.split(' ').slice(2).join(' '));

    // Written through the store, every set its items are in is named, and the worklist reads them.
    await store.create(c);
    await store.update(c.id, () => decided);
    clock.set('2027-03-20T09:00:00.000Z');
    expect((await worklist({ store, clock, work })).items).toEqual((await worklist({ store, clock })).items);
    expect((await worklist({ store, clock, work })).total).toBeGreaterThan(0);
  });
});
