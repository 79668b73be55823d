import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { MeetingDetails } from '../../src/domain/conference-parts.ts';
import type { Conference, View } from '../../src/domain/conference.ts';
import { ConflictError, NotFoundError } from '../../src/domain/errors.ts';
import { DataCipher } from '../../src/infra/data-cipher.ts';
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
      timetable: { ...sooner.timetable },
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
      {
        at: '2027-03-01T09:00:01.000Z',
        actor: 'a3',
        action: 'report.received',
        detail: { channel: 'email', late: false },
      },
      { at: '2027-03-02T08:00:00.000Z', actor: 'system', action: 'reminder.sent' },
    ]);
    expect(await store.readAudit('other')).toEqual([]);
  });

  it('folds the trail in eights, encrypted, and reads back every entry in order, concurrent appends included', async () => {
    const cipher = new DataCipher(Buffer.alloc(32, 7));
    const sealed = new RedisConferenceStore({
      redis: t.redis,
      prefix: t.prefix,
      clock,
      cipher,
      indexSecret: Buffer.alloc(32, 8),
    });
    stores.push(sealed);
    const c = makeConference();
    await sealed.create(c);
    for (let i = 0; i < 11; i++)
      await sealed.audit(c.id, { actor: 'system', action: 'reminder.sent', detail: { n: i, to: 'Mrs Smith' } });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        sealed.audit(c.id, { actor: 'a3', action: 'view.recorded', detail: { n: 100 + i } }),
      ),
    );
    await sealed.audit(c.id, { actor: 'coordinator', action: 'decision.approved' });
    const trail = await sealed.readAudit(c.id);
    expect(trail).toHaveLength(42);
    expect(trail.slice(0, 11).map((e) => e.detail)).toEqual(
      Array.from({ length: 11 }, (_, i) => ({ n: i, to: 'Mrs Smith' })),
    );
    expect(
      trail
        .slice(11, 41)
        .map((e) => (e.detail as { n: number }).n)
        .sort(),
    ).toEqual(Array.from({ length: 30 }, (_, i) => 100 + i));
    expect(trail[41]).toEqual({ at: '2027-03-01T09:00:00.000Z', actor: 'coordinator', action: 'decision.approved' });
    // Folded: fewer elements than entries, and nothing readable in Redis.
    const raw = await t.redis.lrangeBuffer(`${t.prefix}:conf:${c.id}:log`, 0, -1);
    expect(raw.length).toBeLessThan(12);
    for (const item of raw) expect(item.toString('latin1')).not.toContain('Smith');
  });

  it('reads a trail first written as a stream, then the entries added since, in order', async () => {
    const c = makeConference();
    await store.create(c);
    // As the store wrote it before the trail became a list.
    await t.redis.xadd(
      `${t.prefix}:conf:${c.id}:audit`,
      '*',
      'at',
      '2027-02-01T09:00:00.000Z',
      'actor',
      'coordinator',
      'action',
      'conference.created',
    );
    await store.audit(c.id, { actor: 'a3', action: 'report.received', detail: { channel: 'email' } });
    expect(await store.readAudit(c.id)).toEqual([
      { at: '2027-02-01T09:00:00.000Z', actor: 'coordinator', action: 'conference.created' },
      { at: '2027-03-01T09:00:00.000Z', actor: 'a3', action: 'report.received', detail: { channel: 'email' } },
    ]);
    await store.purge(c.id, { at: '2027-03-02T09:00:00.000Z', actor: 'system', reason: 'test' });
    expect(await store.readAudit(c.id)).toEqual([]);
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
        `${t.prefix}:conf:${c.id}:log`,
        `${t.prefix}:conf:${c.id}:blob:report-a3`,
        `${t.prefix}:conf:${c.id}:summary`,
        `${t.prefix}:conferences`,
        // The list's indexes by state, policy and reference: the ids only.
        `${t.prefix}:conferences:state:scheduled`,
        `${t.prefix}:conferences:policy:default`,
        `${t.prefix}:conferences:by-ref`,
        ...keys.filter((k) => k.startsWith(`${t.prefix}:idx:sender:`)),
        `${t.prefix}:ref:CPC-2027-0001`,
        `${t.prefix}:seq:2027`,
      ].sort(),
    );
    // One open-report-sender index per author still owing a report (a2, a3, a4), hashed: no address in the key.
    expect(keys.filter((k) => k.startsWith(`${t.prefix}:idx:sender:`))).toHaveLength(3);
    for (const key of keys) {
      for (const name of FIXTURE_FAMILY_NAMES) expect(key.toLowerCase()).not.toContain(name.toLowerCase());
      expect(key).not.toMatch(/@|council|social/);
    }
  });

  describe('lookups by index instead of reading every conference', () => {
    const joinUrl = 'https://meet.example/j/abc%20123?pwd=xyz';
    const meeting = (url: string): MeetingDetails => ({
      provider: 'local',
      label: 'Local',
      joinUrl: url,
      dialIn: [],
      providerIds: {},
    });
    const received = (c: Conference, id: string): Conference => ({
      ...c,
      reports: {
        ...c.reports,
        [id]: { ...c.reports[id]!, status: 'received', receivedAt: '2027-03-10T10:00:00.000Z' },
      },
    });

    it('finds a conference by join URL, encoded either way, and follows a changed meeting', async () => {
      const c = makeConference({ meeting: meeting(joinUrl) });
      const other = makeConference({ reference: 'CPC-2027-0002' });
      await store.create(c);
      await store.create(other);

      expect((await store.getByJoinUrl(joinUrl))?.id).toBe(c.id);
      expect((await store.getByJoinUrl('https://meet.example/j/abc 123?pwd=xyz'))?.id).toBe(c.id);
      expect(await store.getByJoinUrl('https://meet.example/j/other')).toBeUndefined();

      await store.update(c.id, (cur) => ({
        ...cur,
        meeting: { ...cur.meeting!, joinUrl: 'https://meet.example/j/new' },
      }));
      expect(await store.getByJoinUrl(joinUrl)).toBeUndefined();
      expect((await store.getByJoinUrl('https://meet.example/j/new'))?.id).toBe(c.id);
      expect(await t.keys()).not.toContainEqual(expect.stringContaining('meet.example'));
    });

    it('finds the conferences where an address still owes a report, until it is received or the meeting starts', async () => {
      const a = makeConference();
      const b = makeConference({ reference: 'CPC-2027-0002' });
      await store.create(a);
      await store.create(b);
      const helen = a.attendees.find((x) => x.id === 'a3')!.email!;

      expect((await store.findByOpenReportSender(helen.toUpperCase())).map((c) => c.id).sort()).toEqual(
        [a.id, b.id].sort(),
      );
      expect(await store.findByOpenReportSender('chair@council.example')).toEqual([]);

      await store.update(a.id, (cur) => received(cur, 'a3'));
      expect((await store.findByOpenReportSender(helen)).map((c) => c.id)).toEqual([b.id]);
      await store.update(b.id, (cur) => ({ ...cur, state: 'in-session' }));
      expect(await store.findByOpenReportSender(helen)).toEqual([]);
      // The index sets shrink with the aggregate: a2's and a4's (still owed to a) are all that is left.
      expect((await t.keys()).filter((k) => k.includes(':idx:sender:'))).toHaveLength(2);
    });

    it('purging a conference takes it out of every index', async () => {
      const c = makeConference({ meeting: meeting(joinUrl) });
      await store.create(c);
      await store.purge(c.id, { at: '2027-09-01T00:00:00.000Z', actor: 'system', reason: 'retention' });
      expect(await store.getByJoinUrl(joinUrl)).toBeUndefined();
      expect(await store.findByOpenReportSender('sam.social@council.example')).toEqual([]);
      expect((await t.keys()).filter((k) => k.includes(':idx:') || k.includes(c.id))).toEqual([]);
    });

    it('builds the indexes and summaries at start-up for conferences stored before them, once', async () => {
      const c = makeConference({ meeting: meeting(joinUrl) });
      await store.create(c);
      // As stored by the previous version: no summary, no index sets, no stamp.
      for (const k of (await t.keys()).filter((k) => k.includes(':idx') || k.endsWith(':summary')))
        await t.redis.del(k);
      expect(await store.getByJoinUrl(joinUrl)).toBeUndefined();
      expect((await store.list()).map((s) => s.reference)).toEqual(['CPC-2027-0001']);

      expect(await store.backfillIndexes()).toBe(1);
      expect((await store.getByJoinUrl(joinUrl))?.id).toBe(c.id);
      expect((await store.findByOpenReportSender('sam.social@council.example')).map((x) => x.id)).toEqual([c.id]);
      expect(await t.redis.exists(`${t.prefix}:conf:${c.id}:summary`)).toBe(1);
      expect(await store.backfillIndexes()).toBe(0);

      // Under another key (DATA_ENCRYPTION_KEY changed) the hashes differ: the next start-up rebuilds them.
      const rekeyed = new RedisConferenceStore({
        redis: t.redis,
        prefix: t.prefix,
        clock,
        indexSecret: Buffer.alloc(32, 7),
      });
      stores.push(rekeyed);
      expect(await rekeyed.getByJoinUrl(joinUrl)).toBeUndefined();
      expect(await rekeyed.backfillIndexes()).toBe(1);
      expect((await rekeyed.getByJoinUrl(joinUrl))?.id).toBe(c.id);
      expect((await t.keys()).filter((k) => k.startsWith(`${t.prefix}:idx:join:`))).toHaveLength(1);
    });

    it('keeps each index key as a small hash, and rebuilds the sets of version 1 into them at start-up', async () => {
      const c = makeConference({ meeting: meeting(joinUrl) });
      await store.create(c);
      const indexKeys = async () => (await t.keys()).filter((k) => k.includes(':idx:'));
      const now = await indexKeys();
      expect(now).toHaveLength(4); // the join URL and three addresses still owing a report
      for (const k of now) {
        expect(await t.redis.type(k)).toBe('hash');
        expect(k.split(':').at(-1)).toHaveLength(22); // a 128-bit HMAC
        expect(Number(await t.redis.memory('USAGE', k))).toBeLessThan(180); // a one-member set: about 230
      }
      // As version 1 left them: sets under 256-bit names, and its stamp.
      for (const k of now) await t.redis.del(k);
      await t.redis.sadd(`${t.prefix}:idx:join:${'x'.repeat(43)}`, c.id);
      await t.redis.sadd(`${t.prefix}:idx:follow-on`, c.id);
      await t.redis.set(`${t.prefix}:idx-built`, 'v1.l1:0123456789abcdef');
      expect(await store.backfillIndexes()).toBe(1);
      expect((await indexKeys()).sort()).toEqual(now.sort());
      expect((await store.getByJoinUrl(joinUrl))?.id).toBe(c.id);
      expect((await store.findByOpenReportSender('sam.social@council.example')).map((x) => x.id)).toEqual([c.id]);
      expect(await store.withFollowOnPending()).toEqual([]);
    });
  });
});
