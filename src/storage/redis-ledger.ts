/**
 * The send ledger in Redis: one hash per conference, field = send key, value = JSON entry.
 * BullMQ delivers at least once, so every send first claims its key here; the claim is a Lua
 * script so two workers racing on the same job can never both win.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../ports.ts';
import type { Claim, LedgerEntry, SendLedger } from '../ports/send-ledger.ts';
import { DecryptionError, type DataCipher } from '../infra/data-cipher.ts';
import { createLogger, type Logger } from '../infra/logger.ts';
import { redisKeys, type RedisKeys } from './redis-keys.ts';
import { RedisScript } from './redis-script.ts';
import { LUA_PARSE, LedgerWrites } from './ledger-writes.ts';
import { isoOf, STATE_CODE, stateOf, unpack } from './ledger-entry.ts';
import { NotReplicatedError, writeReplicated, type ReplicaAck } from './replica-ack.ts';

/** What is stored: the port's entry, a `sending` one with its lease end (ISO instant). */
export type StoredLedgerEntry = LedgerEntry;

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
  /** Where a reason refused as another send's is reported, with ids only. @defaultValue a logger writing to stdout */
  logger?: Logger;
  /**
   * With Redis Sentinel: a claim counts only once a replica has it (else it throws
   * NotReplicatedError and nothing is sent), and a "sent" mark is written again until one has it, so
   * a failover cannot throw either away (./replica-ack.ts). `redis` should then be a connection of
   * the ledger's own: WAIT holds up the commands behind it. @defaultValue none (one Redis: no WAIT)
   */
  replicaAck?: ReplicaAck;
}

/**
 * What a reason is sealed as: its conference and send. One key seals every reason, so one copied from
 * another send's entry (another conference's refusal, which may quote its recipient) would otherwise
 * read as this send's; sealed so (no byte more), it is refused and the entry says so instead.
 */
export const reasonBoundTo = (conferenceId: string, key: string) => `send:${conferenceId}/${key}`;
/** The reason shown in place of one refused (sealed for another send, or plain where plain values are refused). */
export const REFUSED_REASON = 'not shown: the stored reason was not sealed for this send (see the log)';

// An entry is stored compact (about 30 bytes, so a conference's ledger stays a listpack hash): fields
// joined by '|', the free text last so it may hold anything:
//   c|<at>|<first>|<leaseUntil>            sending
//   s|<at>|<first>|<status>|<statusAt>|<m>  sent; <m> is '~' for the usual `<key.conference@domain>` at the
//                                           ledger's domain (its field '@', set by the first such entry),
//                                           '~<domain>' at another domain, else '=' + the id
//   k|<at>|<first>|<reason>                 skipped;  f|… the same, failed; r|… refused (for good)
// Instants are epoch milliseconds in base 36; <first> is '' (none), '=' (same as at) or an instant.
// Entries written before (JSON) are still read, claimed and updated.

// Claims: ARGV[1] the lease clock's now (ms in base 36), ARGV[2] the same as ISO (for an entry
// written as JSON), ARGV[3] at, ARGV[4] lease until, ARGV[5…] the keys (a fan-out's batch in one call).
// Returns, per key, the first attempt's time (kept from an earlier claim, else this one's), or 0 when lost.
const CLAIM_SCRIPT = new RedisScript(`${LUA_PARSE}
local out = {}
for i = 5, #ARGV do
  local key = ARGV[i]
  local raw = redis.call('HGET', KEYS[1], key)
  local first = '='
  local lost = false
  if raw then
    local state, was, lease, json = parse(raw)
    if state == 'sent' or state == 'refused' then lost = true end
    if state == 'sending' and lease then
      if json and lease > ARGV[2] then lost = true end
      if (not json) and tonumber(lease, 36) > tonumber(ARGV[1], 36) then lost = true end
    end
    if was then first = was end
  end
  if lost then
    out[#out + 1] = 0
  else
    redis.call('HSET', KEYS[1], key, 'c|' .. ARGV[3] .. '|' .. first .. '|' .. ARGV[4])
    if first == '=' then out[#out + 1] = ARGV[3] else out[#out + 1] = first end
  end
end
return out
`);

// Adds a delivery status to a sent entry only: a claim or a failure is never overwritten by it.
const STATUS_SCRIPT = new RedisScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
if string.sub(raw, 1, 1) == '{' then
  local entry = cjson.decode(raw)
  if entry.state ~= 'sent' then return 0 end
  entry.deliveryStatus = ARGV[2]
  entry.deliveryStatusAt = ARGV[3]
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
  return 1
end
if string.sub(raw, 1, 2) ~= 's|' then return 0 end
local head, rest = string.match(raw, '^(s|[^|]*|[^|]*)|[^|]*|[^|]*|(.*)$')
if not head then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], head .. '|' .. ARGV[2] .. '|' .. ARGV[4] .. '|' .. rest)
return 1
`);

const ms36 = (iso: string) => Date.parse(iso).toString(36);
/** The Message-ID deliver.ts asks for: `<key>.<conference id>` at the sender's domain. */
const usualMessageId = /^<(.+)@([^@>]+)>$/;
/** The ledger's own field (not an entry): the domain of its usual Message-IDs. */
const DOMAIN = '@';

export class RedisSendLedger implements SendLedger {
  private readonly redis: Redis;
  private readonly keys: RedisKeys;
  private readonly clock: Clock;
  private readonly leaseClock: Clock;
  private readonly cipher: DataCipher | undefined;
  private readonly writes: LedgerWrites;
  private readonly logger: Logger;
  private readonly replicaAck: ReplicaAck | undefined;

  constructor(options: RedisSendLedgerOptions) {
    this.cipher = options.cipher;
    this.logger = options.logger ?? createLogger();
    this.redis = options.redis;
    this.keys = redisKeys(options.prefix);
    this.clock = options.clock;
    this.leaseClock = options.leaseClock ?? options.clock;
    this.replicaAck = options.replicaAck;
    this.writes = new LedgerWrites(this.redis, options.replicaAck);
  }

  async claim(conferenceId: string, key: string, leaseMs: number): Promise<Claim | false> {
    return (await this.claimMany(conferenceId, [key], leaseMs))[0] ?? false;
  }

  async claimMany(conferenceId: string, keys: readonly string[], leaseMs: number): Promise<(Claim | false)[]> {
    if (keys.length === 0) return [];
    const leaseNow = this.leaseClock.now();
    const at = this.clock.now().toISOString();
    const claim = async () =>
      (await CLAIM_SCRIPT.run(
        this.redis,
        [this.keys.ledger(conferenceId)],
        [
          leaseNow.getTime().toString(36),
          leaseNow.toISOString(),
          ms36(at),
          (leaseNow.getTime() + leaseMs).toString(36),
          ...keys,
        ],
      )) as unknown[];
    const won = (first: unknown) => typeof first === 'string';
    let firsts: unknown[];
    if (!this.replicaAck) firsts = await claim();
    else {
      // Only a claim won needs a replica: the others wrote nothing.
      const r = await writeReplicated(this.redis, this.replicaAck, claim, (f) => f.some(won));
      if (!r.replicated)
        throw new NotReplicatedError(
          `a send claim for conference ${conferenceId} was not acknowledged by a replica (Redis failing over?): nothing sent, will retry`,
        );
      firsts = r.result;
    }
    return firsts.map((first) => (won(first) ? { firstAttemptAt: isoOf(first as string) } : false));
  }

  async markSent(conferenceId: string, key: string, messageId: string): Promise<void> {
    const usual = usualMessageId.exec(messageId);
    if (usual && usual[1] === `${key}.${conferenceId}`) await this.write(conferenceId, key, 'sent', '||', usual[2]);
    else await this.write(conferenceId, key, 'sent', `||=${messageId}`);
  }

  async markSkipped(conferenceId: string, key: string, reason: string): Promise<void> {
    await this.write(conferenceId, key, 'skipped', this.sealReason(conferenceId, key, reason));
  }

  async markFailed(conferenceId: string, key: string, reason: string): Promise<void> {
    await this.write(conferenceId, key, 'failed', this.sealReason(conferenceId, key, reason));
  }

  private sealReason(conferenceId: string, key: string, reason: string): string {
    return this.cipher ? this.cipher.encrypt(reason, { boundTo: reasonBoundTo(conferenceId, key) }) : reason;
  }

  async markRefused(conferenceId: string, key: string, reason: string): Promise<void> {
    await this.write(conferenceId, key, 'refused', this.sealReason(conferenceId, key, reason));
  }

  async recordDeliveryStatus(conferenceId: string, key: string, status: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await STATUS_SCRIPT.run(this.redis, [this.keys.ledger(conferenceId)], [key, status, now, ms36(now)]);
  }

  async get(conferenceId: string, key: string): Promise<StoredLedgerEntry | undefined> {
    return (await this.getMany(conferenceId, [key]))[0];
  }

  async getMany(conferenceId: string, keys: readonly string[]): Promise<(StoredLedgerEntry | undefined)[]> {
    if (keys.length === 0) return [];
    const raws = await this.redis.hmget(this.keys.ledger(conferenceId), ...keys, DOMAIN);
    const domain = raws.pop() ?? '';
    return raws.map((raw, i) => (raw === null ? undefined : this.read(conferenceId, keys[i]!, raw, domain)));
  }

  async list(conferenceId: string): Promise<Record<string, StoredLedgerEntry>> {
    const { [DOMAIN]: domain = '', ...all } = await this.redis.hgetall(this.keys.ledger(conferenceId));
    const out: Record<string, StoredLedgerEntry> = {};
    for (const [key, raw] of Object.entries(all)) out[key] = this.read(conferenceId, key, raw, domain);
    return out;
  }

  async allSent(conferenceId: string, keys: readonly string[]): Promise<boolean> {
    if (keys.length === 0) return true;
    const raws = await this.redis.hmget(this.keys.ledger(conferenceId), ...keys);
    // Only the state is wanted: nothing to unpack or decrypt.
    return raws.every((raw) => raw !== null && stateOf(raw) === 'sent');
  }

  private read(conferenceId: string, key: string, raw: string, domain: string): StoredLedgerEntry {
    const entry = raw.startsWith('{') ? (JSON.parse(raw) as StoredLedgerEntry) : unpack(conferenceId, key, raw, domain);
    if (entry.reason !== undefined && this.cipher) {
      try {
        entry.reason = this.cipher.decrypt(entry.reason, reasonBoundTo(conferenceId, key));
      } catch (err) {
        if (!(err instanceof DecryptionError)) throw err;
        this.logger.warn('send reason refused: not sealed for this send', { conferenceId, key });
        entry.reason = REFUSED_REASON;
      }
    }
    return entry;
  }

  /** Entries written at about the same moment (a fan-out's sends, several conferences' jobs) go to Redis together. */
  private async write(
    conferenceId: string,
    key: string,
    state: Exclude<StoredLedgerEntry['state'], 'sending'>,
    rest: string,
    domain?: string,
  ): Promise<void> {
    await this.writes.write(
      this.keys.ledger(conferenceId),
      key,
      STATE_CODE[state],
      ms36(this.clock.now().toISOString()),
      rest,
      domain,
    );
  }
}
