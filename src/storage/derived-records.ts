/**
 * Records derived from a conference and kept beside it (the search index, the figures record, the
 * worklist index): the store writes them in the same MULTI as the aggregate, so one write updates
 * everything or nothing, and a crash can never leave a record behind the conference it came from.
 */
import type { ChainableCommander } from 'ioredis';
import type { Conference } from '../domain/conference.ts';

export interface DerivedRecords {
  /**
   * Works out, before the transaction (it may read, e.g. the send ledger), what to write for `next`,
   * which was `prev` (undefined when it is being created). The function it returns queues the writes
   * in the transaction; it may run more than once when another writer got in first.
   */
  prepare(next: Conference, prev: Conference | undefined): Promise<(tx: ChainableCommander) => void>;
  /** Queues the removal of the conference's records (purge); `last` is the conference as it was. */
  remove(tx: ChainableCommander, conferenceId: string, last: Conference | undefined): void;
}
