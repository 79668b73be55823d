/**
 * Where a simulated clock may start on the data it finds. The clock's position is kept in Redis
 * (`<prefix>:simulated-now`) as it moves; a restart resumes there. Starting it anywhere else on data
 * that already holds conferences would run their jobs out of order (or all at once), so it is refused
 * with a clear message unless SIMULATED_CLOCK_FORCE says the operator means it.
 */
import type { Redis } from 'ioredis';
import { ConfigError } from '../config.ts';
import { toLondonIso } from '../app/time.ts';

export const simulatedNowKey = (prefix: string): string => `${prefix}:simulated-now`;

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
