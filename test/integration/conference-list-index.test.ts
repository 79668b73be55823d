/**
 * The list's filters and sorts from the store's sorted indexes (storage/conference-listing.ts): by
 * state, by policy, both, a date range, by reference, latest first, each page as filtering and
 * sorting every summary would give it; and a conference that changes state or is purged moves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conference } from '../../src/domain/conference.ts';
import type { ConferenceSummary } from '../../src/ports.ts';
import { RedisConferenceStore } from '../../src/storage/redis-store.ts';
import { FakeClock } from '../helpers/clock.ts';
import { makeConference } from '../helpers/fixtures.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

describe('the conference list from its indexes', () => {
  let t: TestRedis;
  let store: RedisConferenceStore;

  beforeEach(() => {
    t = testRedis();
    store = new RedisConferenceStore({ redis: t.redis, prefix: t.prefix, clock: new FakeClock() });
  });

  afterEach(async () => {
    await store.close();
    await t.cleanup();
  });

  it('filters by state and policy, sorts by date or reference and pages as reading every summary would', async () => {
    const states = ['scheduled', 'invited', 'approved'] as const;
    const policies = ['hackney', 'cumbria'];
    const made: Conference[] = [];
    for (let i = 0; i < 18; i++)
      made.push(
        makeConference({
          reference: `CPC-${2026 + (i % 2)}-${String(((i * 7) % 18) + 1).padStart(4, '0')}`,
          state: states[i % 3]!,
          policyId: policies[Math.floor(i / 3) % 2]!,
          startsAt: new Date(Date.parse('2027-03-01T10:00:00Z') + ((i * 5) % 18) * 86_400_000).toISOString(),
        }),
      );
    for (const c of made) await store.create(c);
    const byDate = (a: ConferenceSummary, b: ConferenceSummary) =>
      Date.parse(a.startsAt) - Date.parse(b.startsAt) || (a.id < b.id ? -1 : 1);
    const refNo = (r: string) => Number(r.slice(4, 8)) * 1e7 + Number(r.slice(9));
    const all = await store.list();
    const check = async (q: {
      state?: string;
      policy?: string;
      fromMs?: number;
      byReference?: boolean;
      descending?: boolean;
    }) => {
      const kept = all
        .filter((s) => (!q.state || s.state === q.state) && (!q.policy || s.policyId === q.policy))
        .filter((s) => q.fromMs === undefined || Date.parse(s.startsAt) >= q.fromMs)
        .sort(q.byReference ? (a, b) => refNo(a.reference) - refNo(b.reference) : byDate);
      if (q.descending) kept.reverse();
      for (let offset = 0; offset <= kept.length; offset += 2) {
        const page = await store.listPage({ ...q, offset, count: 2 });
        expect(page.total, JSON.stringify(q)).toBe(kept.length);
        expect(
          page.summaries.map((s) => s.reference),
          JSON.stringify({ q, offset }),
        ).toEqual(kept.slice(offset, offset + 2).map((s) => s.reference));
      }
      return kept.length;
    };
    expect(await check({ state: 'invited' })).toBe(6);
    expect(await check({ policy: 'cumbria', descending: true })).toBe(9);
    expect(await check({ state: 'approved', policy: 'hackney' })).toBeGreaterThan(0);
    expect(await check({ state: 'approved', policy: 'hackney', descending: true })).toBeGreaterThan(0);
    expect(await check({ byReference: true })).toBe(18);
    expect(await check({ byReference: true, state: 'scheduled' })).toBe(6);
    expect(await check({ byReference: true, fromMs: Date.parse('2027-03-08T00:00:00Z') })).toBeGreaterThan(0);

    // A conference moves to another state: it leaves the first state's list for the other's.
    await store.update(made[0]!.id, (c) => ({ ...c, state: 'invited' }));
    const invited = await store.listPage({ state: 'invited', offset: 0, count: 50 });
    expect(invited.summaries.map((s) => s.id)).toContain(made[0]!.id);
    expect((await store.listPage({ state: 'scheduled', offset: 0, count: 50 })).total).toBe(5);
    await store.purge(made[0]!.id, { at: '2027-03-01T09:00:00Z', actor: 'test', reason: 'x' });
    expect((await store.listPage({ state: 'invited', offset: 0, count: 50 })).total).toBe(6);
    expect((await store.listPage({ byReference: true, offset: 0, count: 50 })).total).toBe(17);
  });
});
