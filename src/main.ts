/**
 * Composition root: read configuration, start everything, stop cleanly on SIGINT/SIGTERM
 * (workers drain their running jobs, then the embedded Redis is stopped).
 */
import { ConfigError, readConfig, type Config } from './config.ts';
import { RedisBinaryMissingError, startEmbeddedRedis, type EmbeddedRedis } from './infra/embedded-redis.ts';
import { createLogger } from './infra/logger.ts';
import { describeRedis, redisProblem } from './runtime/redis-client.ts';

const STOP_GRACE_MS = 20_000;

/**
 * A configured Redis must answer before anything starts: otherwise the service says "ready" while
 * every client retries forever (and cannot even be stopped cleanly). Asks again every half second
 * until it answers, for up to REDIS_WAIT_MS (a Redis that is still starting next to us).
 */
async function checkRedis(config: Config): Promise<string | undefined> {
  const deadline = Date.now() + config.REDIS_WAIT_MS;
  for (;;) {
    const problem = await redisProblem(config);
    if (!problem || Date.now() + 500 > deadline) return problem;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  for (const line of config.defaultsInUse) process.stdout.write(`default: ${line}\n`);

  // The authority's policy file and closure days are configuration too: a bad one is refused (exit 2,
  // every field named) before Redis is asked or started, and before the service's modules load.
  let policies;
  let closureDays;
  try {
    policies = (await import('./runtime/load-policies.ts')).loadPolicies(config);
    closureDays = (await import('./runtime/load-closure-days.ts')).loadClosureDays(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  let embedded: EmbeddedRedis | undefined;
  if (config.REDIS_URL || config.redisSentinel) {
    const problem = await checkRedis(config);
    if (problem) {
      const within = `did not answer within ${config.REDIS_WAIT_MS / 1000} s (${problem})`;
      process.stderr.write(
        config.redisSentinel
          ? `Redis through ${describeRedis(config)} ${within}: check REDIS_SENTINELS and REDIS_SENTINEL_MASTER\n`
          : `Redis at ${describeRedis(config)} ${within}: check REDIS_URL (or REDIS_WAIT_MS), or unset it to use an embedded redis-server\n`,
      );
      process.exit(1);
    }
  } else {
    try {
      embedded = await startEmbeddedRedis({ bin: config.REDIS_SERVER_BIN, dataDir: config.DATA_DIR });
    } catch (err) {
      if (err instanceof RedisBinaryMissingError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(1);
      }
      throw err;
    }
  }

  // The service's modules (Teams, Google, PDF, BullMQ…) load only now: a refused configuration, an
  // unreachable Redis or a missing redis-server is reported in about a second, not after they have all loaded.
  let runtime;
  try {
    const { startRuntime } = await import('./runtime/start.ts');
    // From here the runtime owns the embedded Redis: it stops it when it stops, or when start-up fails.
    runtime = await startRuntime(config, logger, { policies, closureDays, ...(embedded ? { embedded } : {}) });
  } catch (err) {
    await embedded?.stop();
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  process.stdout.write(
    `Conference bot ready: ${runtime.url} (health ${runtime.url}/healthz, inbound mail on port ${runtime.inbound?.port ?? 'off'}, redis ${runtime.redisUrl})\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    // Wrappers (npm, tsx) may pass the same signal on again: one stop is enough.
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    // Never hang on the way out (a job that will not finish, a Redis that went away).
    setTimeout(() => {
      process.stderr.write(`Did not stop within ${STOP_GRACE_MS / 1000} s: exiting anyway\n`);
      process.exit(1);
    }, STOP_GRACE_MS).unref();
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
