/**
 * The HTTP app of a process that serves: API, Teams endpoint, dev routes and web pages. Imported by
 * start.ts only when it listens, so a worker process does not load the pages and Express (about
 * 1.5 s of CPU at every worker start).
 */
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { AppDeps } from '../app/deps.ts';
import type { TeamsChannel } from '../channels/teams/mount.ts';
import { createHttpApp } from '../channels/web/http-app.ts';
import { mountWebPages } from '../channels/web/pages/mount.ts';
import type { Config } from '../config.ts';
import type { SimulatedClock, systemClock } from '../infra/clock.ts';
import type { Logger } from '../infra/logger.ts';
import type { redisRateLimiters } from '../storage/redis-rate-limit.ts';
import type { DataCipher } from '../infra/data-cipher.ts';
import { RedisSessionRecords } from '../storage/redis-sessions.ts';
import type { BullJobScheduler } from '../../jobs/bull-scheduler.ts';
import { devRoutes } from './dev-routes.ts';

export function buildHttpApp(
  deps: AppDeps,
  config: Config,
  logger: Logger,
  o: {
    teams: TeamsChannel;
    scheduler: BullJobScheduler;
    clock: SimulatedClock | typeof systemClock;
    rateLimiters: ReturnType<typeof redisRateLimiters>;
    redis: Redis;
    cipher: DataCipher;
  },
): Express {
  const { teams, scheduler, clock, rateLimiters, redis, cipher } = o;
  return createHttpApp(deps, {
    apiKey: config.COORDINATOR_API_KEY,
    healthy: async () => (await redis.ping()) === 'PONG',
    publicBaseUrl: config.PUBLIC_BASE_URL,
    rateLimit: { burst: config.API_RATE_LIMIT_BURST, perMinute: config.API_RATE_LIMIT_PER_MINUTE },
    rateLimiters,
    logger,
    retentionDays: config.RETENTION_DAYS,
    trustProxy: config.TRUST_PROXY,
    ...(config.notify?.callbackToken ? { notifyCallbackToken: config.notify.callbackToken } : {}),
    mount: (a, auth) => {
      // Before the dev routes: their router checks the API key on everything under /api.
      teams.mount(a, deps);
      devRoutes(a, auth, { deps, scheduler, clock, logger });
      mountWebPages(a, deps, config, logger, {
        limiters: rateLimiters,
        sessionRecords: new RedisSessionRecords(redis, config.REDIS_PREFIX, cipher),
      });
    },
  });
}
