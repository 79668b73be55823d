import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { View } from '../../src/domain/conference.ts';
import { ConflictError, NotFoundError } from '../../src/domain/errors.ts';
import { RedisConferenceStore } from '../../src/storage/redis-store.ts';
import { FakeClock } from '../helpers/clock.ts';
import { FIXTURE_FAMILY_NAMES, makeConference } from '../helpers/fixtures.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

const view = (i: number): View => ({
  childId: 'c1',
  attendeeId: 'a3',
  recordedBy: 'a3',
  categories: ['neglect'],
  rationale: `view ${i}`,
  at: '2027-03-22T10:30:00.000Z',
});

describe('RedisConferenceStore', () => {
  let t: TestRedis;
  let clock: FakeClock;
  let store: RedisConferenceStore;
  const extra: { quit(): Promise<unknown> }[] = [];
  const stores: RedisConferenceStore[] = [];

  beforeEach(() => {
    t = testRedis();
    clock = new FakeClock('2027-03-01T09:00:00.000Z');
    store = new RedisConferenceStore({ redis: t.redis, prefix: t.prefix, clock });
    stores.push(store);
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await Promise.all(extra.splice(0).map((c) => c.quit()));
    await t.cleanup();
  });

  it('creates, reads back and lists conferences ordered by start time', async () => {
    const later = makeConference({ reference: 'CPC-2027-0001', startsAt: '2027-04-10T10:00:00.000Z' });
    const sooner = makeConference({ reference: 'CPC-2027-0002', startsAt: '2027-03-20T10:00:00.000Z' });
    await store.create(later);
    await store.create(sooner);

    expect(await store.get(later.id)).toEqual(later);
    expect(await store.get('no-such-id')).toBeUndefined();
    expect(await store.getByReference('CPC-2027-0002')).toEqual(sooner);
    expect(await store.getByReference('CPC-2027-9999')).toBeUndefined();

    const list = await store.list();
    expect(list.map((s) => s.id)).toEqual([sooner.id, later.id]);
    expect(list[0]).toEqual({
      id: sooner.id,
      reference: 'CPC-2027-0002',
      policyId: 'default',
      kind: 'initial',
      state: 'scheduled',
      startsAt: '2027-03-20T10:00:00.000Z',
    });
  });

  it('refuses to create the same conference twice', async () => {
    const c = makeConference();
    await store.create(c);
    await expect(store.create({ ...c, reference: 'CPC-2027-0002' })).rejects.toBeInstanceOf(ConflictError);
    await expect(store.create(makeConference({ reference: c.reference }))).rejects.toBeInstanceOf(ConflictError);
  });

  it('throws NotFoundError when updating an unknown conference', async () => {
    await expect(store.update('missing', (c) => c)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('bumps rev and updatedAt, and re-indexes when the start time moves', async () => {
    const a = makeConference({ reference: 'CPC-2027-0001', startsAt: '2027-03-20T10:00:00.000Z' });
    const b = makeConference({ reference: 'CPC-2027-0002', startsAt: '2027-03-25T10:00:00.000Z' });
    await store.create(a);
    await store.create(b);
    clock.advance(60_000);

    const updated = await store.update(a.id, (c) => ({ ...c, startsAt: '2027-04-01T10:00:00.000Z', rev: 999 }));
    expect(updated.rev).toBe(2);
    expect(updated.updatedAt).toBe('2027-03-01T09:01:00.000Z');
    expect(await store.get(a.id)).toEqual(updated);
    expect((await store.list()).map((s) => s.id)).toEqual([b.id, a.id]);
  });

  it('loses no write when two processes update one conference concurrently', async () => {
    const c = makeConference();
    await store.create(c);
    // A second, independent connection stands in for another worker process.
    const other = new Redis(t.url);
    extra.push(other);
    const otherStore = new RedisConferenceStore({ redis: other, prefix: t.prefix, clock });
    stores.push(otherStore);

    const append = (s: RedisConferenceStore, i: number) =>
      s.update(c.id, async (cur) => {
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        return { ...cur, views: [...cur.views, view(i)] };
      });
    await Promise.all([
      ...Array.from({ length: 25 }, (_, i) => append(store, i)),
      ...Array.from({ length: 25 }, (_, i) => append(otherStore, 25 + i)),
    ]);

    const stored = await store.get(c.id);
    expect(stored?.rev).toBe(51);
    expect(stored?.views.map((v) => v.rationale).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `view ${i}`).sort(),
    );
  });

  it('appends audit entries and reads them back in order', async () => {
    const c = makeConference();
    await store.create(c);
    await store.audit(c.id, { actor: 'coordinator', action: 'conference.scheduled', detail: { version: 1 } });
    clock.advance(1000);
    await store.audit(c.id, { actor: 'a3', action: 'report.received', detail: { channel: 'email', late: false } });
    await store.audit(c.id, { actor: 'system', action: 'reminder.sent', at: '2027-03-02T08:00:00.000Z' });

    expect(await store.readAudit(c.id)).toEqual([
      { at: '2027-03-01T09:00:00.000Z', actor: 'coordinator', action: 'conference.scheduled', detail: { version: 1 } },
      { at: '2027-03-01T09:00:01.000Z', actor: 'a3', action: 'report.received', detail: { channel: 'email', late: false } },
      { at: '2027-03-02T08:00:00.000Z', actor: 'system', action: 'reminder.sent' },
    ]);
    expect(await store.readAudit('other')).toEqual([]);
  });

  it('stores blobs as bytes with their metadata', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    await store.putBlob('conf-1', 'report-a3', bytes, { contentType: 'application/pdf', filename: 'report.pdf' });
    const blob = await store.getBlob('conf-1', 'report-a3');
    expect(blob?.data.equals(bytes)).toBe(true);
    expect(blob?.meta).toEqual({ contentType: 'application/pdf', filename: 'report.pdf' });
    expect(await store.getBlob('conf-1', 'missing')).toBeUndefined();
  });

  it('numbers references sequentially per year, with no names in them', async () => {
    const refs = [await store.nextReference(2027), await store.nextReference(2027), await store.nextReference(2028)];
    expect(refs).toEqual(['CPC-2027-0001', 'CPC-2027-0002', 'CPC-2028-0001']);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => store.nextReference(2029)));
    expect(new Set(concurrent).size).toBe(10);
    for (const r of [...refs, ...concurrent]) expect(r).toMatch(/^CPC-\d{4}-\d{4}$/);
  });

  it('writes keys that carry ids only, never child or family names', async () => {
    const c = makeConference({ reference: await store.nextReference(2027) });
    await store.create(c);
    await store.update(c.id, (cur) => ({ ...cur, views: [view(1)] }));
    await store.audit(c.id, { actor: 'a5', action: 'view.recorded' });
    await store.putBlob(c.id, 'report-a3', Buffer.from('text'), { attendeeId: 'a3' });

    const keys = await t.keys();
    expect(keys.sort()).toEqual(
      [
        `${t.prefix}:conf:${c.id}`,
        `${t.prefix}:conf:${c.id}:audit`,
        `${t.prefix}:conf:${c.id}:blob:report-a3`,
        `${t.prefix}:conferences`,
        `${t.prefix}:ref:CPC-2027-0001`,
        `${t.prefix}:seq:2027`,
      ].sort(),
    );
    for (const key of keys) {
      for (const name of FIXTURE_FAMILY_NAMES) expect(key.toLowerCase()).not.toContain(name.toLowerCase());
    }
  });
});
