/**
 * A worker process on its own (`npm run worker`): same jobs, same Redis, no HTTP. Several can
 * run beside the web process; the send ledger keeps them from sending anything twice.
 */
import { ConfigError, readConfig } from './config.ts';
import { createLogger } from './infra/logger.ts';

try {
  const config = readConfig();
  if (!config.REDIS_URL && !config.redisSentinel) {
    process.stderr.write(
      'REDIS_URL: a separate worker needs the Redis the web process uses (set REDIS_URL, or REDIS_SENTINELS)\n',
    );
    process.exit(2);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, base: { proc: 'worker' } });
  // Loaded once the configuration is accepted: a refusal comes at once (see src/main.ts).
  const { startRuntime } = await import('./runtime/start.ts');
  const runtime = await startRuntime(config, logger, { listen: false, workers: true });
  process.stdout.write(`worker ready (redis ${runtime.redisUrl})\n`);
  const stop = async () => {
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `Failed to start: ${String(err)}`}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
