/** Queue names (no names of people, ever). */
export const WORKFLOW_QUEUE = 'workflow';

/**
 * In simulated time BullMQ must never fire a job by the real clock, so future jobs are parked with
 * this delay and promoted by the simulated clock in due order. (BullMQ scores delayed jobs as
 * timestamp × 4096, so a delay must keep the timestamp below about year 2039.)
 */
export const SIMULATED_PARK_DELAY_MS = 3 * 365 * 24 * 3600 * 1000;

export interface QueueSettings {
  attempts: number;
  backoffMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /**
   * Completed jobs kept in Redis to look at (the newest; 0 keeps none). What happened is in the
   * send ledger and the audit trail; a job's id stays in its conference's `ran` hash so that adding
   * it again is still a no-op. @defaultValue 1000
   */
  keepCompleted?: number;
}

/** BullMQ's event stream is read by nothing here (no QueueEvents): keep it short. */
export const EVENTS_MAX_LEN = 1000;
