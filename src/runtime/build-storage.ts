/**
 * The Redis-backed storage every process opens: the conference store and the records written with
 * a conference in the store's one transaction (the blind search index, the worklist index, the
 * figures record), the send ledger, and the start-up building of indexes for older data.
 */
import { hkdfSync } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../ports.ts';
import type { Config } from '../config.ts';
import type { PolicyRegistry } from '../app/shared/policy-registry.ts';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import type { Logger } from '../infra/logger.ts';
import { systemClock } from '../infra/clock.ts';
import { recordOf, type FiguresDeps } from '../app/figures/track-figures.ts';
import { DataCipher } from '../infra/data-cipher.ts';
import { RedisSendLedger } from '../storage/redis-ledger.ts';
import { DEFAULT_REPLICA_ACK } from '../storage/replica-ack.ts';
import { RedisConferenceStore } from '../storage/redis-store.ts';
import { figuresRecords, RedisFiguresIndex } from '../storage/redis-figures.ts';
import { RedisSearchIndex, searchRecords } from '../storage/redis-search-index.ts';
import { RedisWorkIndex } from '../storage/redis-work-index.ts';
import { plainValuesResealedAt } from '../storage/reseal-plain.ts';

export interface Storage {
  cipher: DataCipher;
  store: RedisConferenceStore;
  ledger: RedisSendLedger;
  searchIndex: RedisSearchIndex;
  workIndex: RedisWorkIndex;
  figures: RedisFiguresIndex;
  /** What building a figures record needs (also the start-up backfill). */
  figuresDeps: FiguresDeps;
}

export async function buildStorage(i: {
  config: Config;
  redis: Redis;
  /** With Redis Sentinel, the send ledger's connection of its own (its WAITs hold up the commands behind them). */
  ledgerRedis?: Redis | undefined;
  clock: Clock;
  policies: PolicyRegistry;
  calendar: WorkingDayCalendar;
  logger: Logger;
}): Promise<Storage> {
  const { config, redis, clock, logger } = i;
  const cipher = new DataCipher(config.dataEncryptionKey, {
    refusePlain: await plainValuesRefused(config, redis, logger),
  });
  // The blind index's key is derived from the data key: a copy of Redis without it shows no word.
  const searchIndex = new RedisSearchIndex(
    redis,
    config.REDIS_PREFIX,
    Buffer.from(hkdfSync('sha256', config.dataEncryptionKey, 'cpc-search-index', 'blind index v1', 32)),
  );
  // Every process writes the same records with a conference, in the same transaction: the search
  // index and the figures record (each conference's figures, read by app/figures).
  // With Sentinel a claim and a "sent" mark count once a replica has them: a failover cannot throw
  // them away (docs/reliability.md, "When things are down"). One Redis: no WAIT, no cost.
  const ledger = new RedisSendLedger({
    redis: i.ledgerRedis ?? redis,
    prefix: config.REDIS_PREFIX,
    clock,
    leaseClock: systemClock,
    cipher,
    logger,
    ...(config.redisSentinel ? { replicaAck: { ...DEFAULT_REPLICA_ACK, retryForMs: config.SEND_LEASE_MS } } : {}),
  });
  const figures = new RedisFiguresIndex(redis, config.REDIS_PREFIX, cipher);
  const figuresDeps = { index: figures, ledger, policies: i.policies, calendar: i.calendar, logger };
  const workIndex = new RedisWorkIndex(redis, config.REDIS_PREFIX);
  const store = new RedisConferenceStore({
    redis,
    prefix: config.REDIS_PREFIX,
    clock,
    cipher,
    indexSecret: config.dataEncryptionKey,
    logger,
    derived: [
      searchRecords(searchIndex),
      workIndex.records(),
      figuresRecords(
        figures,
        (c) => recordOf(figuresDeps, c),
        (c, err) => logger.warn('figures record not updated', { conferenceId: c.id, reference: c.reference, err }),
      ),
    ],
  });
  return { cipher, store, ledger, searchIndex, workIndex, figures, figuresDeps };
}

/**
 * Whether this process refuses values stored plain (DATA_PLAIN_VALUES): `auto` refuses them once
 * `npm run cpc -- reseal` has left none (storage/reseal-plain.ts), so data from before encryption
 * stays readable through an upgrade until the operator has sealed it.
 */
export async function plainValuesRefused(config: Config, redis: Redis, logger: Logger): Promise<boolean> {
  if (config.DATA_PLAIN_VALUES !== 'auto') return config.DATA_PLAIN_VALUES === 'refuse';
  const since = await plainValuesResealedAt(redis, config.REDIS_PREFIX);
  if (since) logger.info('values stored plain are refused: the re-seal left none', { resealedAt: since });
  return since !== undefined;
}

/** Lookup indexes for conferences stored before them, in every process; the web process also builds the search and worklist indexes. */
export async function buildMissingIndexes(s: Storage, logger: Logger, web: boolean): Promise<void> {
  const indexed = await s.store.backfillIndexes();
  if (indexed > 0) logger.info('lookup indexes built for stored conferences', { conferences: indexed });
  if (!web) return;
  const searchable = await s.searchIndex.rebuildIfNeeded(s.store);
  if (searchable) logger.info('search index built', { conferences: searchable });
  const digested = await s.workIndex.rebuildIfNeeded(s.store);
  if (digested) logger.info('worklist index built', { conferences: digested });
}
