import type { Redis } from 'ioredis';

/**
 * Every Redis key the storage layer writes, built in one place so a prefix isolates
 * deployments and tests. Keys carry ids and references only: a key name shows up in
 * monitoring, slow logs and backups, so it must never contain a child's or family's name.
 */
export interface RedisKeys {
  readonly prefix: string;
  conference(id: string): string;
  /** Sorted set of conference ids, score = startsAt epoch ms. */
  index(): string;
  referenceCounter(year: number): string;
  reference(reference: string): string;
  /** The conference's list entry (ConferenceSummary), kept with the aggregate. */
  summary(id: string): string;
  /** The audit trail as first written, a stream: still read, no longer written. */
  audit(conferenceId: string): string;
  /** The audit trail: a list of compact entries, appended only. */
  auditLog(conferenceId: string): string;
  ledger(conferenceId: string): string;
  blob(conferenceId: string, blobId: string): string;
  /** Hash of the artefacts rendered once for a fan-out (fields: artefact and content fingerprint), expiring. */
  renders(conferenceId: string): string;
  /** Glob matching every key under the prefix (for SCAN in tests and tooling). */
  all(): string;
}

export const DEFAULT_PREFIX = 'cpc';

export function redisKeys(prefix: string = DEFAULT_PREFIX): RedisKeys {
  const conf = (id: string) => `${prefix}:conf:${id}`;
  return {
    prefix,
    conference: conf,
    index: () => `${prefix}:conferences`,
    referenceCounter: (year) => `${prefix}:seq:${year}`,
    reference: (reference) => `${prefix}:ref:${reference}`,
    summary: (id) => `${conf(id)}:summary`,
    audit: (conferenceId) => `${conf(conferenceId)}:audit`,
    auditLog: (conferenceId) => `${conf(conferenceId)}:log`,
    ledger: (conferenceId) => `${conf(conferenceId)}:ledger`,
    blob: (conferenceId, blobId) => `${conf(conferenceId)}:blob:${blobId}`,
    renders: (conferenceId) => `${conf(conferenceId)}:renders`,
    all: () => `${prefix}:*`,
  };
}

/** Deletes every key starting with `prefix` (SCAN, never KEYS): tests, the demo and the benchmark clean up with it. */
export async function deleteKeysByPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}
