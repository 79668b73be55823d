/** GOV.UK Notify (letters and texts) and the numbers that asked for no more texts: the ports the app sends them through. */

/** Letters are first or second class (Notify's economy and international rates are not used). */
export type Postage = 'first' | 'second';

/** What GOV.UK Notify says about one letter or text. */
export interface NotifyStatus {
  id: string;
  reference?: string;
  /** Notify's own word: `accepted`, `received`, `validation-failed`, `delivered`, … */
  status: string;
  completedAt?: string;
}

/**
 * GOV.UK Notify: prints and posts precompiled letters, sends texts, and says what became of them.
 * References carry the conference reference and a letter or text id, never a name.
 */
export interface NotifyService {
  sendPrecompiledLetter(args: { reference: string; pdf: Buffer; postage: Postage }): Promise<{ id: string }>;
  sendSms(args: {
    templateId: string;
    phoneNumber: string;
    personalisation: Record<string, string>;
    reference: string;
  }): Promise<{ id: string }>;
  status(notificationId: string): Promise<NotifyStatus>;
  /** The notification an earlier attempt already made with this reference (its answer was lost), if any. */
  findByReference(reference: string, type: 'letter' | 'sms'): Promise<NotifyStatus | undefined>;
  /** A template's type (`sms`, `email`, `letter`); `undefined` when Notify has no template with that id. */
  templateType(templateId: string): Promise<string | undefined>;
}

/**
 * Notify refused the request itself (400: a PDF outside the printable area, an unknown template,
 * a number that is not a mobile): sending it again cannot help. Rate limits and outages are
 * ordinary errors, retried with backoff.
 */
export class NotifyRefusedError extends Error {
  override name = 'NotifyRefusedError';
  constructor(
    readonly status: number,
    /** Notify's own reason, as it gave it. */
    readonly reason: string,
  ) {
    super(`GOV.UK Notify refused it (${status}): ${reason}`);
  }
}

/**
 * Mobile numbers that replied to a text (STOP or anything else): no more texts go to them. Kept by
 * number, not by conference, because a reply names only the number; stored as a keyed hash, never
 * the number itself.
 */
/** Who is texted at a number (recorded when a text goes), so a reply can stop their texts at once. */
export interface TextHolder {
  conferenceId: string;
  attendeeId: string;
}

export interface TextOptOuts {
  optOut(mobile: string, at: string): Promise<void>;
  isOptedOut(mobile: string): Promise<boolean>;
  /** They agreed to texts again (the coordinator recorded it): an earlier reply no longer stops them. */
  optIn(mobile: string): Promise<void>;
  /** Records that this attendee is texted at this number. */
  remember(mobile: string, holder: TextHolder): Promise<void>;
  /** Everyone texted at this number. */
  holders(mobile: string): Promise<TextHolder[]>;
}
