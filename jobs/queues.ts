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
}
