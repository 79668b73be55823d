/**
 * A conference's audit trail in Redis: one list, appended only. An entry is first pushed on its own,
 * `+` and its row `[at, actor, action, detail?]` packed (JSON deflated with the audit dictionary,
 * packed-json.ts) then encrypted as binary (`b1:`); every `FOLD` entries the oldest unfolded ones are
 * folded into one element, their rows packed and encrypted as one. Encrypting each entry's detail on
 * its own as base64 text cost about 190 bytes an entry; packed, an entry alone takes about 70 and
 * folded about 15. What the trail says, and its order, do not change: a reader unfolds each element
 * in place. Written before and still read: entries as JSON with the detail in a `v1:` envelope,
 * folds deflated without a dictionary, and before the list a stream (read first).
 *
 * Every element is sealed bound to its conference (GCM additional data, no byte more): one key seals
 * every trail, so an element copied from another conference's trail would otherwise read as this
 * one's. Such an element is left out, a warning logged (ids only), and an `audit.refused` entry shows
 * where it was. An element sealed before elements were bound still opens (data-cipher.ts).
 */
import type { Redis } from 'ioredis';
import type { AuditEntry } from '../ports.ts';
import { DecryptionError, type DataCipher } from '../infra/data-cipher.ts';
import type { Logger } from '../infra/logger.ts';
import { packJson, unpackJson } from './packed-json.ts';
import { RedisScript } from './redis-script.ts';

/** Entries per folded element. */
const FOLD = 8;
/** A folded element without a cipher (the store's own unit tests): `Z:` + the packed JSON. */
const PLAIN_FOLD = 'Z:';
/** An entry not folded yet: `+` and its row as a folded element of one. (`[`: JSON, written before.) */
const SINGLE = '+';

// Appends ARGV[1]; when FOLD (ARGV[2]) or more entries at the end are unfolded, returns the index of
// the oldest of them and as many whole eights of them as there are, for the caller to fold (after a
// burst of concurrent appends, one fold catches up with all of them).
const APPEND = new RedisScript(`
local len = redis.call('RPUSH', KEYS[1], ARGV[1])
local n = tonumber(ARGV[2])
if len < n then return nil end
local tail = redis.call('LRANGE', KEYS[1], -8 * n, -1)
local plain = 0
for i = #tail, 1, -1 do
  local head = string.sub(tail[i], 1, 1)
  if head ~= '[' and head ~= '+' then break end
  plain = plain + 1
end
if plain < n then return nil end
local start = len - plain
local out = { start }
for i = #tail - plain + 1, #tail - plain + plain - plain % n do out[#out + 1] = tail[i] end
return out
`);

// Replaces the ARGV[2] entries from index ARGV[1] (still those read: ARGV[3] first, ARGV[4] last) by
// ARGV[5…], the folded elements. Two folders racing: the second finds the first's element and stops.
const FOLD_SCRIPT = new RedisScript(`
local start = tonumber(ARGV[1])
local last = start + tonumber(ARGV[2]) - 1
if redis.call('LINDEX', KEYS[1], start) ~= ARGV[3] or redis.call('LINDEX', KEYS[1], last) ~= ARGV[4] then return 0 end
for i = 5, #ARGV do redis.call('LSET', KEYS[1], start + i - 5, ARGV[i]) end
for i = start + #ARGV - 4, last do redis.call('LSET', KEYS[1], i, '~') end
redis.call('LREM', KEYS[1], 0, '~')
return 1
`);

type Row = [at: string, actor: string, action: string, detail?: Record<string, unknown>];

/** What a trail's elements are sealed as: the conference's. */
const boundTo = (conferenceId: string) => `audit:${conferenceId}`;

export class RedisAuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly cipher: DataCipher | undefined,
    private readonly logger: Logger,
  ) {}

  /** Appends to the trail kept under `key`, conference `conferenceId`'s. */
  async append(key: string, conferenceId: string, entry: AuditEntry): Promise<void> {
    const bound = boundTo(conferenceId);
    const single = Buffer.concat([Buffer.from(SINGLE, 'latin1'), this.fold([rowOf(entry)], bound)]);
    const due = (await APPEND.runBuffer(this.redis, [key], [single, String(FOLD)])) as [number, ...Buffer[]] | null;
    if (!due) return;
    const [start, ...raws] = due;
    try {
      const folded: Buffer[] = [];
      for (let i = 0; i < raws.length; i += FOLD)
        folded.push(
          this.fold(
            raws.slice(i, i + FOLD).flatMap((r) => this.rows(r, bound)),
            bound,
          ),
        );
      await FOLD_SCRIPT.run(this.redis, [key], [String(start), String(raws.length), raws[0]!, raws.at(-1)!, ...folded]);
    } catch {
      // Folding only saves space: the entries stay as they are, and the next append tries again.
    }
  }

  /** Rows as one element: their JSON (details in plain) packed, then encrypted bound to the conference. */
  private fold(rows: Row[], bound: string): Buffer {
    const packed = packJson('audit', JSON.stringify(rows));
    return this.cipher
      ? this.cipher.encryptBinary(packed, bound)
      : Buffer.concat([Buffer.from(PLAIN_FOLD, 'latin1'), packed]);
  }

  /** The trail kept under `key`, conference `conferenceId`'s; an element sealed for another is left out (see the file's comment). */
  /**
   * For the re-seal (reseal-plain.ts): an element still stored plain (an entry as JSON, a fold
   * without a cipher) or sealed before elements were bound, sealed as it would be written now,
   * keeping whether it was folded; else undefined.
   */
  resealed(item: Buffer, conferenceId: string): Buffer | undefined {
    if (!this.cipher) return undefined;
    const bound = boundTo(conferenceId);
    const single = item[0] === 0x5b || item[0] === SINGLE.charCodeAt(0);
    const sealed = item[0] === SINGLE.charCodeAt(0) ? item.subarray(1) : item;
    const plain = item[0] === 0x5b || item.subarray(0, 2).toString('latin1') === PLAIN_FOLD;
    if (!plain && this.cipher.opensBound(sealed, bound)) return undefined;
    const folded = this.fold(this.rows(item, bound), bound);
    return single ? Buffer.concat([Buffer.from(SINGLE, 'latin1'), folded]) : folded;
  }

  /** For the re-seal: a stream's entries (`readStream`) as sealed folded elements of the list, in order. */
  sealedElements(entries: AuditEntry[], conferenceId: string): Buffer[] {
    const rows = entries.map(rowOf);
    const out: Buffer[] = [];
    for (let i = 0; i < rows.length; i += FOLD) out.push(this.fold(rows.slice(i, i + FOLD), boundTo(conferenceId)));
    return out;
  }

  async read(key: string, conferenceId: string): Promise<AuditEntry[]> {
    const items = await this.redis.lrangeBuffer(key, 0, -1);
    const out: AuditEntry[] = [];
    items.forEach((item, position) => {
      try {
        out.push(...this.rows(item, boundTo(conferenceId)).map(entryOf));
      } catch (err) {
        if (!(err instanceof DecryptionError)) throw err;
        this.logger.warn('audit entry refused: not sealed for this conference', { conferenceId, position });
        // Placed at the time of the entry before it (or, first in the trail, the one after).
        out.push({ at: out.at(-1)?.at ?? '', actor: 'system', action: 'audit.refused' });
      }
    });
    return out.map((e, i) => (e.at === '' ? { ...e, at: out.slice(i).find((x) => x.at !== '')?.at ?? e.at } : e));
  }

  /**
   * The trail as first written, a stream of flat fields (still read, no longer written; never bound).
   * Its time, actor and action are plain: where plain values are refused (after the re-seal, which
   * moves a stream into the list), each entry is left out and marked as a refused one is.
   */
  async readStream(key: string, conferenceId: string): Promise<AuditEntry[]> {
    const rows = await this.redis.xrange(key, '-', '+');
    const entries = rows.map(([, flat]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
      return f;
    });
    if (entries.length && this.cipher?.refusesPlain) {
      this.logger.warn('audit entries refused: a stream of plain entries', { conferenceId, entries: entries.length });
      return entries.map((f) => ({ at: f.at ?? '', actor: 'system', action: 'audit.refused' }));
    }
    return entries.map((f) => this.entry([f.at ?? '', f.actor ?? '', f.action ?? '', f.detail]));
  }

  private entry(raw: [string, string, string, string?]): AuditEntry {
    const [at, actor, action, detail] = raw;
    return {
      at,
      actor,
      action,
      ...(detail !== undefined ? { detail: JSON.parse(this.open(detail)) as Record<string, unknown> } : {}),
    };
  }

  /** The rows an element holds: one entry (`+`, or JSON written before, never bound) or a fold. */
  private rows(item: Buffer, bound: string): Row[] {
    if (item[0] === 0x5b) {
      this.cipher?.refusePlainValue(); // its time, actor and action are plain
      return [rowOf(this.entry(JSON.parse(item.toString('utf8'))))];
    }
    if (item[0] === SINGLE.charCodeAt(0)) return this.unfold(item.subarray(1), bound);
    return this.unfold(item, bound);
  }

  private unfold(item: Buffer, bound: string): Row[] {
    const unsealed = item.subarray(0, 2).toString('latin1') === PLAIN_FOLD;
    if (unsealed) this.cipher?.refusePlainValue();
    const packed = unsealed ? item.subarray(2) : (this.cipher?.decryptBuffer(item, bound) ?? item);
    return JSON.parse(unpackJson(packed)) as Row[];
  }

  private open(stored: string): string {
    return this.cipher ? this.cipher.decrypt(stored) : stored;
  }
}

function rowOf(e: AuditEntry): Row {
  return e.detail !== undefined ? [e.at, e.actor, e.action, e.detail] : [e.at, e.actor, e.action];
}

function entryOf([at, actor, action, ...detail]: Row): AuditEntry {
  return { at, actor, action, ...(detail.length ? { detail: detail[0] } : {}) };
}
