/** The per-recipient send ledger that makes every send idempotent although BullMQ is at-least-once. */

/**
 * `skipped`: a send was started by an attempt that died, and by the retry it was no longer needed.
 * `refused`: the mail server refused the recipient for good (5xx): never claimed again, so a retry
 * does not try it, until the address is corrected (then it is `failed`, and the next attempt sends).
 */
export type LedgerState = 'sending' | 'sent' | 'failed' | 'skipped' | 'refused';

export interface LedgerEntry {
  state: LedgerState;
  at: string;
  messageId?: string;
  reason?: string;
  /**
   * When the first attempt claimed this send (business clock). Kept across retries: an email goes
   * out dated by it, so a re-send after a worker died mid-hand-over repeats the first one exactly
   * (same Message-ID and Date), which mail stores such as Exchange and Gmail drop as a duplicate.
   */
  firstAttemptAt?: string;
  /** While `sending`: until when the claim holds (a worker that died leaves it to run out). */
  leaseUntil?: string;
  /** GOV.UK Notify's last word on a sent letter or text (`accepted`, `received`, `delivered`, …) and when we heard it. */
  deliveryStatus?: string;
  deliveryStatusAt?: string;
}

/** A won claim: when the first attempt at this send was made. */
export type Claim = { firstAttemptAt: string };

/**
 * Per-recipient send ledger: keyed by (conference, step, recipient, version), it makes every
 * send idempotent although BullMQ is at-least-once.
 */
export interface SendLedger {
  /** Claims a send; returns false when it was already sent (or is being sent by a live worker). */
  claim(conferenceId: string, key: string, leaseMs: number): Promise<Claim | false>;
  /** Claims a batch of sends in one round trip: one answer per key, as `claim` would give. */
  claimMany(conferenceId: string, keys: readonly string[], leaseMs: number): Promise<(Claim | false)[]>;
  markSent(conferenceId: string, key: string, messageId: string): Promise<void>;
  markFailed(conferenceId: string, key: string, reason: string): Promise<void>;
  /** The mail server refused the recipient for good: `claim` loses on it until it is marked failed again. */
  markRefused(conferenceId: string, key: string, reason: string): Promise<void>;
  markSkipped(conferenceId: string, key: string, reason: string): Promise<void>;
  get(conferenceId: string, key: string): Promise<LedgerEntry | undefined>;
  /** These entries only, in the order asked (undefined where there is none), in one round trip. */
  getMany(conferenceId: string, keys: readonly string[]): Promise<(LedgerEntry | undefined)[]>;
  list(conferenceId: string): Promise<Record<string, LedgerEntry>>;
  /** Whether every one of these sends is recorded sent (true for none): reads only those entries. */
  allSent(conferenceId: string, keys: readonly string[]): Promise<boolean>;
  /** What the delivery service (GOV.UK Notify) last said about a sent entry; nothing for any other entry. */
  recordDeliveryStatus(conferenceId: string, key: string, status: string): Promise<void>;
}
