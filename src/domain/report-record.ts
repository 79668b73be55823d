/** A professional's report for a conference: its status, the submissions made, the family's versions. */
import type { IsoDate, IsoInstant } from './conference-parts.ts';

export type ReportStatus = 'not-requested' | 'requested' | 'reminded' | 'overdue' | 'escalated' | 'received';
export type Channel = 'email' | 'teams' | 'web' | 'api';

export interface ReportSubmission {
  at: IsoInstant;
  channel: Channel;
  /** Stored attachment ids / text length only; the text itself lives in its own key. */
  attachmentCount: number;
  /** The stored documents of this submission (attachments, then the pasted text), by blob id. */
  blobIds?: string[];
  late: boolean;
  sharedWithFamily?: { parentId: string; sharedOn: IsoDate; withheld?: string }[];
  /** Who signed the report and who read it before it was sent (policies that ask, e.g. Hampshire). */
  signedBy?: string;
  readBy?: string;
  /** The inbound email's Message-ID: a redelivery of the same message is this submission again, not a new one. */
  sourceId?: string;
}

/** A report's version for the family: its files, then its pasted text, by blob id. */
export interface FamilyVersion {
  at: IsoInstant;
  attachmentCount: number;
  blobIds: string[];
}

export interface ReportRecord {
  attendeeId: string;
  status: ReportStatus;
  dueAt?: IsoInstant;
  receivedAt?: IsoInstant;
  channel?: Channel;
  submissions: ReportSubmission[];
  /**
   * The versions the author made for the family, with the withheld parts removed (latest last).
   * A parent or carer opens only the latest, and only once the author recorded sharing with them.
   */
  familyVersions?: FamilyVersion[];
  /** What the bot has sent about this report, in order (step name and time). */
  history: { step: string; at: IsoInstant }[];
}
