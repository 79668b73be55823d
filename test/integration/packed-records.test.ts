/**
 * Records packed with a dictionary before they are encrypted (src/storage/packed-json.ts), and the
 * records written before them: a conference stored as `v2:` (deflated, base64) or `v1:` text, and a
 * list summary stored as raw deflate, still read, list and update; an audit trail with entries as JSON
 * and folds deflated without a dictionary still reads, in order, and folds on; a child record written
 * as `v1:` text and a figures record written as plain JSON still read; a file kept as one string, and
 * one kept as a hash of `data` and `meta` before still read. A conference, a list summary, a child's
 * record or a file copied under another's key is refused, not read as that one.
 */
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summaryOf } from '../../src/app/conference/conference-summary.ts';
import type { FiguresRecord } from '../../src/app/figures/figures-record.ts';
import { auditLines } from '../../src/content/audit-lines.ts';
import { DataCipher } from '../../src/infra/data-cipher.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { packJson } from '../../src/storage/packed-json.ts';
import { RedisChildRecords } from '../../src/storage/redis-child-records.ts';
import { RedisFiguresIndex } from '../../src/storage/redis-figures.ts';
import { RedisConferenceStore } from '../../src/storage/redis-store.ts';
import { FakeClock } from '../helpers/clock.ts';
import { makeConference } from '../helpers/fixtures.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

describe('packed records', () => {
  let t: TestRedis;
  let store: RedisConferenceStore;
  const cipher = new DataCipher(Buffer.alloc(32, 5));
  /** What the store logged (a refusal is reported, with ids only). */
  let logged: string[];

  beforeEach(() => {
    t = testRedis();
    logged = [];
    store = new RedisConferenceStore({
      logger: createLogger({ write: (line) => logged.push(line) }),
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

  it('refuses one conference’s record copied under another’s key, whole and sealed, rather than read it as that one', async () => {
    const a = makeConference({ reference: 'CPC-2027-0301', startsAt: '2027-04-01T10:00:00.000Z' });
    const b = makeConference({ reference: 'CPC-2027-0302', startsAt: '2027-04-02T10:00:00.000Z' });
    await store.create(a);
    await store.create(b);
    expect(a.id).not.toBe(b.id);
    // Someone with write access to Redis copies A's sealed record over B's: it decrypts (same key).
    const sealed = (await t.redis.getBuffer(`${t.prefix}:conf:${a.id}`))!;
    await t.redis.set(`${t.prefix}:conf:${b.id}`, sealed);
    const refused = `stored record of conference ${a.id} found under ${b.id}: refused`;
    await expect(store.get(b.id)).rejects.toThrow(refused);
    await expect(store.getByReference(b.reference)).rejects.toThrow(refused);
    await expect(store.update(b.id, (c) => ({ ...c, venue: 'Room 9' }))).rejects.toThrow(refused);
    // A is untouched, and B's key still holds what was copied there, not a record written under A's id.
    expect(await store.get(a.id)).toEqual(a);
    expect((await t.redis.getBuffer(`${t.prefix}:conf:${b.id}`))!.equals(sealed)).toBe(true);
  });

  it('lists a conference from its own record when another conference’s summary is copied under its key', async () => {
    const a = makeConference({ reference: 'CPC-2027-0311', state: 'invited', startsAt: '2027-04-01T10:00:00.000Z' });
    const b = makeConference({ reference: 'CPC-2027-0312', startsAt: '2027-04-02T10:00:00.000Z' });
    await store.create(a);
    await store.create(b);
    // Someone with write access to Redis copies A's sealed summary over B's: it decrypts (same key).
    await t.redis.set(
      `${t.prefix}:conf:${b.id}:summary`,
      (await t.redis.getBuffer(`${t.prefix}:conf:${a.id}:summary`))!,
    );
    // The dashboard's list shows B as B (its reference and state), not A twice.
    expect(await store.list()).toEqual([summaryOf(a), summaryOf(b)]);
    const scheduled = await store.listPage({ state: 'scheduled', offset: 0, count: 50 });
    expect(scheduled.summaries).toEqual([summaryOf(b)]);
    expect(scheduled.summaries[0]).toMatchObject({ reference: 'CPC-2027-0312', state: 'scheduled' });
    // Refused visibly: a warning with B's id, and no name.
    const warnings = logged.filter((l) => l.includes('list summary refused'));
    expect(warnings).toHaveLength(2);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 'warn', conferenceId: b.id });
    for (const l of logged) expect(l).not.toMatch(/Ruby|Testfamily/);
  });

  it('reads an audit trail written in the earlier forms, in order, and folds it on with new entries', async () => {
    const c = makeConference({ reference: 'CPC-2027-0301' });
    await store.create(c);
    const log = `${t.prefix}:conf:${c.id}:log`;
    const at = (i: number) => `2027-03-01T09:${String(i).padStart(2, '0')}:00.000Z`;
    // As the store wrote them before: eight entries folded (raw deflate, no dictionary), then three as JSON.
    const oldFold = Array.from({ length: 8 }, (_, i) => [at(i), 'system', 'reminder.sent', { n: i, to: 'Mrs Smith' }]);
    await t.redis.rpush(log, cipher.encryptBinary(deflateRawSync(JSON.stringify(oldFold))));
    for (let i = 8; i < 11; i++)
      await t.redis.rpush(
        log,
        JSON.stringify([at(i), 'a3', 'view.recorded', cipher.encrypt(JSON.stringify({ n: i }))]),
      );
    const before = await store.readAudit(c.id);
    expect(before.map((e) => e.detail)).toEqual([
      ...Array.from({ length: 8 }, (_, i) => ({ n: i, to: 'Mrs Smith' })),
      { n: 8 },
      { n: 9 },
      { n: 10 },
    ]);
    // Five more entries: the three old and five new unfolded ones are folded as eight, in order.
    for (let i = 11; i < 16; i++)
      await store.audit(c.id, { at: at(i), actor: 'coordinator', action: 'note', detail: { n: i } });
    const items = await t.redis.lrangeBuffer(log, 0, -1);
    expect(items).toHaveLength(2);
    for (const item of items) expect(item.toString('latin1')).not.toMatch(/Smith|reminder|coordinator/);
    const after = await store.readAudit(c.id);
    expect(after.slice(0, 11)).toEqual(before);
    expect(after.map((e) => e.at)).toEqual(Array.from({ length: 16 }, (_, i) => at(i)));
    expect(after[15]).toEqual({ at: at(15), actor: 'coordinator', action: 'note', detail: { n: 15 } });
  });

  it('leaves out, logs and marks an audit entry or fold copied from another conference’s trail, and reads one sealed before trails were bound', async () => {
    const a = makeConference({ reference: 'CPC-2027-0321' });
    const b = makeConference({ reference: 'CPC-2027-0322' });
    await store.create(a);
    await store.create(b);
    const log = (c: { id: string }) => `${t.prefix}:conf:${c.id}:log`;
    const at = (i: number) => `2027-03-01T10:${String(i).padStart(2, '0')}:00.000Z`;
    for (let i = 0; i < 9; i++)
      await store.audit(a.id, { at: at(i), actor: 'coordinator', action: 'note', detail: { about: 'the A family' } });
    await store.audit(b.id, { at: at(20), actor: 'coordinator', action: 'note', detail: { about: 'the B family' } });
    // As written before trails were bound: one entry packed and sealed, bound to nothing.
    const unbound = cipher.encryptBinary(packJson('audit', JSON.stringify([[at(21), 'system', 'note', { n: 21 }]])));
    await t.redis.rpush(log(b), Buffer.concat([Buffer.from('+'), unbound]));
    // Someone with write access to Redis copies A's fold (eight entries) and A's last entry into B's trail.
    const [foldOfA, singleOfA] = await t.redis.lrangeBuffer(log(a), 0, -1);
    expect(singleOfA![0]).toBe('+'.charCodeAt(0));
    await t.redis.rpush(log(b), foldOfA!, singleOfA!);
    const trail = await store.readAudit(b.id);
    expect(trail).toEqual([
      { at: at(20), actor: 'coordinator', action: 'note', detail: { about: 'the B family' } },
      { at: at(21), actor: 'system', action: 'note', detail: { n: 21 } },
      { at: at(21), actor: 'system', action: 'audit.refused' },
      { at: at(21), actor: 'system', action: 'audit.refused' },
    ]);
    // What the conference page and the record show: B's own entries and where something was left out.
    expect(auditLines(b, trail).map((l) => l.what)[2]).toMatch(/left out an entry .* not sealed for this conference/);
    const warnings = logged.filter((l) => l.includes('audit entry refused')).map((l) => JSON.parse(l) as object);
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'warn', conferenceId: b.id, position: 2 }),
      expect.objectContaining({ level: 'warn', conferenceId: b.id, position: 3 }),
    ]);
    for (const l of logged) expect(l).not.toMatch(/family|Ruby|Testfamily/);
    expect(await store.readAudit(a.id)).toHaveLength(9);
  });

  it('keeps an audit entry in a few dozen bytes, alone or folded', async () => {
    const c = makeConference({ reference: 'CPC-2027-0302' });
    await store.create(c);
    const log = `${t.prefix}:conf:${c.id}:log`;
    const entry = { actor: 'system', action: 'report.report-reminder-1', detail: { attendeeId: 'a3' } };
    await store.audit(c.id, entry);
    const [alone] = await t.redis.lrangeBuffer(log, 0, -1);
    expect(alone!.length).toBeLessThan(70); // 140 before (JSON with the detail in a v1: envelope)
    for (let i = 1; i < 8; i++) await store.audit(c.id, entry);
    const [folded, ...rest] = await t.redis.lrangeBuffer(log, 0, -1);
    expect(rest).toEqual([]);
    expect(folded!.length).toBeLessThan(110); // eight entries
    expect((await store.readAudit(c.id)).map((e) => e.detail)).toEqual(Array(8).fill({ attendeeId: 'a3' }));
  });

  it('packs child records and figures records, reads those written as v1: text or plain JSON, and refuses a child’s record copied under another’s key', async () => {
    const children = new RedisChildRecords(t.redis, t.prefix, cipher);
    const minted = await children.mint({ at: '2027-01-01T09:00:00.000Z', previousPlansBefore: 1 });
    const key = `${t.prefix}:child:${minted.id}`;
    const packed = (await t.redis.getBuffer(key))!;
    expect(packed.subarray(0, 3).toString('latin1')).toBe('b1:');
    expect(packed.length).toBeLessThan(cipher.encrypt(JSON.stringify(minted)).length * 0.6);
    expect(await children.get(minted.id)).toEqual(minted);
    await t.redis.set(key, cipher.encrypt(JSON.stringify({ ...minted, previousPlansBefore: 2 }))); // as written before
    expect((await children.get(minted.id))?.previousPlansBefore).toBe(2);
    const updated = await children.update(minted.id, (r) => ({ ...r, updatedAt: '2027-01-02T09:00:00.000Z' }));
    expect(await children.list()).toEqual([]); // no conference yet: not indexed
    expect(await children.get(minted.id)).toEqual(updated);
    expect((await t.redis.getBuffer(key))!.subarray(0, 3).toString('latin1')).toBe('b1:');

    // Another child's record copied under this one's key (sealed now, or as `v1:` text before) is refused.
    const other = await children.mint({ at: '2027-01-03T09:00:00.000Z', previousPlansBefore: 3 });
    const otherKey = `${t.prefix}:child:${other.id}`;
    const index = `${t.prefix}:children`;
    await t.redis.zadd(index, '+inf', minted.id, '+inf', other.id);
    for (const copy of [(await t.redis.getBuffer(key))!, cipher.encrypt(JSON.stringify(updated))]) {
      await t.redis.set(otherKey, copy);
      const refused = `stored child record ${minted.id} found under ${other.id}: refused`;
      await expect(children.get(other.id)).rejects.toThrow(refused);
      await expect(children.update(other.id, (r) => ({ ...r, previousPlansBefore: 0 }))).rejects.toThrow(refused);
      await expect(children.list()).rejects.toThrow(refused);
      expect((await t.redis.getBuffer(otherKey))!.equals(Buffer.from(copy))).toBe(true); // nothing written
    }
    await t.redis.zrem(index, minted.id, other.id);

    const figures = new RedisFiguresIndex(t.redis, t.prefix, cipher);
    const record = (id: string, on: string): FiguresRecord => ({
      v: 2,
      id,
      reference: `CPC-2027-${id}`,
      policyId: 'hackney',
      kind: 'initial',
      rev: 3,
      on,
      status: 'held',
      children: [{ outcome: 'child-protection-plan', participation: 'not-recorded' }],
      reports: [{ agency: 'Police', state: 'on-time' }],
      coreGroups: [],
      actions: [],
    });
    await figures.put(record('0401', '2027-02-01'));
    const stored = (await t.redis.hgetBuffer(`${t.prefix}:figures:records`, '0401'))!;
    expect(stored.toString('latin1')).not.toContain('CPC-2027');
    // As written before: plain JSON (the agency as its fingerprint, as the index keeps it).
    const old = { ...record('0402', '2027-02-02'), reports: [] };
    await t.redis.hset(`${t.prefix}:figures:records`, '0402', JSON.stringify(old));
    await t.redis.zadd(`${t.prefix}:figures:dates`, Date.parse('2027-02-02') / 86_400_000, '0402');
    expect(await figures.between('2027-02-01', '2027-02-28')).toEqual([record('0401', '2027-02-01'), old]);
  });

  it('keeps a file as one sealed string, a fraction of the hash it was, and still reads a file kept as a hash', async () => {
    const c = makeConference({ reference: 'CPC-2027-0501' });
    await store.create(c);
    const meta = { attendeeId: 'a4', channel: 'email', filename: 'Ruby Testfamily.txt', contentType: 'text/plain' };
    await store.putBlob(c.id, 'report-a4-b1', Buffer.from('Report about Ruby Testfamily'), meta);
    const key = `${t.prefix}:conf:${c.id}:blob:report-a4-b1`;
    expect(await t.redis.type(key)).toBe('string');
    expect((await t.redis.getBuffer(key))!.toString('latin1')).not.toMatch(/Ruby|Testfamily|Report/);
    const asHash = `${t.prefix}:conf:${c.id}:blob:as-hash`; // the same file as it was kept before
    await t.redis.hset(
      asHash,
      'data',
      cipher.encryptBinary(Buffer.from('Report about Ruby Testfamily')),
      'meta',
      cipher.encrypt(JSON.stringify(meta)),
    );
    const usage = async (k: string) => Number(await t.redis.memory('USAGE', k));
    expect(await usage(key)).toBeLessThan((await usage(asHash)) * 0.65);
    await t.redis.del(asHash);
    expect(await store.getBlob(c.id, 'report-a4-b1')).toEqual({
      data: Buffer.from('Report about Ruby Testfamily'),
      meta,
    });
    // As written before: a hash of the data (binary envelope) and the meta (v1: text).
    const old = `${t.prefix}:conf:${c.id}:blob:report-a4-b2`;
    await t.redis.hset(
      old,
      'data',
      cipher.encryptBinary(Buffer.from('Police report')),
      'meta',
      cipher.encrypt(JSON.stringify(meta)),
    );
    expect(await store.getBlob(c.id, 'report-a4-b2')).toEqual({ data: Buffer.from('Police report'), meta });
    expect(await store.listBlobs(c.id)).toEqual(['report-a4-b1', 'report-a4-b2']);
    await store.putBlob(c.id, 'report-a4-b2', Buffer.from('Police report, corrected'), meta);
    expect((await store.getBlob(c.id, 'report-a4-b2'))?.data.toString()).toBe('Police report, corrected');
    expect(await store.getBlob(c.id, 'report-a4-b9')).toBeUndefined();
  });
  it('refuses a file copied under another conference’s or another file’s key, and reads a file sealed before files were bound', async () => {
    const a = makeConference({ reference: 'CPC-2027-0601' });
    const b = makeConference({ reference: 'CPC-2027-0602' });
    await store.create(a);
    await store.create(b);
    const meta = { attendeeId: 'a4', channel: 'email', filename: 'report.txt', contentType: 'text/plain' };
    await store.putBlob(a.id, 'report-a4-b1', Buffer.from('Report about the A family'), meta);
    await store.putBlob(b.id, 'report-a4-b1', Buffer.from('Report about the B family'), meta);
    await store.putBlob(a.id, 'report-a5-b1', Buffer.from('Another author on the A family'), meta);
    const key = (c: string, f: string) => `${t.prefix}:conf:${c}:blob:${f}`;
    const sealed = (await t.redis.getBuffer(key(a.id, 'report-a4-b1')))!;
    // Someone with write access to Redis copies A's report over B's, and over A's other author's.
    await t.redis.set(key(b.id, 'report-a4-b1'), sealed);
    await t.redis.set(key(a.id, 'report-a5-b1'), sealed);
    await expect(store.getBlob(b.id, 'report-a4-b1')).rejects.toThrow('could not be decrypted');
    await expect(store.getBlob(a.id, 'report-a5-b1')).rejects.toThrow('could not be decrypted');
    expect((await store.getBlob(a.id, 'report-a4-b1'))?.data.toString()).toBe('Report about the A family');
    // A file kept as one string before files were bound still reads.
    const json = Buffer.from(JSON.stringify(meta));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(json.length);
    await t.redis.set(
      key(b.id, 'report-a4-b2'),
      cipher.encryptBinary(Buffer.concat([length, json, Buffer.from('Written unbound')])),
    );
    expect((await store.getBlob(b.id, 'report-a4-b2'))?.data.toString()).toBe('Written unbound');
  });
});
