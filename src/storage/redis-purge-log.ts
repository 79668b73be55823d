/**
 * Purging a conference: every key stored about it (its reply codes too) deleted in one transaction,
 * with a line in the purge log saying what retention deleted, when and why (ids and references
 * only, never content).
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import type { PurgeLogEntry } from '../ports.ts';
import type { DerivedRecords } from './derived-records.ts';
import type { RedisKeys } from './redis-keys.ts';
import { queueLeave } from './conference-indexes.ts';
import { replyCodeKeysOf } from './redis-reply-codes.ts';

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

/**
 * Deletes everything stored about a conference (aggregate, index entry, reference, lookup sets,
 * derived records, audit, ledger, blobs, rendered artefacts, job tracking) and logs it, atomically.
 */
export async function purgeConference(
  redis: Redis,
  keys: RedisKeys,
  what: {
    conferenceId: string;
    /** The aggregate, when it is still there: its reference and lookup sets go with it. */
    conference: Conference | undefined;
    blobIds: string[];
    /** The lookup index keys the conference belongs to. */
    indexSets: string[];
    derived: DerivedRecords[];
    log: { at: string; actor: string; reason: string };
  },
): Promise<{ reference?: string; keys: number }> {
  const { conferenceId, conference: c } = what;
  const all = [
    keys.conference(conferenceId),
    keys.summary(conferenceId),
    keys.audit(conferenceId),
    keys.auditLog(conferenceId),
    keys.ledger(conferenceId),
    keys.renders(conferenceId),
    `${keys.conference(conferenceId)}:jobs`,
    `${keys.conference(conferenceId)}:ran`,
    ...what.blobIds.map((b) => keys.blob(conferenceId, b)),
  ];
  if (c) all.push(keys.reference(c.reference));
  all.push(...(await replyCodeKeysOf(redis, keys.prefix, conferenceId)));
  const tx = redis.multi().zrem(keys.index(), conferenceId);
  for (const key of what.indexSets) queueLeave(tx, key, conferenceId);
  for (const d of what.derived) d.remove(tx, conferenceId, c);
  for (let i = 0; i < all.length; i += 500) tx.del(...all.slice(i, i + 500));
  queuePurgeLog(tx, keys.prefix, { ...what.log, conferenceId, reference: c?.reference ?? '' });
  await tx.exec();
  return { ...(c ? { reference: c.reference } : {}), keys: all.length };
}
