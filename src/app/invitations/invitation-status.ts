/**
 * Whether each parent's or carer's invitation has really gone: an email the mail server accepted,
 * or a letter marked printed (a letter on the hard-copy queue is "sent" in the ledger once queued,
 * but nobody has posted it yet). The chair's briefing lists those whose invitation has not.
 */
import { dateAndTime } from '../../content/format.ts';
import { letterNotGoneWords } from '../../content/letter-state.ts';
import type { Conference } from '../../domain/conference.ts';
import { SLOT_ROLES } from '../../domain/family-slots.ts';
import { queuedLetter } from '../../domain/letters.ts';
import type { LedgerEntry } from '../../ports/send-ledger.ts';
import { ledgerKey } from '../shared/deliver.ts';
import { inviteRecipient } from './invite-revision.ts';

export interface InvitationGap {
  attendeeId: string;
  /** Plain words for the chair: why the invitation may not have reached them. */
  why: string;
}

/** Parents and carers whose current invitation has not gone (not sent, failed, or a letter not yet printed). */
export function familyInvitationsNotGone(c: Conference, ledger: Record<string, LedgerEntry>): InvitationGap[] {
  return c.attendees
    .filter((a) => SLOT_ROLES.has(a.role))
    .flatMap((a): InvitationGap[] => {
      const key = ledgerKey('send-invites', inviteRecipient(c, a.id), c.version);
      const e = ledger[key];
      const gap = (why: string) => [{ attendeeId: a.id, why }];
      if (!e)
        return gap(
          a.contactPreference === 'email' && !a.email
            ? 'no way to reach them: no email address'
            : 'invitation not sent yet',
        );
      if (e.state === 'failed' || e.state === 'refused')
        return gap(`invitation not delivered (${e.reason ?? 'refused'})`);
      if (e.state === 'sending') return gap('invitation still being sent');
      if (e.state === 'skipped') return gap('invitation not sent');
      const letter = queuedLetter(c, key, e);
      if (!letter) return [];
      if (!letter.printedAt) return gap(letterNotGoneWords(letter, dateAndTime)!);
      if (letter.tooLateForPost)
        return gap(
          `letter printed ${dateAndTime(letter.printedAt)}, too late for the post to bring it: check it was handed to them`,
        );
      return [];
    });
}
