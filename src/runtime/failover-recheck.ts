/**
 * After the Redis client reconnects (a failover, a restart), once the new topology has settled:
 * runs `recheck` (the circulation's idempotent re-check, app/circulation/finish-circulation.ts), so a
 * conference whose last write met a demoted master is moved on at once, not by the watchdog hours
 * later. The first connection is not a reconnection.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../infra/logger.ts';

export function recheckAfterReconnect(
  redis: Redis,
  recheck: () => Promise<number>,
  logger: Logger,
  settleMs: number,
): () => void {
  let connected = false;
  let timer: NodeJS.Timeout | undefined;
  const onReady = () => {
    if (!connected) {
      connected = true;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      recheck().then(
        (moved) =>
          moved && logger.warn('circulations finished or follow-ons done after a Redis reconnection', { moved }),
        (err: unknown) => logger.error('re-check after a Redis reconnection failed', { err }),
      );
    }, settleMs);
  };
  if (redis.status === 'ready') connected = true;
  redis.on('ready', onReady);
  return () => {
    clearTimeout(timer);
    redis.off('ready', onReady);
  };
}
