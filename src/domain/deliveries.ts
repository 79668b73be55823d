/** What was sent to whom and how: ledger records, printed letters, texts, and the circulation watchdog's findings. */
import type { Role } from './vocabulary.ts';
import type { IsoInstant } from './conference-parts.ts';
import type { TextKind } from './texts.ts';

export interface DeliveryRecord {
  key: string;
  recipientId: string;
  step: string;
  channel: 'email' | 'teams' | 'post' | 'via-social-worker';
  status: 'queued' | 'sent' | 'failed';
  at: IsoInstant;
  reason?: string;
}

/**
 * An email the mail server refused for good (a 5xx at RCPT: "550 no such user"), kept with the
 * conference until the address is corrected or the person removed: whose address it was (the
 * attendee, or their manager's address), the send (ledger key: ids only) and the server's reason,
 * with any address taken out. Never a name: the coordinator's worklist puts the name in.
 */
export interface RefusedAddress {
  key: string;
  /** The attendee whose address (or whose manager's address) it was; absent for an address not an attendee's. */
  attendeeId?: string;
  manager?: boolean;
  reason: string;
  at: IsoInstant;
}

/** A printable letter for a family member who asked for post: printed and posted by the office. */
export interface HardCopy {
  /** Blob id of the PDF in the store (`hardcopy-<document>-<attendee>-v<version>`). */
  blobId: string;
  attendeeId: string;
  /** Which letter it is, e.g. `decision-letter`. */
  document: string;
  queuedAt: IsoInstant;
  /** When it must be in the post (policy.circulation.hardCopy, or the circulation deadline). */
  dueAt: IsoInstant;
  /**
   * The send-ledger key of the delivery this letter is (`circulate-decision-a6-v1`): the ledger
   * records it once queued, but it counts as delivered only once printed (letters.ts).
   */
  ledgerKey?: string;
  printedAt?: IsoInstant;
  printedBy?: string;
  /**
   * Post cannot bring it before `neededBy` (the meeting, for that person): the coordinator was told
   * to phone them or arrange hand delivery. See `postArrivesInTime` in letters.ts.
   */
  tooLateForPost?: { neededBy: IsoInstant };
  /**
   * Taken off the print list, kept for the record: a later version of the same letter to the same
   * person replaced it (`supersededBy`), or the meeting it was about has been held.
   */
  withdrawnAt?: IsoInstant;
  withdrawnReason?: 'superseded' | 'meeting-held' | 'meeting-cancelled';
  supersededBy?: string;
  /** Handed to GOV.UK Notify to print and post (when it is configured): see `NotifyLetter`. */
  notify?: NotifyLetter;
}

/** A text reminder sent through GOV.UK Notify: no names, no content beyond the reference, a date and a time. */
export interface TextMessage {
  /** Its send-ledger key (`text-day-before-a6-v1`). */
  key: string;
  attendeeId: string;
  kind: TextKind;
  /** What Notify knows it by: the conference reference and the key. */
  reference: string;
  notificationId?: string;
  /** `sending`, then Notify's status (`created`, `sending`, `delivered`, `permanent-failure`, …), or `refused` with Notify's reason. */
  status: string;
  statusAt: IsoInstant;
  reason?: string;
}

/**
 * A letter GOV.UK Notify prints and posts. It is off the print list while Notify has it; it counts
 * as posted (`printedAt`, by `notify`) only when Notify says it was printed and dispatched
 * (`received`); if Notify refuses it (`rejectedAt`, with Notify's reason) it is back on the print list.
 */
export interface NotifyLetter {
  /** What Notify knows it by: the conference reference and the letter's id (`CPC-2027-0042-invitation-a6-v1`), no names. */
  reference: string;
  postage: 'first' | 'second';
  /** Notify's id, once it has the letter. */
  notificationId?: string;
  /** `sending` until Notify answers, then Notify's own status (`pending-virus-check`, `accepted`, `received`, …). */
  status: string;
  statusAt: IsoInstant;
  rejectedAt?: IsoInstant;
  reason?: string;
}

/** One recipient the circulation watchdog found still waiting, by role (never a name). */
export interface OutstandingDelivery {
  recipient: string;
  attendeeId: string;
  role: Role;
  agency?: string;
  channel: string;
  status: string;
  reason?: string;
}

/**
 * What the circulation watchdog saw when it fired. Kept on the conference so that its alert,
 * retried while mail is down, still reports the situation at the deadline margin.
 */
export interface CirculationAlert {
  at: IsoInstant;
  dueAt: IsoInstant;
  approved: boolean;
  outstanding: OutstandingDelivery[];
}
