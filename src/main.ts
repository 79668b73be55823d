/**
 * Composition root: read configuration, start everything, stop cleanly on SIGINT/SIGTERM
 * (workers drain their running jobs, then the embedded Redis is stopped).
 */
import { ConfigError, readConfig, type Config } from './config.ts';
import { RedisBinaryMissingError } from './infra/embedded-redis.ts';
import { createLogger } from './infra/logger.ts';
import { startRuntime } from './runtime/start.ts';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  for (const line of config.defaultsInUse) process.stdout.write(`default: ${line}\n`);

  let runtime;
  try {
    runtime = await startRuntime(config, logger);
  } catch (err) {
    if (err instanceof RedisBinaryMissingError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  process.stdout.write(
    `Conference bot ready: ${runtime.url} (health ${runtime.url}/healthz, inbound mail on port ${runtime.inbound?.port ?? 'off'}, redis ${runtime.redisUrl})\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
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
