/**
 * Rules for family letters on the hard-copy queue: which letter replaces which, which ones a held
 * meeting makes pointless, and whether the post can bring a letter before the meeting.
 */
import { DateTime } from 'luxon';
import type { IsoInstant } from './conference-parts.ts';
import type { Conference } from './conference.ts';
import type { HardCopy } from './deliveries.ts';
import type { WorkingDays } from './report-schedule.ts';
import { LONDON } from './calendar/zone.ts';
import { meetingHasBegun } from './state-machine.ts';

/** Letters about coming to the meeting: one series per person, the latest replacing any unprinted earlier one. */
const MEETING_LETTERS: ReadonlySet<string> = new Set(['invitation', 'updated-invitation', 'cancellation']);

/** From here on the meeting has been held (or at least its time has come): letters about coming to it are pointless. */

/** Letters of one series for one person replace each other: an earlier version need not be printed. */
export function letterSeries(document: string): string {
  return MEETING_LETTERS.has(document) ? 'meeting' : document;
}

export function isMeetingLetter(document: string): boolean {
  return MEETING_LETTERS.has(document);
}

/** GOV.UK Notify has the letter and has not refused it: nobody prints it by hand, and it may already be in the post. */
export function withNotify(h: HardCopy): boolean {
  return Boolean(h.notify && !h.notify.rejectedAt);
}

/** Notify statuses after which it will never post the letter: it goes back on the print list. */
export const NOTIFY_LETTER_REFUSALS: ReadonlySet<string> = new Set([
  'validation-failed',
  'virus-scan-failed',
  'technical-failure',
  'permanent-failure',
  'cancelled',
]);
/** The letter was printed and dispatched: it counts as posted. */
export const NOTIFY_LETTER_POSTED = 'received';

/** Still on the coordinator's print list: not printed, not withdrawn, not with Notify, and not about a meeting already held. */
export function stillToPrint(c: Pick<Conference, 'state'>, h: HardCopy): boolean {
  return !h.printedAt && !h.withdrawnAt && !withNotify(h) && !(isMeetingLetter(h.document) && meetingHasBegun(c.state));
}

/**
 * Adds `entry`, withdrawing earlier unprinted letters of the same series to the same person (kept,
 * marked superseded by it). A letter already printed stays as it is: it may be in the post.
 */
export function supersede(
  hardCopies: readonly HardCopy[],
  entry: HardCopy,
  at: IsoInstant,
): { hardCopies: HardCopy[]; superseded: string[] } {
  const superseded: string[] = [];
  const series = letterSeries(entry.document);
  const kept = hardCopies.map((h) => {
    if (
      h.attendeeId !== entry.attendeeId ||
      letterSeries(h.document) !== series ||
      h.printedAt ||
      h.withdrawnAt ||
      withNotify(h)
    )
      return h;
    superseded.push(h.blobId);
    return { ...h, withdrawnAt: at, withdrawnReason: 'superseded' as const, supersededBy: entry.blobId };
  });
  return { hardCopies: [...kept, entry], superseded };
}

/** When the meeting starts, unprinted letters about coming to it are withdrawn (kept for the record). */
export function withdrawMeetingLetters(
  hardCopies: readonly HardCopy[] | undefined,
  at: IsoInstant,
): HardCopy[] | undefined {
  const pointless = (h: HardCopy) => isMeetingLetter(h.document) && !h.printedAt && !h.withdrawnAt && !withNotify(h);
  if (!hardCopies?.some(pointless)) return hardCopies as HardCopy[] | undefined;
  return hardCopies.map((h) =>
    pointless(h) ? { ...h, withdrawnAt: at, withdrawnReason: 'meeting-held' as const } : h,
  );
}

/**
 * The letter on the hard-copy queue that a send-ledger entry stands for (`ledgerKey`, or for older
 * records a decision letter whose ledger note names it). The ledger says "sent" once a letter is on
 * the queue; it has gone only when someone marks it printed, so every count of what was delivered
 * asks this first.
 */
export function queuedLetter(
  c: Pick<Conference, 'hardCopies'>,
  key: string,
  entry?: { messageId?: string },
): HardCopy | undefined {
  const copies = c.hardCopies ?? [];
  return (
    copies.find((h) => h.ledgerKey === key) ??
    (entry?.messageId?.startsWith('post:') ? copies.find((h) => entry.messageId === `post:${h.blobId}`) : undefined)
  );
}

/** A ledger entry marked sent that is really a letter still waiting to be printed. */
export function waitingToPrint(
  c: Pick<Conference, 'hardCopies'>,
  key: string,
  entry?: { state: string; messageId?: string },
): HardCopy | undefined {
  if (entry?.state !== 'sent') return undefined;
  const h = queuedLetter(c, key, entry);
  return h && !h.printedAt ? h : undefined;
}

const londonDate = (iso: string): string => DateTime.fromISO(iso, { setZone: true }).setZone(LONDON).toISODate()!;

/**
 * Can a letter posted by `postedBy` be relied on to arrive before the day of `neededBy`? It is relied
 * on only `postWorkingDays` (the policy's `timings.postWorkingDays`) after the posting day, and that
 * must still be before the meeting day: a letter arriving on the morning of the meeting is no invitation.
 */
export function postArrivesInTime(
  calendar: WorkingDays,
  postedBy: IsoInstant,
  neededBy: IsoInstant,
  postWorkingDays: number,
): boolean {
  return calendar.addWorkingDays(londonDate(postedBy), postWorkingDays) < londonDate(neededBy);
}
