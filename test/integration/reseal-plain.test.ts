/**
 * Values stored plain from before encryption was switched on: read while plain values are accepted,
 * refused (not shown, logged) where they are refused, and `npm run cpc -- reseal` seals every kind
 * the service reads through its cipher, after which a store that refuses plain values reads them all
 * as before. A plain record under another's key is left plain and the marker is not written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/cpc.ts';
import { DataCipher } from '../../src/infra/data-cipher.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { plainValuesRefused } from '../../src/runtime/build-storage.ts';
import type { Config } from '../../src/config.ts';
import { packJson } from '../../src/storage/packed-json.ts';
import { RedisChildRecords } from '../../src/storage/redis-child-records.ts';
import { RedisSendLedger, REFUSED_REASON } from '../../src/storage/redis-ledger.ts';
import { RedisConferenceStore } from '../../src/storage/redis-store.ts';
import { RedisSessionRecords } from '../../src/storage/redis-sessions.ts';
import { plainValuesResealedKey, resealPlainValues } from '../../src/storage/reseal-plain.ts';
import { FakeClock } from '../helpers/clock.ts';
import { makeConference } from '../helpers/fixtures.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

const KEY = Buffer.alloc(32, 9);

describe('values stored plain, and the re-seal', () => {
  let t: TestRedis;
  let logged: string[];
  const clock = new FakeClock('2027-03-01T09:00:00.000Z');

  /** The storage as a process builds it, refusing plain values or not. */
  const open = (refusePlain: boolean) => {
    const cipher = new DataCipher(KEY, { refusePlain });
    const logger = createLogger({ write: (line) => logged.push(line) });
    return {
      store: new RedisConferenceStore({ redis: t.redis, prefix: t.prefix, clock, cipher, indexSecret: KEY, logger }),
      ledger: new RedisSendLedger({ redis: t.redis, prefix: t.prefix, clock, cipher, logger }),
      children: new RedisChildRecords(t.redis, t.prefix, cipher),
      sessions: new RedisSessionRecords(t.redis, t.prefix, cipher),
    };
  };
  type Opened = ReturnType<typeof open>;
  const close = (o: Opened) => o.store.close();

  beforeEach(() => {
    t = testRedis();
    logged = [];
  });

  afterEach(async () => {
    await t.cleanup();
  });

  const key = (rest: string) => `${t.prefix}:${rest}`;
  const at = (i: number) => `2027-03-01T09:0${i}:00.000Z`;

  /** A conference whose record, summary, trail, ledger and file are all stored plain, and a plain child record and session. */
  async function plainData(o: Opened) {
    const c = makeConference({ reference: 'CPC-2027-0801' });
    await o.store.create(c);
    await t.redis.set(key(`conf:${c.id}`), JSON.stringify(c));
    await t.redis.set(key(`conf:${c.id}:summary`), JSON.stringify({ ...(await o.store.list())[0] }));
    await t.redis.xadd(
      key(`conf:${c.id}:audit`),
      '*',
      'at',
      at(0),
      'actor',
      'coordinator',
      'action',
      'conference.created',
      'detail',
      '{"kind":"initial"}',
    );
    await t.redis.rpush(key(`conf:${c.id}:log`), JSON.stringify([at(1), 'system', 'note', '{"n":1}']));
    await o.store.audit(c.id, { at: at(2), actor: 'system', action: 'note', detail: { n: 2 } });
    await t.redis.hset(key(`conf:${c.id}:ledger`), 'invite-a3-v1', `f|${Date.parse(at(3)).toString(36)}||550 refused`);
    await t.redis.hset(
      key(`conf:${c.id}:ledger`),
      'invite-a4-v1',
      JSON.stringify({ state: 'skipped', at: at(4), reason: 'no address' }),
    );
    const meta = { attendeeId: 'a4', filename: 'report.txt', contentType: 'text/plain' };
    await t.redis.hset(key(`conf:${c.id}:blob:report-a4-b1`), 'data', 'Report text', 'meta', JSON.stringify(meta));
    const child = { id: 'k0123456789ab', conferences: [], createdAt: at(0), updatedAt: at(0) };
    await t.redis.set(key(`child:${child.id}`), JSON.stringify(child));
    await t.redis.set(key('session:s1'), JSON.stringify({ user: 'coordinator' }), 'PX', 600_000);
    return { c, child, meta };
  }

  /** What a reader sees of it. */
  async function seen(o: Opened, c: { id: string }, childId: string) {
    return {
      conference: await o.store.get(c.id),
      list: await o.store.list(),
      audit: await o.store.readAudit(c.id),
      ledger: await o.ledger.list(c.id),
      file: await o.store.getBlob(c.id, 'report-a4-b1'),
      child: await o.children.get(childId),
      session: await o.sessions.get('s1'),
    };
  }

  it('reads plain values until the re-seal, refuses them where refused, and reads everything sealed after it', async () => {
    const accepting = open(false);
    const { c, child, meta } = await plainData(accepting);
    const before = await seen(accepting, c, child.id);
    expect(before.conference).toEqual(c);
    expect(before.audit.map((e) => e.action)).toEqual(['conference.created', 'note', 'note']);
    expect(before.ledger['invite-a3-v1']?.reason).toBe('550 refused');
    expect(before.file).toEqual({ data: Buffer.from('Report text'), meta });
    expect(before.child).toEqual(child);
    expect(before.session).toBeDefined();

    // Where plain values are refused, none is shown as if sealed: refused, logged, marked.
    const refusing = open(true);
    await expect(refusing.store.get(c.id)).rejects.toThrow('plain values are refused');
    await expect(refusing.children.get(child.id)).rejects.toThrow('plain values are refused');
    await expect(refusing.store.getBlob(c.id, 'report-a4-b1')).rejects.toThrow('plain values are refused');
    expect((await refusing.store.readAudit(c.id)).map((e) => e.action)).toEqual([
      'audit.refused',
      'audit.refused',
      'note',
    ]);
    expect((await refusing.ledger.list(c.id))['invite-a3-v1']?.reason).toBe(REFUSED_REASON);
    expect(await refusing.sessions.get('s1')).toBeUndefined();
    expect(logged.some((l) => l.includes('send reason refused'))).toBe(true);
    expect(logged.some((l) => l.includes('audit entries refused'))).toBe(true);
    const refusals = logged.filter((l) => l.includes('refused')).length;

    // A dry run changes nothing.
    const cipher = new DataCipher(KEY);
    const dry = await resealPlainValues(t.redis, t.prefix, cipher, { dryRun: true });
    expect(dry.marked).toBe(false);
    expect(await t.redis.get(key(`conf:${c.id}`))).toBe(JSON.stringify(c));

    const report = await resealPlainValues(t.redis, t.prefix, cipher, { now: new Date(at(5)) });
    expect(report).toEqual({
      sealed: {
        conference: 1,
        'list summary': 1,
        'audit entry (from the first, stream form)': 1,
        'audit entry': 1,
        'send reason': 2,
        file: 1,
        'child record': 1,
        'session, reply code or Teams reference': 1,
      },
      failed: [],
      marked: true,
    });
    expect(dry.sealed).toEqual(report.sealed);
    expect(await t.redis.get(plainValuesResealedKey(t.prefix))).toBe(at(5));
    expect(await t.redis.exists(key(`conf:${c.id}:audit`))).toBe(0); // the stream moved into the list
    expect(Number(await t.redis.pttl(key('session:s1')))).toBeGreaterThan(0); // its expiry kept
    for (const k of await t.keys()) {
      const type = await t.redis.type(k);
      if (type === 'string' && /:(conf:[^:]+|child:.+|session:.+)(:summary)?$/.test(k))
        expect(DataCipher.isEnvelope((await t.redis.getBuffer(k))!)).toBe(true);
    }

    // A process that refuses plain values now reads everything as it was read before.
    const after = await seen(refusing, c, child.id);
    expect(after).toEqual(before);
    expect(logged.filter((l) => l.includes('refused')).length).toBe(refusals); // none since the re-seal
    await close(accepting);
    await close(refusing);
  });

  it('binds files, audit entries and send reasons sealed before they were bound, after which an unbound one is refused', async () => {
    const o = open(false);
    const cipher = new DataCipher(KEY);
    const c = makeConference({ reference: 'CPC-2027-0821' });
    await o.store.create(c);
    // As sealed before values were bound: bound to nothing, so they would open under any key.
    const meta = { attendeeId: 'a4', filename: 'report.txt', contentType: 'text/plain' };
    const json = Buffer.from(JSON.stringify(meta));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(json.length);
    await t.redis.set(
      key(`conf:${c.id}:blob:report-a4-b1`),
      cipher.encryptBinary(Buffer.concat([length, json, Buffer.from('Old report')])),
    );
    const unboundEntry = (n: number) =>
      Buffer.concat([
        Buffer.from('+'),
        cipher.encryptBinary(packJson('audit', JSON.stringify([[at(n), 'system', 'note', { n }]]))),
      ]);
    await t.redis.rpush(key(`conf:${c.id}:log`), unboundEntry(1));
    await t.redis.hset(
      key(`conf:${c.id}:ledger`),
      'invite-a3-v1',
      `f|${Date.parse(at(2)).toString(36)}||${cipher.encrypt('550 old')}`,
    );
    // A refusal for good, as written before its reason was bound.
    await t.redis.hset(
      key(`conf:${c.id}:ledger`),
      'invite-a5-v1',
      `r|${Date.parse(at(2)).toString(36)}||${cipher.encrypt('550 gone')}`,
    );
    const before = {
      file: await o.store.getBlob(c.id, 'report-a4-b1'),
      audit: await o.store.readAudit(c.id),
      reason: (await o.ledger.get(c.id, 'invite-a3-v1'))?.reason,
      refused: (await o.ledger.get(c.id, 'invite-a5-v1'))?.reason,
    };
    expect(before).toEqual({
      file: { data: Buffer.from('Old report'), meta },
      audit: [{ at: at(1), actor: 'system', action: 'note', detail: { n: 1 } }],
      reason: '550 old',
      refused: '550 gone',
    });
    const report = await resealPlainValues(t.redis, t.prefix, cipher);
    expect(report).toEqual({ sealed: { file: 1, 'audit entry': 1, 'send reason': 2 }, failed: [], marked: true });
    const refusing = open(true);
    expect({
      file: await refusing.store.getBlob(c.id, 'report-a4-b1'),
      audit: await refusing.store.readAudit(c.id),
      reason: (await refusing.ledger.get(c.id, 'invite-a3-v1'))?.reason,
      refused: (await refusing.ledger.get(c.id, 'invite-a5-v1'))?.reason,
    }).toEqual(before);
    // An unbound element put there afterwards (an old one moved from another trail) is refused.
    await t.redis.rpush(key(`conf:${c.id}:log`), unboundEntry(3));
    expect((await refusing.store.readAudit(c.id)).map((e) => e.action)).toEqual(['note', 'audit.refused']);
    await close(o);
    await close(refusing);
  });

  it('names a value that does not open (moved from another key) and leaves it, without the marker', async () => {
    const o = open(false);
    const a = makeConference({ reference: 'CPC-2027-0831' });
    const b = makeConference({ reference: 'CPC-2027-0832' });
    await o.store.create(a);
    await o.store.create(b);
    await o.store.audit(a.id, { actor: 'system', action: 'note' });
    const [ofA] = await t.redis.lrangeBuffer(key(`conf:${a.id}:log`), 0, -1);
    await t.redis.rpush(key(`conf:${b.id}:log`), ofA!);
    const report = await resealPlainValues(t.redis, t.prefix, new DataCipher(KEY));
    expect(report.failed).toEqual([
      { key: key(`conf:${b.id}:log`), why: expect.stringMatching(/could not be decrypted/) as string },
    ]);
    expect(report.marked).toBe(false);
    await close(o);
  });

  it('leaves a plain record under another’s key plain, says which, and does not write the marker', async () => {
    const o = open(false);
    const a = makeConference({ reference: 'CPC-2027-0811' });
    const b = makeConference({ reference: 'CPC-2027-0812' });
    await o.store.create(a);
    await o.store.create(b);
    await t.redis.set(key(`conf:${b.id}`), JSON.stringify(a)); // A's record, plain, under B's key
    const report = await resealPlainValues(t.redis, t.prefix, new DataCipher(KEY));
    expect(report.failed).toEqual([{ key: key(`conf:${b.id}`), why: 'its id is not the key’s' }]);
    expect(report.marked).toBe(false);
    expect(await t.redis.get(key(`conf:${b.id}`))).toBe(JSON.stringify(a));
    await close(o);
  });

  it('refuses plain values in a process started after the re-seal (DATA_PLAIN_VALUES=auto), and as configured otherwise', async () => {
    const config = (mode: 'auto' | 'accept' | 'refuse') =>
      ({ DATA_PLAIN_VALUES: mode, REDIS_PREFIX: t.prefix }) as Config;
    const logger = createLogger({ write: (line) => logged.push(line) });
    expect(await plainValuesRefused(config('auto'), t.redis, logger)).toBe(false);
    expect(await plainValuesRefused(config('refuse'), t.redis, logger)).toBe(true);
    const out: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) } };
    const env = { REDIS_URL: t.url, REDIS_PREFIX: t.prefix, DATA_ENCRYPTION_KEY: KEY.toString('base64') };
    expect(await run(['reseal', '--dry-run'], { ...io, env })).toBe(0);
    expect(out.join('')).toBe('no plain value found\n');
    expect(await plainValuesRefused(config('auto'), t.redis, logger)).toBe(false);
    expect(await run(['reseal'], { ...io, env })).toBe(0);
    expect(out.join('')).toMatch(/Nothing is left plain\. Processes started from now on refuse plain values/);
    expect(await plainValuesRefused(config('auto'), t.redis, logger)).toBe(true);
    expect(await plainValuesRefused(config('accept'), t.redis, logger)).toBe(false);
  });
});
