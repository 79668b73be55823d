import type { Express } from 'express';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Worker } from 'bullmq';
import type { AppDeps } from '../app/deps.ts';
import { handleStep } from '../app/handle-step.ts';
import { createTeamsChannel } from '../channels/teams/mount.ts';
import { RedisReplyCodes } from '../storage/redis-reply-codes.ts';
import { RedisChildRecords } from '../storage/redis-child-records.ts';
import type { Config } from '../config.ts';
import { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import { SimulatedClock, systemClock } from '../infra/clock.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../infra/embedded-redis.ts';
import type { Logger } from '../infra/logger.ts';
import { RedisRenderCache } from '../storage/redis-render-cache.ts';
import { RedisTextOptOuts } from '../storage/redis-opt-outs.ts';
import { createNotifyService } from '../channels/notify/notify-client.ts';
import { checkNotifyTemplates } from './notify-templates.ts';
import { backfillFigures } from '../app/figures/track-figures.ts';
import { buildMissingIndexes, buildStorage } from './build-storage.ts';
import { loadPolicies } from './load-policies.ts';
import { loadClosureDays } from './load-closure-days.ts';
import type { PolicyRegistry } from '../app/shared/policy-registry.ts';
import { BullJobScheduler } from '../../jobs/bull-scheduler.ts';
import { isServiceJob, type JobPayload } from '../../jobs/payload.ts';
import { RetentionSweep } from '../../jobs/retention-sweep.ts';
import { FollowOnSweep } from '../../jobs/follow-on-sweep.ts';
import { startWorker } from '../../jobs/worker.ts';
import { buildMailer } from './build-mailer.ts';
import { buildMeetingProviders, meetingProvidersMissing } from './build-meetings.ts';
import { runtimeClock, simulatedStart } from './simulated-start.ts';
import type { InboundHandle } from './inbound.ts';
import { redisRateLimiters } from '../storage/redis-rate-limit.ts';
import { connectRedis, describeRedis, redisProblem } from './redis-client.ts';
import { closeRedis } from '../infra/close-redis.ts';
import { recheckAfterReconnect } from './failover-recheck.ts';
import { recheckApprovedCirculations } from '../app/circulation/finish-circulation.ts';
import { completePendingFollowOns } from '../app/conference/follow-on.ts';
import type { DNSResolver } from 'mailauth';

export interface Runtime {
  deps: AppDeps;
  config: Config;
  url: string;
  /** The Redis in use, as it may be printed (no password; the sentinels and master name with Sentinel). */
  redisUrl: string;
  scheduler: BullJobScheduler;
  clock: SimulatedClock | typeof systemClock;
  inbound?: InboundHandle;
  /** The HTTP app, in a listening process (its routes are compared with the OpenAPI document in a test). */
  app?: Express;
  stop(): Promise<void>;
}

/** Conference ids: 12 lower-case base-36 characters, random, carrying no meaning. */
export function newConferenceId(): string {
  const bytes = randomBytes(12);
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

/**
 * Builds and starts everything from a validated Config: Redis (embedded when none is configured),
 * store, queue, workers, mail, meeting providers, inbound mail and HTTP. Used by main.ts and by tests.
 */
export async function startRuntime(
  config: Config,
  logger: Logger,
  options: {
    listen?: boolean;
    workers?: boolean;
    dnsResolver?: DNSResolver;
    /** An embedded Redis already started (main.ts starts it before loading the service's modules): stopped with the runtime. */
    embedded?: EmbeddedRedis;
    /** The policies, already loaded from POLICY_FILE (main.ts refuses a bad one first); loaded here otherwise. */
    policies?: PolicyRegistry;
    /** The closure days, already read from CLOSURE_DAYS_ICS (main.ts refuses a bad file first); read here otherwise. */
    closureDays?: string[];
  } = {},
): Promise<Runtime> {
  const closers: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const close of closers.reverse()) await close().catch((err) => logger.warn('error while stopping', { err }));
  };
  try {
    // A policy file is read first: a bad one is refused before anything is started or touched.
    const policies = options.policies ?? loadPolicies(config);
    const closureDays = options.closureDays ?? loadClosureDays(config);
    let redisAt = config.REDIS_URL;
    if (!redisAt && !config.redisSentinel) {
      const embedded =
        options.embedded ?? (await startEmbeddedRedis({ bin: config.REDIS_SERVER_BIN, dataDir: config.DATA_DIR }));
      closers.push(() => embedded.stop());
      redisAt = embedded.url;
    }
    const redisUrl = describeRedis(config, redisAt);
    const redis = connectRedis(config, redisAt);
    // With Sentinel the send ledger's WAITs hold up its connection: one of its own, nothing else waits.
    const ledgerRedis = config.redisSentinel ? connectRedis(config, redisAt) : undefined;
    // ioredis reconnects by itself; log a lost connection once per burst instead of an unhandled-error flood.
    let lastRedisError = 0;
    for (const client of ledgerRedis ? [redis, ledgerRedis] : [redis]) {
      client.on('error', (err) => {
        if (Date.now() - lastRedisError > 10_000) logger.error('redis connection error (reconnecting)', { err });
        lastRedisError = Date.now();
      });
      closers.push(() => closeRedis(client));
    }
    // The web process owns a simulated clock (POST /api/dev/clock moves it): it keeps the clock's
    // position in Redis and starts only where the data allows. Workers follow their jobs' times.
    const ownsClock = config.SIMULATED_CLOCK && options.listen !== false;
    const clock = runtimeClock(config, redis, ownsClock);
    const calendar = new WorkingDayCalendar(closureDays);
    const storage = await buildStorage({ config, redis, ledgerRedis, clock, policies, calendar, logger });
    const { cipher, store, ledger, searchIndex, workIndex, figures } = storage;
    await buildMissingIndexes(storage, logger, options.listen !== false);
    if (ownsClock && clock instanceof SimulatedClock) {
      const { start, note } = await simulatedStart({
        redis,
        prefix: config.REDIS_PREFIX,
        ...(config.SIMULATED_START ? { requested: new Date(config.SIMULATED_START) } : {}),
        force: config.SIMULATED_CLOCK_FORCE,
        conferences: async () => (await store.list()).length,
        realNow: new Date(),
      });
      clock.advanceTo(start);
      if (note) logger.info(note);
    }
    closers.push(() => store.close());
    const settings = {
      attempts: config.JOB_ATTEMPTS,
      backoffMs: config.JOB_BACKOFF_MS,
      lockDurationMs: config.JOB_LOCK_MS,
      stalledIntervalMs: config.JOB_STALLED_INTERVAL_MS,
      keepCompleted: config.JOB_KEEP_COMPLETED,
    };
    const scheduler = new BullJobScheduler({
      connection: redis,
      prefix: config.REDIS_PREFIX,
      clock,
      simulated: config.SIMULATED_CLOCK,
      settings,
      cipher,
    });
    closers.push(() => scheduler.close());
    const mailer = buildMailer(config, logger, clock);
    closers.push(() => mailer.close?.() ?? Promise.resolve());

    const deps: AppDeps = {
      clock,
      childRecords: new RedisChildRecords(redis, config.REDIS_PREFIX, cipher),
      store,
      // Search looks names up here; without it every conference would be decrypted to find one.
      search: searchIndex,
      work: workIndex,
      figures,
      ledger,
      replyCodes: new RedisReplyCodes(redis, config.REDIS_PREFIX, cipher),
      renders: new RedisRenderCache(redis, config.REDIS_PREFIX, cipher),
      jobs: scheduler,
      mailer,
      meetings: buildMeetingProviders(config, logger),
      policies,
      calendar,
      logger,
      newId: newConferenceId,
      settings: {
        publicBaseUrl: config.PUBLIC_BASE_URL,
        linkSecret: config.LINK_SECRET,
        sendLeaseMs: config.SEND_LEASE_MS,
        defaultMeetingProvider: config.meetingProvider,
        meetingProvidersMissing: meetingProvidersMissing(config),
        ...(config.COORDINATOR_EMAIL ? { coordinatorEmail: config.COORDINATOR_EMAIL } : {}),
        ...(config.notify
          ? { notify: { pollMinutes: config.notify.pollMinutes, smsTemplates: config.notify.smsTemplates } }
          : {}),
      },
      ...(config.notify
        ? {
            notify: createNotifyService({
              apiKey: config.notify.apiKey,
              ...(config.notify.baseUrl ? { baseUrl: config.notify.baseUrl } : {}),
            }),
            textOptOuts: new RedisTextOptOuts(redis, config.REDIS_PREFIX, config.dataEncryptionKey),
          }
        : {}),
    };

    if (deps.notify && config.notify) await checkNotifyTemplates(deps.notify, config.notify.smsTemplates, logger);

    // Proactive Teams cards work from any process (web or worker); only the web process mounts the bot.
    const teams = createTeamsChannel({ config, redis, logger, cipher });
    deps.chat = teams.notifier;

    // Every process makes sure the next daily sweep is queued (one job per day: the id is the date).
    const retentionSweep = new RetentionSweep({
      scheduler,
      deps,
      retentionDays: config.RETENTION_DAYS,
      at: config.RETENTION_SWEEP_AT,
    });
    await retentionSweep.start();

    const workers: Worker[] = [];
    if (options.workers ?? config.WORKERS === 'in-process') {
      // Every job-running process makes sure the next periodic follow-on sweep is queued (one job per interval).
      const sweepMinutes = config.FOLLOW_ON_SWEEP_MINUTES ?? (config.SIMULATED_CLOCK ? 0 : 10);
      const followOnSweep = new FollowOnSweep({ scheduler, deps, minutes: sweepMinutes });
      await followOnSweep.start();
      const handle = (p: JobPayload) => {
        // A worker in its own process has its own simulated clock: bring it to the job's due time,
        // as the web process did when it promoted the job.
        if (clock instanceof SimulatedClock) clock.advanceTo(new Date(p.runAt));
        if (!isServiceJob(p)) return handleStep(deps, p);
        return p.step === 'follow-on-sweep' ? followOnSweep.run(p) : retentionSweep.run(p);
      };
      const worker = startWorker({
        connection: redis,
        prefix: config.REDIS_PREFIX,
        settings,
        concurrency: config.WORKER_CONCURRENCY,
        handle,
        logger,
        cipher,
        afterRun: (id) => scheduler.markRan(id),
      });
      workers.push(worker);
      closers.push(() => worker.close());
      // A failover can throw away a circulation's last write: look again once stalled jobs have run again.
      // A change stored just before Redis went away may have its jobs still to queue: done then, and at start-up.
      const stop = recheckAfterReconnect(
        redis,
        async () => (await recheckApprovedCirculations(deps)) + (await completePendingFollowOns(deps)),
        logger,
        settings.lockDurationMs + settings.stalledIntervalMs,
      );
      closers.push(async () => stop());
      const repaired = await completePendingFollowOns(deps);
      if (repaired) logger.warn('follow-on work of stored changes completed at start-up', { repaired });
    }

    // Records for conferences stored before the figures existed (or under an older rule): built once,
    // by the web process, before it serves (about a second for 10,000 conferences; nothing when current).
    if (options.listen !== false) await backfillFigures(storage.figuresDeps, deps.store);

    // Shared by every web process: a client's budget does not multiply with the number of processes.
    const rateLimiters = redisRateLimiters(redis, config.REDIS_PREFIX);

    let inbound: InboundHandle | undefined;
    if (options.listen !== false) {
      // Inbound mail and the HTTP app are loaded only by a process that serves (a worker starts faster).
      const { startInbound } = await import('./inbound.ts');
      inbound = await startInbound(deps, config, logger, {
        rateLimiters,
        ...(options.dnsResolver ? { dnsResolver: options.dnsResolver } : {}),
      });
      closers.push(() => inbound!.close());
    }
    let url = config.PUBLIC_BASE_URL;
    let app: Express | undefined;
    if (options.listen !== false) {
      const { buildHttpApp } = await import('./http-app-build.ts');
      app = buildHttpApp(deps, config, logger, { teams, scheduler, clock, rateLimiters, redis, cipher });
      const server: Server = await new Promise((resolve, reject) => {
        const s = app!.listen(config.PORT, config.HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
      });
      // An idle keep-alive connection outlives the client's and a proxy's (load balancers keep theirs
      // about 60 s): when the server closed first (Node's default 5 s), a request sent on the socket
      // as it closed failed with ECONNRESET (seen in tests after a wait for mail, under load).
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      closers.push(() => new Promise<void>((r) => server.close(() => r())));
      const addr = server.address();
      if (typeof addr === 'object' && addr) url = `http://${config.HOST}:${addr.port}`;
    }
    // Workers stop first (drain), then HTTP, then the connections they used.
    // With Redis gone there is nothing to drain into: a running job could not record its end, and
    // a graceful close waits for a Redis that may never come back (BullMQ's blocking fetch sits in
    // the offline queue). Forced, the jobs stall and run again elsewhere (the send ledger remembers
    // what they sent). Asked on a connection of its own: ours may not have noticed yet.
    closers.push(async () => {
      if (workers.length === 0) return;
      const force = (await redisProblem(config, redisAt)) !== undefined;
      await Promise.all(workers.map((w) => w.close(force)));
    });
    return {
      deps,
      config,
      url,
      redisUrl,
      scheduler,
      clock,
      ...(app ? { app } : {}),
      ...(inbound ? { inbound } : {}),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
