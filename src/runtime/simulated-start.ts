/**
 * Where a simulated clock may start on the data it finds. The clock's position is kept in Redis
 * (`<prefix>:simulated-now`) as it moves; a restart resumes there. Starting it anywhere else on data
 * that already holds conferences would run their jobs out of order (or all at once), so it is refused
 * with a clear message unless SIMULATED_CLOCK_FORCE says the operator means it.
 */
import type { Redis } from 'ioredis';
import { ConfigError, type Config } from '../config.ts';
import { SimulatedClock, systemClock } from '../infra/clock.ts';
import { toLondonIso } from '../app/shared/time.ts';

export const simulatedNowKey = (prefix: string): string => `${prefix}:simulated-now`;

/**
 * The clock a process runs on. The web process owns a simulated clock (POST /api/dev/clock moves
 * it): it keeps the clock's position in Redis and starts only where the data allows (see
 * `simulatedStart`). Workers follow their jobs' times.
 */
export function runtimeClock(
  config: Pick<Config, 'SIMULATED_CLOCK' | 'SIMULATED_START' | 'REDIS_PREFIX'>,
  redis: Redis,
  ownsClock: boolean,
): SimulatedClock | typeof systemClock {
  if (!config.SIMULATED_CLOCK) return systemClock;
  if (ownsClock)
    return new SimulatedClock(
      new Date(0),
      (at) => void redis.set(simulatedNowKey(config.REDIS_PREFIX), String(at.getTime())),
    );
  return new SimulatedClock(config.SIMULATED_START ? new Date(config.SIMULATED_START) : new Date());
}

export interface SimulatedStartInput {
  redis: Redis;
  prefix: string;
  /** SIMULATED_START, if set. */
  requested?: Date;
  force: boolean;
  /** How many conferences the data holds. */
  conferences: () => Promise<number>;
  /** The real time, used when nothing else says where to start. */
  realNow: Date;
}

export async function simulatedStart(i: SimulatedStartInput): Promise<{ start: Date; note?: string }> {
  const stored = await i.redis.get(simulatedNowKey(i.prefix));
  const fresh = 'use a fresh data folder (DATA_DIR) or REDIS_PREFIX';
  if (stored !== null) {
    const at = new Date(Number(stored));
    if (!i.requested) return { start: at, note: `simulated time resumes where this data left it: ${toLondonIso(at)}` };
    if (i.requested.getTime() === at.getTime() || i.force) return { start: i.requested };
    throw new ConfigError([
      `SIMULATED_START: this data's simulated clock stands at ${toLondonIso(at)}, not ${toLondonIso(i.requested)}: ` +
        `starting elsewhere would run its conferences' reminders out of order. Unset SIMULATED_START to resume at ${toLondonIso(at)}, ${fresh}, ` +
        'or set SIMULATED_CLOCK_FORCE=true to start there anyway',
    ]);
  }
  const count = await i.conferences();
  if (count > 0 && !i.force)
    throw new ConfigError([
      `SIMULATED_CLOCK: this data holds ${count} conference${count === 1 ? '' : 's'} made without the simulated clock: ` +
        `a simulated clock would run their reminders out of time order. To try the simulated clock, ${fresh}; ` +
        'or set SIMULATED_CLOCK_FORCE=true to start it on this data anyway',
    ]);
  return { start: i.requested ?? i.realNow };
}
