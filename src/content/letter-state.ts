/**
 * Where a letter to a family member by post has got to, in the words the dashboard, the chair's
 * briefing and the circulation status all use: printed by hand, posted by GOV.UK Notify, with
 * Notify and not yet posted, refused by Notify and back on the print list, or waiting to be printed.
 */
import type { HardCopy } from '../domain/deliveries.ts';
import { withNotify } from '../domain/letters.ts';

/** Notify's letter statuses in plain words. */
const NOTIFY_STATUS_WORDS: Record<string, string> = {
  sending: 'being handed over',
  created: 'received by Notify',
  'pending-virus-check': 'being checked by Notify',
  accepted: 'accepted for printing',
};

/** A letter taken off the print list, and why. */
const WITHDRAWN_WORDS: Record<NonNullable<HardCopy['withdrawnReason']>, string> = {
  superseded: 'not needed: replaced by a later letter',
  // Never "not needed": the invitation never reached them (the user trial read that as nothing missing).
  'meeting-held': 'never posted: the meeting was held before it was printed',
  'meeting-cancelled': 'withdrawn unprinted: the meeting was cancelled',
};

/** `when` formats an instant (the dashboard's short form, or an email's long one). */
export function letterStateWords(h: HardCopy, when: (iso: string) => string, o: { by?: boolean } = {}): string {
  if (h.printedAt)
    return h.printedBy === 'notify'
      ? `posted by GOV.UK Notify ${when(h.printedAt)}`
      : `printed ${when(h.printedAt)}${o.by && h.printedBy ? ` by ${h.printedBy}` : ''}`;
  if (withNotify(h))
    return `with GOV.UK Notify (${NOTIFY_STATUS_WORDS[h.notify!.status] ?? h.notify!.status}), not posted yet`;
  if (h.withdrawnAt) return WITHDRAWN_WORDS[h.withdrawnReason ?? 'meeting-held'];
  const refused = h.notify?.rejectedAt ? `GOV.UK Notify refused it (${h.notify.reason ?? h.notify.status}): ` : '';
  return `${refused}waiting to be printed, post by ${when(h.dueAt)}`;
}

/** Why a letter has not gone yet, for the chair's briefing (undefined once it has). */
export function letterNotGoneWords(h: HardCopy, when: (iso: string) => string): string | undefined {
  if (h.printedAt) return undefined;
  if (withNotify(h))
    return `letter with GOV.UK Notify (${NOTIFY_STATUS_WORDS[h.notify!.status] ?? h.notify!.status}), not posted yet`;
  const refused = h.notify?.rejectedAt
    ? `GOV.UK Notify refused the letter (${h.notify.reason ?? h.notify.status}) and it `
    : 'letter not printed yet: it ';
  return `${refused}was to be posted by ${when(h.dueAt)}`;
}
