/**
 * The one-off re-seal (`npm run cpc -- reseal`): every value the service reads through the data
 * cipher that is still stored plain (written before encryption was switched on), and every file,
 * audit element and send reason sealed before they were bound to what they are, is written sealed
 * as the service would write it now, and, when none is left, `<prefix>:plain-values-resealed` records
 * when. From then on a process started with `DATA_PLAIN_VALUES=auto` (the default) refuses plain and
 * unbound values: one can then only have been written by someone without the key, or moved.
 *
 * Each value is swapped only if it is still what was read (a script compares first), so the service
 * may keep running; it never writes a plain value itself. Keys carry ids only, so the report names keys.
 * A plain conference, summary or child record whose id is not its key's is not sealed (that would
 * make a copy under another key genuine), nor is a value that does not open (altered, or moved from
 * another key): each is reported and the marker is not written.
 */
import type { Redis } from 'ioredis';
import { DataCipher } from '../infra/data-cipher.ts';
import { silentLogger } from '../infra/logger.ts';
import { packJson, type PackedKind } from './packed-json.ts';
import { RedisAuditLog } from './redis-audit-log.ts';
import { boundTo as fileBoundTo, RedisBlobs } from './redis-blobs.ts';
import { redisKeys } from './redis-keys.ts';
import { reasonBoundTo, type StoredLedgerEntry } from './redis-ledger.ts';
import { RedisScript } from './redis-script.ts';

/** The key recording when the re-seal last found no plain value left (an ISO instant). */
export const plainValuesResealedKey = (prefix: string) => `${prefix}:plain-values-resealed`;

/** When the re-seal last left no plain value, if it has. */
export async function plainValuesResealedAt(redis: Redis, prefix: string): Promise<string | undefined> {
  return (await redis.get(plainValuesResealedKey(prefix))) ?? undefined;
}

export interface ResealReport {
  /** Values sealed (or, with dryRun, that would be), by kind. */
  sealed: Record<string, number>;
  /** Keys left plain, and why (ids only). */
  failed: { key: string; why: string }[];
  /** Whether the marker was written (nothing left plain, not a dry run). */
  marked: boolean;
}

const SWAP_STRING = new RedisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1
`);
const SWAP_FIELD = new RedisScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`);
const SWAP_ELEMENT = new RedisScript(`
if redis.call('LINDEX', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('LSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`);
// A file kept as a hash (data, meta) becomes one sealed string, if the hash is still what was read.
const SWAP_FILE_HASH = new RedisScript(`
if redis.call('HGET', KEYS[1], 'data') ~= ARGV[1] or (redis.call('HGET', KEYS[1], 'meta') or '') ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[1], ARGV[3])
return 1
`);
// A stream trail (the first form, its fields plain) moves to the head of the list, sealed, in one step.
const MOVE_STREAM = new RedisScript(`
if redis.call('XLEN', KEYS[1]) ~= tonumber(ARGV[1]) then return 0 end
for i = #ARGV, 2, -1 do redis.call('LPUSH', KEYS[2], ARGV[i]) end
redis.call('DEL', KEYS[1])
return 1
`);

/** Seals what is still plain under `prefix` (see the file's comment). `cipher` must not refuse plain values. */
export async function resealPlainValues(
  redis: Redis,
  prefix: string,
  cipher: DataCipher,
  options: { dryRun?: boolean; now?: Date } = {},
): Promise<ResealReport> {
  const keys = redisKeys(prefix);
  const audit = new RedisAuditLog(redis, cipher, silentLogger);
  const blobs = new RedisBlobs(redis, keys, cipher);
  const report: ResealReport = { sealed: {}, failed: [], marked: false };
  const count = (kind: string) => (report.sealed[kind] = (report.sealed[kind] ?? 0) + 1);
  const dry = options.dryRun ?? false;
  const at = `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`;
  const CONF = new RegExp(`${at}conf:([^:]+)$`);
  const SUMMARY = new RegExp(`${at}conf:([^:]+):summary$`);
  const CHILD = new RegExp(`${at}child:([^:]+)$`);
  const SMALL = new RegExp(`${at}(session|reply-code|teams:user):.+$`);
  const FILE = new RegExp(`${at}conf:([^:]+):blob:(.+)$`);
  const LOG = new RegExp(`${at}conf:([^:]+):log$`);
  const STREAM = new RegExp(`${at}conf:([^:]+):audit$`);
  const LEDGER = new RegExp(`${at}conf:([^:]+):ledger$`);
  const AGENCIES = `${prefix}:figures:agencies`;

  /** A plain record (conference, summary, child) packed and sealed, if it is its key's. */
  const record = async (key: string, id: string, kind: PackedKind, label: string) => {
    const raw = await redis.getBuffer(key);
    if (raw === null || DataCipher.isEnvelope(raw)) return;
    let json: string;
    try {
      json = raw.toString('utf8');
      if ((JSON.parse(json) as { id?: unknown }).id !== id) throw new Error('its id is not the key’s');
    } catch (err) {
      report.failed.push({ key, why: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (dry || (await SWAP_STRING.run(redis, [key], [raw, cipher.encryptBinary(packJson(kind, json))]))) count(label);
    else report.failed.push({ key, why: 'changed while being sealed: run again' });
  };
  const swapped = (done: unknown, key: string, label: string) => {
    if (dry || done) count(label);
    else report.failed.push({ key, why: 'changed while being sealed: run again' });
  };

  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    for (const key of batch) {
      try {
        let m: RegExpExecArray | null;
        if ((m = CONF.exec(key))) {
          if ((await redis.type(key)) === 'string') await record(key, m[1]!, 'conference', 'conference');
        } else if ((m = SUMMARY.exec(key))) await record(key, m[1]!, 'summary', 'list summary');
        else if ((m = CHILD.exec(key))) {
          if ((await redis.type(key)) === 'string') await record(key, m[1]!, 'child-record', 'child record');
        } else if (SMALL.test(key)) {
          const raw = await redis.getBuffer(key);
          if (raw !== null && !DataCipher.isEnvelope(raw))
            swapped(
              !dry && (await SWAP_STRING.run(redis, [key], [raw, cipher.encrypt(raw)])),
              key,
              'session, reply code or Teams reference',
            );
        } else if ((m = FILE.exec(key))) {
          const [conferenceId, blobId] = [m[1]!, m[2]!];
          const type = await redis.type(key);
          if (type === 'string') {
            const raw = await redis.getBuffer(key);
            if (raw === null) continue;
            const unsealed = raw.subarray(0, 3).toString('latin1') === 'p1:';
            if (!unsealed && cipher.opensBound(raw, fileBoundTo(conferenceId, blobId))) continue;
            const file = (await blobs.get(conferenceId, blobId))!;
            const sealed = blobs.valueOf(conferenceId, blobId, file.data, file.meta);
            swapped(!dry && (await SWAP_STRING.run(redis, [key], [raw, sealed])), key, 'file');
          } else if (type === 'hash') {
            const h = await redis.hgetallBuffer(key);
            if (!h.data || (DataCipher.isEnvelope(h.data) && (!h.meta || DataCipher.isEnvelope(h.meta)))) continue;
            const file = (await blobs.get(conferenceId, blobId))!;
            const sealed = blobs.valueOf(conferenceId, blobId, file.data, file.meta);
            swapped(!dry && (await SWAP_FILE_HASH.run(redis, [key], [h.data, h.meta ?? '', sealed])), key, 'file');
          }
        } else if ((m = LOG.exec(key))) {
          const conferenceId = m[1]!;
          const items = await redis.lrangeBuffer(key, 0, -1);
          for (const [i, item] of items.entries()) {
            const sealed = audit.resealed(item, conferenceId);
            if (sealed)
              swapped(!dry && (await SWAP_ELEMENT.run(redis, [key], [String(i), item, sealed])), key, 'audit entry');
          }
        } else if ((m = STREAM.exec(key))) {
          if ((await redis.type(key)) !== 'stream') continue;
          const conferenceId = m[1]!;
          const entries = await audit.readStream(key, conferenceId);
          const sealed = audit.sealedElements(entries, conferenceId);
          const moved =
            !dry &&
            (await MOVE_STREAM.run(redis, [key, keys.auditLog(conferenceId)], [String(entries.length), ...sealed]));
          for (let i = 0; i < entries.length; i++) swapped(moved, key, 'audit entry (from the first, stream form)');
        } else if ((m = LEDGER.exec(key))) {
          const conferenceId = m[1]!;
          for (const [field, raw] of Object.entries(await redis.hgetall(key))) {
            const sealed = field === '@' ? undefined : resealedLedgerEntry(cipher, conferenceId, field, raw);
            if (sealed) swapped(!dry && (await SWAP_FIELD.run(redis, [key], [field, raw, sealed])), key, 'send reason');
          }
        } else if (key === AGENCIES) {
          for (const [field, raw] of Object.entries(await redis.hgetall(key)))
            if (!DataCipher.isEnvelope(raw))
              swapped(
                !dry && (await SWAP_FIELD.run(redis, [key], [field, raw, cipher.encrypt(raw)])),
                key,
                'agency name',
              );
        }
      } catch (err) {
        // It does not open (altered, or moved from another key): named, left as it is, no marker.
        report.failed.push({ key, why: err instanceof Error ? err.message : String(err) });
      }
    }
  } while (cursor !== '0');

  if (!dry && report.failed.length === 0) {
    await redis.set(plainValuesResealedKey(prefix), (options.now ?? new Date()).toISOString());
    report.marked = true;
  }
  return report;
}

/**
 * A send ledger entry whose reason is still stored plain, or sealed before reasons were bound,
 * written with the reason sealed as the ledger writes it now (redis-ledger.ts); else undefined.
 */
function resealedLedgerEntry(cipher: DataCipher, conferenceId: string, key: string, raw: string): string | undefined {
  const boundTo = reasonBoundTo(conferenceId, key);
  const reseal = (reason: string) =>
    DataCipher.isEnvelope(reason) && cipher.opensBound(reason, boundTo)
      ? undefined
      : cipher.encrypt(cipher.decrypt(reason, boundTo), { boundTo });
  if (raw.startsWith('{')) {
    const entry = JSON.parse(raw) as StoredLedgerEntry;
    const reason = entry.reason === undefined ? undefined : reseal(entry.reason);
    return reason === undefined ? undefined : JSON.stringify({ ...entry, reason });
  }
  const parts = raw.split('|');
  if (parts[0] === 'c' || parts[0] === 's') return undefined; // a claim or a send: no reason (ledger-entry.ts)
  const reason = reseal(parts.slice(3).join('|'));
  return reason === undefined ? undefined : [...parts.slice(0, 3), reason].join('|');
}
