/**
 * The Redis-backed ConferenceStore. The aggregate is one JSON string per conference;
 * concurrent writers (HTTP handlers, BullMQ workers in other processes) are serialised with
 * optimistic concurrency (WATCH/MULTI/EXEC) rather than locks, so a crashed worker can never
 * leave a conference locked.
 */
import type { Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { AuditEntry, Clock, ConferenceStore, ConferenceSummary, PurgeLogEntry } from '../ports.ts';
import { IndexKeys, openReportSenders, sameJoinUrl, summaryOf } from './conference-indexes.ts';
import type { DataCipher } from './crypto.ts';
import { deleteKeysByPrefix, redisKeys, type RedisKeys } from './redis-keys.ts';
import { WatchPool } from './watch-pool.ts';

export interface RedisConferenceStoreOptions {
  redis: Redis;
  /** @defaultValue `'cpc'` */
  prefix?: string;
  clock: Clock;
  /**
   * Connections kept for WATCH transactions. WATCH state belongs to a connection, so two
   * concurrent updates on one connection would see each other's watches.
   * @defaultValue 8
   */
  watchPoolSize?: number;
  /** @defaultValue 20 */
  maxAttempts?: number;
  /**
   * Encrypts the conference JSON, blobs and audit details at rest. Without it values are written
   * in plain (unit tests of the store only; the runtime always passes one).
   */
  cipher?: DataCipher;
  /**
   * The secret the lookup indexes' HMAC key is derived from (the data-at-rest key at run time), so
   * an index key never shows the address or join URL it stands for. Required with a cipher.
   */
  indexSecret?: Buffer;
}

// Atomic so a half-created conference (JSON without index, reference or summary) can never be seen.
// KEYS[5..] are the lookup index sets the conference belongs to.
const CREATE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'id' end
if redis.call('EXISTS', KEYS[3]) == 1 then return 'reference' end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[3])
redis.call('SET', KEYS[4], ARGV[4])
for i = 5, #KEYS do redis.call('SADD', KEYS[i], ARGV[3]) end
return 'ok'
`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const epochMs = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`startsAt is not an ISO instant: ${iso}`);
  return ms;
};

export class RedisConferenceStore implements ConferenceStore {
  private readonly redis: Redis;
  private readonly keys: RedisKeys;
  private readonly clock: Clock;
  private readonly pool: WatchPool;
  private readonly maxAttempts: number;
  private readonly cipher: DataCipher | undefined;
  private readonly idx: IndexKeys;

  constructor(options: RedisConferenceStoreOptions) {
    this.redis = options.redis;
    this.keys = redisKeys(options.prefix);
    this.clock = options.clock;
    this.pool = new WatchPool(options.redis, options.watchPoolSize ?? 8);
    // A fan-out patches one conference from as many jobs as it has recipients (30 and more at once);
    // each round only one writer wins, so the last may lose many times: give up only after 100.
    this.maxAttempts = options.maxAttempts ?? 100;
    this.cipher = options.cipher;
    if (options.cipher && !options.indexSecret)
      throw new Error('RedisConferenceStore: an encrypted store needs indexSecret for its lookup indexes');
    // Without a cipher (the store's own unit tests) the index keys are hashed with a fixed key.
    this.idx = new IndexKeys(this.keys.prefix, options.indexSecret ?? Buffer.from('cpc-unencrypted-test-store'));
  }

  /** What goes into Redis: the envelope when a cipher is configured. */
  private seal(plain: string): string {
    return this.cipher ? this.cipher.encrypt(plain) : plain;
  }

  /** The conference itself, the largest value: deflated before it is encrypted (`v2:`), about four times smaller. */
  private sealConference(c: Conference): string {
    const json = JSON.stringify(c);
    return this.cipher ? this.cipher.encrypt(json, { compact: true }) : json;
  }

  /** Reads an envelope or a legacy plain value alike. */
  private open(stored: string): string {
    return this.cipher ? this.cipher.decrypt(stored) : stored;
  }

  private parse(stored: string): Conference {
    return JSON.parse(this.open(stored)) as Conference;
  }

  async nextReference(year: number): Promise<string> {
    const n = await this.redis.incr(this.keys.referenceCounter(year));
    return `CPC-${year}-${String(n).padStart(4, '0')}`;
  }

  private sealedSummary(c: Conference): string {
    return this.seal(JSON.stringify(summaryOf(c)));
  }

  async create(conference: Conference): Promise<void> {
    const indexSets = this.idx.of(conference);
    const result = await this.redis.eval(
      CREATE_SCRIPT,
      4 + indexSets.length,
      this.keys.conference(conference.id),
      this.keys.index(),
      this.keys.reference(conference.reference),
      this.keys.summary(conference.id),
      ...indexSets,
      this.sealConference(conference),
      String(epochMs(conference.startsAt)),
      conference.id,
      this.sealedSummary(conference),
    );
    if (result === 'id') throw new ConflictError(`Conference ${conference.id} already exists`);
    if (result === 'reference') throw new ConflictError(`Reference ${conference.reference} is already in use`);
  }

  async get(id: string): Promise<Conference | undefined> {
    const raw = await this.redis.get(this.keys.conference(id));
    return raw === null ? undefined : this.parse(raw);
  }

  async getByReference(reference: string): Promise<Conference | undefined> {
    const id = await this.redis.get(this.keys.reference(reference));
    return id === null ? undefined : this.get(id);
  }

  private async getMany(ids: string[]): Promise<Conference[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.conference(id)));
    return raws.filter((raw): raw is string => raw !== null).map((raw) => this.parse(raw));
  }

  async getByJoinUrl(joinUrl: string): Promise<Conference | undefined> {
    const candidates = await this.getMany((await this.redis.smembers(this.idx.join(joinUrl))).sort());
    return candidates.find((c) => c.meeting?.joinUrl !== undefined && sameJoinUrl(c.meeting.joinUrl, joinUrl));
  }

  async findByOpenReportSender(address: string): Promise<Conference[]> {
    const wanted = address.trim().toLowerCase();
    const candidates = await this.getMany((await this.redis.smembers(this.idx.sender(address))).sort());
    return candidates.filter((c) => openReportSenders(c).includes(wanted));
  }

  async update(id: string, mutate: (current: Conference) => Conference | Promise<Conference>): Promise<Conference> {
    const key = this.keys.conference(id);
    const conn = await this.pool.acquire();
    try {
      for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
        const result = await this.tryUpdate(conn, key, id, mutate);
        if (result) return result;
        // Back off with jitter so a crowd of writers on one conference spreads out.
        await sleep(Math.random() * Math.min(2 ** attempt, 100));
      }
      throw new ConflictError(`Conference ${id} kept changing; gave up after ${this.maxAttempts} attempts`);
    } finally {
      this.pool.release(conn);
    }
  }

  /** One WATCH/GET/MULTI/EXEC round; undefined when another writer got in first. */
  private async tryUpdate(
    conn: Redis,
    key: string,
    id: string,
    mutate: (current: Conference) => Conference | Promise<Conference>,
  ): Promise<Conference | undefined> {
    await conn.watch(key);
    let watching = true;
    try {
      const raw = await conn.get(key);
      if (raw === null) throw new NotFoundError(`Conference ${id} not found`);
      const current = this.parse(raw);
      const mutated = await mutate(this.parse(raw));
      const next: Conference = { ...mutated, id, rev: current.rev + 1, updatedAt: this.clock.now().toISOString() };
      const tx = conn.multi().set(key, this.sealConference(next)).set(this.keys.summary(id), this.sealedSummary(next));
      if (next.startsAt !== current.startsAt) tx.zadd(this.keys.index(), epochMs(next.startsAt), id);
      const before = new Set(this.idx.of(current));
      const after = new Set(this.idx.of(next));
      for (const set of before) if (!after.has(set)) tx.srem(set, id);
      for (const set of after) if (!before.has(set)) tx.sadd(set, id);
      // EXEC (aborted or not) clears the watch on this connection.
      watching = false;
      const replies = await tx.exec();
      if (replies === null) return undefined;
      const failed = replies.find(([err]) => err);
      if (failed?.[0]) throw failed[0];
      return next;
    } finally {
      // Leave no watch behind on a pooled connection after NotFound or a throwing mutate.
      if (watching) await conn.unwatch().catch(() => undefined);
    }
  }

  async list(): Promise<ConferenceSummary[]> {
    const ids = await this.redis.zrange(this.keys.index(), 0, -1);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.summary(id)));
    // A conference stored before summaries existed (until the start-up backfill) is summarised from its aggregate.
    const missing = await this.getMany(ids.filter((_, i) => raws[i] === null));
    const fromAggregate = new Map(missing.map((c) => [c.id, summaryOf(c)]));
    const summaries: ConferenceSummary[] = [];
    ids.forEach((id, i) => {
      const raw = raws[i];
      const s = raw ? (JSON.parse(this.open(raw)) as ConferenceSummary) : fromAggregate.get(id);
      if (s) summaries.push(s);
    });
    return summaries;
  }

  async backfillIndexes(): Promise<number> {
    const stamp = this.idx.stamp();
    if ((await this.redis.get(this.idx.builtKey())) === stamp) return 0;
    await deleteKeysByPrefix(this.redis, this.idx.all().slice(0, -1));
    const ids = await this.redis.zrange(this.keys.index(), 0, -1);
    let indexed = 0;
    for (let i = 0; i < ids.length; i += 200) {
      const tx = this.redis.multi();
      for (const c of await this.getMany(ids.slice(i, i + 200))) {
        tx.set(this.keys.summary(c.id), this.sealedSummary(c));
        for (const set of this.idx.of(c)) tx.sadd(set, c.id);
        indexed++;
      }
      await tx.exec();
    }
    await this.redis.set(this.idx.builtKey(), stamp);
    return indexed;
  }

  /**
   * One entry: a JSON array `[at, actor, action, detail?]` pushed on a list, the detail encrypted.
   * A list, not a stream: Redis gives every stream node its full 4 KB at once, so a conference's
   * forty-odd entries took about 14 KB as a stream and take about 6 KB here.
   */
  async audit(conferenceId: string, entry: Omit<AuditEntry, 'at'> & { at?: string }): Promise<void> {
    const row: string[] = [entry.at ?? this.clock.now().toISOString(), entry.actor, entry.action];
    if (entry.detail !== undefined) row.push(this.seal(JSON.stringify(entry.detail)));
    await this.redis.rpush(this.keys.auditLog(conferenceId), JSON.stringify(row));
  }

  /** The trail in order: entries written as a stream before the list came first (they are older). */
  async readAudit(conferenceId: string): Promise<AuditEntry[]> {
    const [streamed, listed] = await Promise.all([
      this.redis.xrange(this.keys.audit(conferenceId), '-', '+'),
      this.redis.lrange(this.keys.auditLog(conferenceId), 0, -1),
    ]);
    const entry = (at: string, actor: string, action: string, detail: string | undefined): AuditEntry => ({
      at,
      actor,
      action,
      ...(detail !== undefined ? { detail: JSON.parse(this.open(detail)) as Record<string, unknown> } : {}),
    });
    const old = streamed.map(([, flat]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
      return entry(f.at ?? '', f.actor ?? '', f.action ?? '', f.detail);
    });
    return [
      ...old,
      ...listed.map((raw) => {
        const [at, actor, action, detail] = JSON.parse(raw) as [string, string, string, string?];
        return entry(at, actor, action, detail);
      }),
    ];
  }

  async putBlob(conferenceId: string, blobId: string, data: Buffer, meta: Record<string, string>): Promise<void> {
    const sealedData = this.cipher ? this.cipher.encryptBinary(data) : data;
    await this.redis.hset(
      this.keys.blob(conferenceId, blobId),
      'data',
      sealedData,
      'meta',
      this.seal(JSON.stringify(meta)),
    );
  }

  async getBlob(
    conferenceId: string,
    blobId: string,
  ): Promise<{ data: Buffer; meta: Record<string, string> } | undefined> {
    const h = await this.redis.hgetallBuffer(this.keys.blob(conferenceId, blobId));
    if (!h.data) return undefined;
    const data = this.cipher ? this.cipher.decryptBuffer(h.data) : h.data;
    return { data, meta: h.meta ? (JSON.parse(this.open(h.meta.toString('utf8'))) as Record<string, string>) : {} };
  }

  /** Every blob id of a conference (SCAN, never KEYS). */
  async listBlobs(conferenceId: string): Promise<string[]> {
    const head = this.keys.blob(conferenceId, '');
    const ids: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${head}*`, 'COUNT', 500);
      ids.push(...batch.map((k) => k.slice(head.length)));
      cursor = next;
    } while (cursor !== '0');
    return [...new Set(ids)].sort();
  }

  /**
   * Deletes everything stored about a conference (aggregate, index entry, reference, audit,
   * ledger, blobs, rendered artefacts, job tracking). Queue jobs are the scheduler's: cancel them first.
   */
  async purge(
    conferenceId: string,
    log: { at: string; actor: string; reason: string },
  ): Promise<{ reference?: string; keys: number }> {
    const c = await this.get(conferenceId);
    const blobKeys = (await this.listBlobs(conferenceId)).map((b) => this.keys.blob(conferenceId, b));
    const keys = [
      this.keys.conference(conferenceId),
      this.keys.summary(conferenceId),
      this.keys.audit(conferenceId),
      this.keys.auditLog(conferenceId),
      this.keys.ledger(conferenceId),
      this.keys.renders(conferenceId),
      `${this.keys.conference(conferenceId)}:jobs`,
      `${this.keys.conference(conferenceId)}:ran`,
      ...blobKeys,
    ];
    if (c) keys.push(this.keys.reference(c.reference));
    const tx = this.redis.multi().zrem(this.keys.index(), conferenceId);
    for (const set of c ? this.idx.of(c) : []) tx.srem(set, conferenceId);
    for (let i = 0; i < keys.length; i += 500) tx.del(...keys.slice(i, i + 500));
    tx.xadd(
      this.purgeLogKey(),
      '*',
      'at',
      log.at,
      'actor',
      log.actor,
      'conferenceId',
      conferenceId,
      'reference',
      c?.reference ?? '',
      'reason',
      log.reason,
    );
    await tx.exec();
    return { ...(c ? { reference: c.reference } : {}), keys: keys.length };
  }

  private purgeLogKey(): string {
    return `${this.keys.prefix}:purge-log`;
  }

  /** The purge log: what retention deleted, when and why (ids and references only, never content). */
  async readPurgeLog(): Promise<PurgeLogEntry[]> {
    const rows = await this.redis.xrange(this.purgeLogKey(), '-', '+');
    return rows.map(([, flat]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
      return {
        at: f.at ?? '',
        actor: f.actor ?? '',
        conferenceId: f.conferenceId ?? '',
        reference: f.reference ?? '',
        reason: f.reason ?? '',
      };
    });
  }

  /** Closes the connections this store duplicated; the caller's own client stays open. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
