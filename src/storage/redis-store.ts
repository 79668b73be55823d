/**
 * The Redis-backed ConferenceStore. The aggregate is one JSON string per conference;
 * concurrent writers (HTTP handlers, BullMQ workers in other processes) are serialised with
 * optimistic concurrency (WATCH/MULTI/EXEC) rather than locks, so a crashed worker can never
 * leave a conference locked.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { AuditEntry, Clock, ConferenceStore, ConferenceSummary, PurgeLogEntry } from '../ports.ts';
import { IndexKeys, openReportSenders, sameJoinUrl } from './conference-indexes.ts';
import { ConferenceCodec, ownRecord } from './conference-codec.ts';
import { ConferenceListing, listIndexes, type ListPageQuery } from './conference-listing.ts';
import type { DataCipher } from '../infra/data-cipher.ts';
import { createLogger, type Logger } from '../infra/logger.ts';
import type { DerivedRecords } from './derived-records.ts';
import { RedisAuditLog } from './redis-audit-log.ts';
import { printedLetterFiles, RedisBlobs } from './redis-blobs.ts';
import { purgeConference, readPurgeLog } from './redis-purge-log.ts';
import { deleteKeysByPrefix, redisKeys, type RedisKeys } from './redis-keys.ts';
import { execWatched, WatchPool } from './watch-pool.ts';

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
  /** Records derived from the conference, written in the same transaction (search, figures, worklist). */
  derived?: DerivedRecords[];
  /** Where a value refused as another's (a summary, an audit entry) is reported, ids only. @defaultValue stdout */
  logger?: Logger;
}

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
  private readonly codec: ConferenceCodec;
  private readonly idx: IndexKeys;
  private readonly auditLog: RedisAuditLog;
  private readonly blobs: RedisBlobs;
  private readonly derived: DerivedRecords[];
  private readonly listing: ConferenceListing;
  private readonly lists: ReturnType<typeof listIndexes>;

  constructor(options: RedisConferenceStoreOptions) {
    this.redis = options.redis;
    this.keys = redisKeys(options.prefix);
    this.clock = options.clock;
    // A fan-out patches one conference from as many jobs as it has recipients (30 and more at once);
    // each round only one writer wins, so the last may lose many times: give up only after 100.
    this.pool = new WatchPool(options.redis, options.watchPoolSize ?? 8, options.maxAttempts ?? 100);
    this.codec = new ConferenceCodec(options.cipher);
    const logger = options.logger ?? createLogger();
    this.listing = new ConferenceListing(options.redis, this.keys, this.codec, (ids) => this.getMany(ids), logger);
    this.auditLog = new RedisAuditLog(options.redis, options.cipher, logger);
    this.blobs = new RedisBlobs(options.redis, this.keys, options.cipher);
    this.lists = listIndexes(this.keys);
    this.derived = [printedLetterFiles(this.keys), this.lists, ...(options.derived ?? [])];
    if (options.cipher && !options.indexSecret)
      throw new Error('RedisConferenceStore: an encrypted store needs indexSecret for its lookup indexes');
    // Without a cipher (the store's own unit tests) the index keys are hashed with a fixed key.
    this.idx = new IndexKeys(this.keys.prefix, options.indexSecret ?? Buffer.from('cpc-unencrypted-test-store'));
  }

  async nextReference(year: number): Promise<string> {
    const n = await this.redis.incr(this.keys.referenceCounter(year));
    return `CPC-${year}-${String(n).padStart(4, '0')}`;
  }

  /**
   * Queues everything written with the conference: the aggregate, its summary and list index, the
   * lookup sets it joins or leaves, and the derived records (`writes`, prepared before).
   */
  private queueWrite(
    tx: ChainableCommander,
    prev: Conference | undefined,
    next: Conference,
    writes: ((tx: ChainableCommander) => void)[],
  ): void {
    tx.set(this.keys.conference(next.id), this.codec.sealConference(next)).set(
      this.keys.summary(next.id),
      this.codec.sealSummary(next),
    );
    if (next.startsAt !== prev?.startsAt) tx.zadd(this.keys.index(), epochMs(next.startsAt), next.id);
    const before = new Set(prev ? this.idx.of(prev) : []);
    const after = new Set(this.idx.of(next));
    for (const key of before) if (!after.has(key)) this.idx.leave(tx, key, next.id);
    for (const key of after) if (!before.has(key)) this.idx.add(tx, key, next.id);
    for (const write of writes) write(tx);
  }

  private prepareDerived(next: Conference, prev: Conference | undefined) {
    return Promise.all(this.derived.map((d) => d.prepare(next, prev)));
  }

  /** Atomic, so a half-created conference (no summary, no reference, no index entry) can never be seen. */
  async create(conference: Conference): Promise<void> {
    const key = this.keys.conference(conference.id);
    const ref = this.keys.reference(conference.reference);
    const writes = await this.prepareDerived(conference, undefined);
    await this.pool.optimistic(conference.id, async (conn) => {
      await conn.watch(key, ref);
      const [idTaken, refTaken] = await Promise.all([conn.exists(key), conn.exists(ref)]);
      if (idTaken || refTaken) {
        await conn.unwatch();
        throw new ConflictError(
          idTaken
            ? `Conference ${conference.id} already exists`
            : `Reference ${conference.reference} is already in use`,
        );
      }
      const tx = conn.multi().set(ref, conference.id);
      this.queueWrite(tx, undefined, conference, writes);
      return (await execWatched(tx)) ? true : undefined;
    });
  }

  async get(id: string): Promise<Conference | undefined> {
    const raw = await this.redis.getBuffer(this.keys.conference(id));
    return raw === null ? undefined : this.codec.parse(raw, id);
  }

  async getByReference(reference: string): Promise<Conference | undefined> {
    const id = await this.redis.get(this.keys.reference(reference));
    return id === null ? undefined : this.get(id);
  }

  private async getMany(ids: string[]): Promise<Conference[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mgetBuffer(ids.map((id) => this.keys.conference(id)));
    return ids.flatMap((id, i) => (raws[i] ? [this.codec.parse(raws[i], id)] : []));
  }

  async getByJoinUrl(joinUrl: string): Promise<Conference | undefined> {
    const candidates = await this.getMany(await this.idx.members(this.redis, this.idx.join(joinUrl)));
    return candidates.find((c) => c.meeting?.joinUrl !== undefined && sameJoinUrl(c.meeting.joinUrl, joinUrl));
  }

  async findByOpenReportSender(address: string): Promise<Conference[]> {
    const wanted = address.trim().toLowerCase();
    const candidates = await this.getMany(await this.idx.members(this.redis, this.idx.sender(address)));
    return candidates.filter((c) => openReportSenders(c).includes(wanted));
  }

  async update(id: string, mutate: (current: Conference) => Conference | Promise<Conference>): Promise<Conference> {
    return this.pool.optimistic(id, (conn) => this.tryUpdate(conn, id, mutate));
  }

  /** One WATCH/GET/MULTI/EXEC round; undefined when another writer got in first. */
  private async tryUpdate(
    conn: Redis,
    id: string,
    mutate: (current: Conference) => Conference | Promise<Conference>,
  ): Promise<Conference | undefined> {
    const key = this.keys.conference(id);
    await conn.watch(key);
    let watching = true;
    try {
      const raw = await conn.getBuffer(key);
      if (raw === null) throw new NotFoundError(`Conference ${id} not found`);
      // Decrypted and inflated once; parsed twice, so the mutation gets its own copy to change.
      const json = this.codec.open(raw);
      const current = ownRecord(JSON.parse(json) as Conference, id);
      const mutated = await mutate(JSON.parse(json) as Conference);
      const next: Conference = { ...mutated, id, rev: current.rev + 1, updatedAt: this.clock.now().toISOString() };
      const writes = await this.prepareDerived(next, current);
      const tx = conn.multi();
      this.queueWrite(tx, current, next, writes);
      // EXEC (aborted or not) clears the watch on this connection.
      watching = false;
      return (await execWatched(tx)) ? next : undefined;
    } finally {
      // Leave no watch behind on a pooled connection after NotFound or a throwing mutate.
      if (watching) await conn.unwatch().catch(() => undefined);
    }
  }

  withFollowOnPending(): Promise<string[]> {
    return this.idx.members(this.redis, this.idx.followOn());
  }

  list(): Promise<ConferenceSummary[]> {
    return this.listing.all();
  }

  listPage(q: ListPageQuery): Promise<{ total: number; summaries: ConferenceSummary[] }> {
    return this.listing.page(q);
  }

  async backfillIndexes(): Promise<number> {
    const stamp = this.idx.stamp();
    if ((await this.redis.get(this.idx.builtKey())) === stamp) return 0;
    await deleteKeysByPrefix(this.redis, this.idx.all().slice(0, -1));
    await deleteKeysByPrefix(this.redis, `${this.keys.index()}:`);
    const ids = await this.redis.zrange(this.keys.index(), 0, -1);
    let indexed = 0;
    for (let i = 0; i < ids.length; i += 200) {
      const tx = this.redis.multi();
      for (const c of await this.getMany(ids.slice(i, i + 200))) {
        tx.set(this.keys.summary(c.id), this.codec.sealSummary(c));
        for (const key of this.idx.of(c)) this.idx.add(tx, key, c.id);
        this.lists.queue(tx, c);
        indexed++;
      }
      await tx.exec();
    }
    await this.redis.set(this.idx.builtKey(), stamp);
    return indexed;
  }

  /** Appends to the trail (storage/redis-audit-log.ts: compact entries, folded in eights). */
  async audit(conferenceId: string, entry: Omit<AuditEntry, 'at'> & { at?: string }): Promise<void> {
    await this.auditLog.append(this.keys.auditLog(conferenceId), conferenceId, {
      ...entry,
      at: entry.at ?? this.clock.now().toISOString(),
    });
  }

  /** The trail in order: entries written as a stream before the list came first (they are older). */
  async readAudit(conferenceId: string): Promise<AuditEntry[]> {
    const [streamed, listed] = await Promise.all([
      this.auditLog.readStream(this.keys.audit(conferenceId), conferenceId),
      this.auditLog.read(this.keys.auditLog(conferenceId), conferenceId),
    ]);
    return [...streamed, ...listed];
  }

  putBlob(conferenceId: string, blobId: string, data: Buffer, meta: Record<string, string>): Promise<void> {
    return this.blobs.put(conferenceId, blobId, data, meta);
  }

  getBlob(conferenceId: string, blobId: string): Promise<{ data: Buffer; meta: Record<string, string> } | undefined> {
    return this.blobs.get(conferenceId, blobId);
  }

  deleteBlob(conferenceId: string, blobId: string): Promise<void> {
    return this.blobs.delete(conferenceId, blobId);
  }

  listBlobs(conferenceId: string): Promise<string[]> {
    return this.blobs.list(conferenceId);
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
    return purgeConference(this.redis, this.keys, {
      conferenceId,
      conference: c,
      blobIds: await this.listBlobs(conferenceId),
      indexSets: c ? this.idx.of(c) : [],
      derived: this.derived,
      log,
    });
  }

  /** The purge log: what retention deleted, when and why (ids and references only, never content). */
  readPurgeLog(): Promise<PurgeLogEntry[]> {
    return readPurgeLog(this.redis, this.keys.prefix);
  }

  /** Closes the connections this store duplicated; the caller's own client stays open. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
