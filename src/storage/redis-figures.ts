/**
 * The figures read model in Redis: one small record per conference (app/figures/record.ts), kept in
 * a hash beside a sorted set of conference dates, so a period's figures read only the records of
 * the conferences dated in it (ZRANGEBYSCORE, then HMGET) and never an aggregate or a ledger.
 * Records hold references, dates and counts only, not encrypted (as the send ledger keeps its
 * structure readable) but packed (JSON deflated with the figures dictionary, packed-json.ts; a record
 * written as plain JSON is still read); the one free text in them, each report's agency, is kept apart like the
 * ledger's reasons: the record holds a keyed fingerprint of it, and a small hash maps each
 * fingerprint to the agency encrypted. A year's figures then decrypt each agency once, not 10,000
 * records (decrypting every record was a quarter of the time). Keys carry conference ids only.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import type { DerivedRecords } from './derived-records.ts';
import type { FiguresIndex, FiguresRecord } from '../app/figures/figures-record.ts';
import type { DataCipher } from '../infra/data-cipher.ts';
import { packJson, unpackJson } from './packed-json.ts';

// A record made from an older revision of the conference never replaces a newer one (two writers
// can finish in either order); the same revision may be rewritten (a rebuild under a new rule).
const PUT = `
local cur = redis.call('HGET', KEYS[2], ARGV[1])
if cur and tonumber(cur) > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
return 1
`;

const DAY_MS = 86_400_000;
/** The fingerprint's purpose: an agency's name in figures records. */
const AGENCY = 'figures-agency';
/** A London date as a whole number of days since 1970-01-01: the sorted set's score. */
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
/** HMGET this many records per round trip. */
const CHUNK = 1000;

export class RedisFiguresIndex implements FiguresIndex {
  private readonly keys: { records: string; revs: string; dates: string; version: string; agencies: string };

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly cipher?: DataCipher,
  ) {
    this.keys = {
      records: `${prefix}:figures:records`,
      revs: `${prefix}:figures:revs`,
      dates: `${prefix}:figures:dates`,
      version: `${prefix}:figures:version`,
      agencies: `${prefix}:figures:agencies`,
    };
  }

  async put(record: FiguresRecord): Promise<void> {
    const tx = this.redis.multi();
    this.queue(tx, record);
    await tx.exec();
  }

  /** Queues, in the caller's transaction, the record's write (kept unless a later revision's record is there). */
  queue(tx: ChainableCommander, record: FiguresRecord): void {
    let stored = record;
    if (this.cipher && record.reports.length) {
      const cipher = this.cipher;
      const agencies = new Map(record.reports.map((r) => [r.agency, cipher.fingerprint(AGENCY, r.agency)]));
      // An agency's entry never changes (same text, same fingerprint): written once.
      for (const [agency, fp] of agencies) tx.hsetnx(this.keys.agencies, fp, cipher.encrypt(agency));
      stored = { ...record, reports: record.reports.map((r) => ({ ...r, agency: agencies.get(r.agency)! })) };
    }
    tx.eval(
      PUT,
      3,
      this.keys.records,
      this.keys.revs,
      this.keys.dates,
      record.id,
      String(record.rev),
      packJson('figures', JSON.stringify(stored)),
      String(dayNumber(record.on)),
    );
  }

  async remove(conferenceId: string): Promise<void> {
    const tx = this.redis.multi();
    this.queueRemove(tx, conferenceId);
    await tx.exec();
  }

  queueRemove(tx: ChainableCommander, conferenceId: string): void {
    tx.hdel(this.keys.records, conferenceId).hdel(this.keys.revs, conferenceId).zrem(this.keys.dates, conferenceId);
  }

  async between(from: string, to: string): Promise<FiguresRecord[]> {
    const ids = await this.redis.zrangebyscore(this.keys.dates, dayNumber(from), dayNumber(to));
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
    const raws = (await Promise.all(chunks.map((chunk) => this.redis.hmgetBuffer(this.keys.records, ...chunk)))).flat();
    const out: FiguresRecord[] = [];
    for (const raw of raws)
      if (raw !== null) out.push(JSON.parse(raw[0] === 0x7b ? raw.toString('utf8') : unpackJson(raw)) as FiguresRecord);
    if (!this.cipher) return out;
    // Each agency decrypted once.
    const fps = [...new Set(out.flatMap((r) => r.reports.map((x) => x.agency)))];
    const sealed = fps.length ? await this.redis.hmget(this.keys.agencies, ...fps) : [];
    const names = new Map(fps.map((fp, i) => [fp, sealed[i] ? this.cipher!.decrypt(sealed[i]!) : 'Agency not known']));
    for (const r of out) for (const x of r.reports) x.agency = names.get(x.agency) ?? x.agency;
    return out;
  }

  async builtVersion(): Promise<number | undefined> {
    const v = await this.redis.get(this.keys.version);
    return v === null ? undefined : Number(v);
  }

  async markBuilt(version: number): Promise<void> {
    await this.redis.set(this.keys.version, String(version));
  }
}

/**
 * The figures record as a record derived from the conference: worked out before the store's
 * transaction (after approval it reads the send ledger) and written in it, so a conference and its
 * record never disagree. A record that cannot be worked out is logged and left for the next write
 * or the start-up backfill: the conference's own write never fails for it.
 */
export function figuresRecords(
  index: RedisFiguresIndex,
  recordOf: (c: Conference) => Promise<FiguresRecord | undefined>,
  onError: (c: Conference, err: unknown) => void,
): DerivedRecords {
  return {
    async prepare(next) {
      try {
        const record = await recordOf(next);
        return (tx) => (record ? index.queue(tx, record) : index.queueRemove(tx, next.id));
      } catch (err) {
        onError(next, err);
        return () => undefined;
      }
    },
    remove: (tx, id) => index.queueRemove(tx, id),
  };
}
