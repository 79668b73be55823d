/**
 * Index keys kept beside each conference so adapters find one by join URL or by the address of
 * someone who still owes a report without reading every conference. They are maintained in the
 * same transaction as the aggregate (redis-store.ts) and rebuilt at start-up when missing
 * (`backfillIndexes`). A key name shows up in monitoring and backups, so the looked-up value is
 * never in it: each is an HMAC (keyed with a subkey of the data-at-rest key), and every index only
 * narrows the search: the store reads the candidates and checks them against the aggregate.
 *
 * Each index key is a small hash, field the conference id (value empty), not a set: Redis 7.0 keeps
 * a set of ids as a hash table from its first member (about 230 bytes for one), a hash as a listpack
 * (about 135). The HMAC in a key's name is 128 bits. Version 1 (sets, 256-bit names) is rebuilt
 * into these at start-up like any other change of version.
 */
import { createHmac } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Conference } from '../domain/conference.ts';
import { isBeforeMeeting } from '../domain/state-machine.ts';

/** Bump when what the index keys hold changes: the next start-up rebuilds them. */
const INDEX_VERSION = 2;
/** Bump when the list's filter and sort indexes (conference-listing.ts) change: the same rebuild makes them. */
const LIST_INDEX_VERSION = 1;

/** Join URLs arrive encoded differently (Teams events decode them); compare them decoded. */
export function sameJoinUrl(a: string, b: string): boolean {
  return normalJoinUrl(a) === normalJoinUrl(b);
}

function normalJoinUrl(url: string): string {
  try {
    return decodeURIComponent(url.trim());
  } catch {
    return url.trim();
  }
}

const normalAddress = (address: string) => address.trim().toLowerCase();

/** Addresses (lower case) of attendees whose report is still outstanding while the conference has not met. */
export function openReportSenders(c: Conference): string[] {
  if (!isBeforeMeeting(c.state)) return [];
  const out = new Set<string>();
  for (const a of c.attendees) {
    const report = c.reports[a.id];
    if (a.email && report && report.status !== 'received') out.add(normalAddress(a.email));
  }
  return [...out];
}

export class IndexKeys {
  readonly #key: Buffer;

  constructor(
    private readonly prefix: string,
    /** The secret the HMAC subkey is derived from (the data-at-rest key at run time). */
    secret: Buffer,
  ) {
    this.#key = createHmac('sha256', secret).update('cpc-store-index').digest();
  }

  private mac(kind: string, value: string): string {
    const mac = createHmac('sha256', this.#key).update(`${kind}.v${INDEX_VERSION}:${value}`).digest();
    return mac.subarray(0, 16).toString('base64url');
  }

  /** Conference ids whose meeting has this join URL. */
  join(url: string): string {
    return `${this.prefix}:idx:join:${this.mac('join', normalJoinUrl(url))}`;
  }

  /** Conference ids where this address still owes a report before the meeting. */
  sender(address: string): string {
    return `${this.prefix}:idx:sender:${this.mac('sender', normalAddress(address))}`;
  }

  /** Conference ids with a stored change whose follow-on work is not done yet (domain/follow-on.ts). */
  followOn(): string {
    // Not `idx:follow-on`, the set of version 1: a process of that version may still add to it.
    return `${this.prefix}:idx:follow-ons`;
  }

  /** Every index key this conference belongs to. */
  of(c: Conference): string[] {
    const keys = openReportSenders(c).map((a) => this.sender(a));
    if (c.meeting?.joinUrl) keys.push(this.join(c.meeting.joinUrl));
    if (c.followOn) keys.push(this.followOn());
    return keys;
  }

  /** Puts a conference in an index key (queued in the caller's transaction). */
  add(tx: ChainableCommander, key: string, conferenceId: string): void {
    tx.hset(key, conferenceId, '');
  }

  leave(tx: ChainableCommander, key: string, conferenceId: string): void {
    queueLeave(tx, key, conferenceId);
  }

  /** The conference ids in an index key, sorted. */
  async members(redis: Redis, key: string): Promise<string[]> {
    return (await redis.hkeys(key)).sort();
  }

  /** Glob of every index key (the rebuild deletes them first). */
  all(): string {
    return `${this.prefix}:idx:*`;
  }

  /** Marks the indexes as built with this version and key; a different stamp means rebuild. */
  builtKey(): string {
    return `${this.prefix}:idx-built`;
  }

  stamp(): string {
    return `v${INDEX_VERSION}.l${LIST_INDEX_VERSION}:${this.mac('stamp', '').slice(0, 16)}`;
  }
}

/** Takes a conference out of an index key (queued in the caller's transaction). */
export function queueLeave(tx: ChainableCommander, key: string, conferenceId: string): void {
  tx.hdel(key, conferenceId);
}
