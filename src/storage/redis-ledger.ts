/**
 * The send ledger in Redis: one hash per conference, field = send key, value = JSON entry.
 * BullMQ delivers at least once, so every send first claims its key here; the claim is a Lua
 * script so two workers racing on the same job can never both win.
 */
import type { Redis } from 'ioredis';
import type { Claim, Clock, LedgerEntry, SendLedger } from '../ports.ts';
import type { DataCipher } from './crypto.ts';
import { redisKeys, type RedisKeys } from './redis-keys.ts';
import { RedisScript } from './redis-script.ts';

/** What is stored: a `sending` entry also carries its lease end (ISO instant). */
export type StoredLedgerEntry = LedgerEntry & { leaseUntil?: string };

export interface RedisSendLedgerOptions {
  redis: Redis;
  /** @defaultValue `'cpc'` */
  prefix?: string;
  clock: Clock;
  /**
   * Measures send leases. A lease is about whether a worker process is still alive, so it runs on
   * the real clock even when the business clock is simulated. @defaultValue `clock`
   */
  leaseClock?: Clock;
  /**
   * Encrypts the one free-text field (`reason`: a mail server's refusal may quote an address).
   * The rest of an entry stays readable because the claim script decodes it.
   */
  cipher?: DataCipher;
}

// Instants are compared as ISO strings: toISOString() is fixed-width UTC, so string order is time order.
// A `sending` entry without a lease is malformed and treated as expired rather than blocking forever.
// Returns the first attempt's time (kept from an earlier claim, else this one's), or 0 when lost.
const CLAIM_SCRIPT = new RedisScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local first = ARGV[4]
if raw then
  local entry = cjson.decode(raw)
  if entry.state == 'sent' then return 0 end
  if entry.state == 'sending' and type(entry.leaseUntil) == 'string' and entry.leaseUntil > ARGV[2] then return 0 end
  if type(entry.firstAttemptAt) == 'string' then first = entry.firstAttemptAt end
end
redis.call('HSET', KEYS[1], ARGV[1], string.sub(ARGV[3], 1, -2) .. ',"firstAttemptAt":' .. cjson.encode(first) .. '}')
return first
`);

// Writes an entry, keeping the first attempt's time of the entry it replaces.
const WRITE_SCRIPT = new RedisScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local out = ARGV[2]
if raw then
  local entry = cjson.decode(raw)
  if type(entry.firstAttemptAt) == 'string' then out = string.sub(out, 1, -2) .. ',"firstAttemptAt":' .. cjson.encode(entry.firstAttemptAt) .. '}' end
end
redis.call('HSET', KEYS[1], ARGV[1], out)
return 1
`);

// Adds a delivery status to a sent entry only: a claim or a failure is never overwritten by it.
const STATUS_SCRIPT = new RedisScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local entry = cjson.decode(raw)
if entry.state ~= 'sent' then return 0 end
entry.deliveryStatus = ARGV[2]
entry.deliveryStatusAt = ARGV[3]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
return 1
`);

export class RedisSendLedger implements SendLedger {
  private readonly redis: Redis;
  private readonly keys: RedisKeys;
  private readonly clock: Clock;
  private readonly leaseClock: Clock;
  private readonly cipher: DataCipher | undefined;

  constructor(options: RedisSendLedgerOptions) {
    this.cipher = options.cipher;
    this.redis = options.redis;
    this.keys = redisKeys(options.prefix);
    this.clock = options.clock;
    this.leaseClock = options.leaseClock ?? options.clock;
  }

  async claim(conferenceId: string, key: string, leaseMs: number): Promise<Claim | false> {
    const leaseNow = this.leaseClock.now();
    const at = this.clock.now().toISOString();
    const entry: StoredLedgerEntry = {
      state: 'sending',
      at,
      leaseUntil: new Date(leaseNow.getTime() + leaseMs).toISOString(),
    };
    const first = await CLAIM_SCRIPT.run(
      this.redis,
      [this.keys.ledger(conferenceId)],
      [key, leaseNow.toISOString(), JSON.stringify(entry), at],
    );
    return typeof first === 'string' ? { firstAttemptAt: first } : false;
  }

  async markSent(conferenceId: string, key: string, messageId: string): Promise<void> {
    await this.write(conferenceId, key, { state: 'sent', at: this.clock.now().toISOString(), messageId });
  }

  async markSkipped(conferenceId: string, key: string, reason: string): Promise<void> {
    await this.write(conferenceId, key, {
      state: 'skipped',
      at: this.clock.now().toISOString(),
      reason: this.cipher ? this.cipher.encrypt(reason) : reason,
    });
  }

  async markFailed(conferenceId: string, key: string, reason: string): Promise<void> {
    await this.write(conferenceId, key, {
      state: 'failed',
      at: this.clock.now().toISOString(),
      reason: this.cipher ? this.cipher.encrypt(reason) : reason,
    });
  }

  async recordDeliveryStatus(conferenceId: string, key: string, status: string): Promise<void> {
    await STATUS_SCRIPT.run(
      this.redis,
      [this.keys.ledger(conferenceId)],
      [key, status, this.clock.now().toISOString()],
    );
  }

  async get(conferenceId: string, key: string): Promise<StoredLedgerEntry | undefined> {
    const raw = await this.redis.hget(this.keys.ledger(conferenceId), key);
    return raw === null ? undefined : this.read(raw);
  }

  async list(conferenceId: string): Promise<Record<string, StoredLedgerEntry>> {
    const all = await this.redis.hgetall(this.keys.ledger(conferenceId));
    const out: Record<string, StoredLedgerEntry> = {};
    for (const [key, raw] of Object.entries(all)) out[key] = this.read(raw);
    return out;
  }

  private read(raw: string): StoredLedgerEntry {
    const entry = JSON.parse(raw) as StoredLedgerEntry;
    if (entry.reason !== undefined && this.cipher) entry.reason = this.cipher.decrypt(entry.reason);
    return entry;
  }

  private async write(conferenceId: string, key: string, entry: StoredLedgerEntry): Promise<void> {
    await WRITE_SCRIPT.run(this.redis, [this.keys.ledger(conferenceId)], [key, JSON.stringify(entry)]);
  }
}
