/** The purge log: what retention deleted, when and why (ids and references only, never content). */
import type { ChainableCommander, Redis } from 'ioredis';
import type { PurgeLogEntry } from '../ports.ts';

export const purgeLogKey = (prefix: string) => `${prefix}:purge-log`;

/** Queues one line of the log in the purge's own transaction. */
export function queuePurgeLog(tx: ChainableCommander, prefix: string, entry: PurgeLogEntry): void {
  tx.xadd(
    purgeLogKey(prefix),
    '*',
    'at',
    entry.at,
    'actor',
    entry.actor,
    'conferenceId',
    entry.conferenceId,
    'reference',
    entry.reference,
    'reason',
    entry.reason,
  );
}

export async function readPurgeLog(redis: Redis, prefix: string): Promise<PurgeLogEntry[]> {
  const rows = await redis.xrange(purgeLogKey(prefix), '-', '+');
  return rows.map(([, flat]) => {
    const f: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
    return {
      at: f.at ?? '',
      actor: f.actor ?? '',
      conferenceId: f.conferenceId ?? '',
      reference: f.reference ?? '',
      reason: f.reason ?? '',
    };
  });
}
