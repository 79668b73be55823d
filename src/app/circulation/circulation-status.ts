/**
 * Where the decision has got to, per recipient: read from the send ledger (sent, failed with its
 * reason, when the mail server accepted it), the hard-copy queue (a posted letter has gone only
 * once it is marked printed) and the conference's held letters (held until someone tells the parent).
 * The dashboard and the watchdog both use this, so they always agree.
 */
import { dateAndTime } from '../../content/format.ts';
import { letterStateWords } from '../../content/letter-state.ts';
import { circulationDueAt, circulationRecipients, type CirculationRecipient } from '../../domain/circulation.ts';
import { queuedLetter } from '../../domain/letters.ts';
import { heldLetterOf, holdLifted } from '../../domain/held-letters.ts';
import type { Conference } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { LedgerEntry } from '../../ports/send-ledger.ts';
import type { AppDeps } from '../deps.ts';
import { ledgerKey } from '../shared/deliver.ts';
import { toLondonIso } from '../shared/time.ts';

export const CIRCULATE_STEP = 'circulate-decision';
export const TELL_IN_PERSON_STEP = 'tell-in-person';
export const TOLD_IN_PERSON_STEP = 'told-in-person';
/** The chair and coordinator told that a held letter is late: nobody recorded telling the parent by the hold time. */
export const UNEXPLAINED_STEP = 'held-letter-unexplained';

/** `waiting-to-print`: the letter is on the hard-copy queue; it counts as delivered only once marked printed. */
export type RecipientState =
  'awaiting-approval' | 'queued' | 'held' | 'sending' | 'waiting-to-print' | 'sent' | 'failed' | 'not-sent';

export interface RecipientStatus extends CirculationRecipient {
  status: RecipientState;
  /** When the mail server accepted it (or a posted letter was marked printed); London time. */
  receivedAt?: string;
  /** A posted letter not yet printed: when it must be in the post. */
  postBy?: string;
  /** The last failure, kept while it is retried. */
  reason?: string;
  /** A held letter: when it is (or became) late, nobody having recorded telling the parent. It still waits. */
  heldUntil?: string;
  /** A held letter past its hold time. */
  late?: boolean;
  toldInPersonAt?: string;
}

const london = (iso: string) => toLondonIso(new Date(Date.parse(iso)));

export type DeliveryState = Pick<RecipientStatus, 'status' | 'receivedAt' | 'postBy' | 'reason'>;

/**
 * Where one send has got to by its ledger entry: sent (a posted letter only once printed), failed
 * with its reason, or being sent; undefined while nothing has been tried. Every circulated document
 * (the decision, the minutes) reads its sends this way.
 */
export function deliveryState(
  c: Pick<Conference, 'hardCopies'>,
  key: string,
  ledger: Record<string, LedgerEntry>,
): DeliveryState | undefined {
  const entry = ledger[key];
  if (entry?.state === 'sent') {
    const letter = queuedLetter(c, key, entry);
    if (letter && !letter.printedAt)
      return { status: 'waiting-to-print', postBy: letter.dueAt, reason: letterStateWords(letter, dateAndTime) };
    return { status: 'sent', receivedAt: london(letter?.printedAt ?? entry.at) };
  }
  if (entry?.state === 'failed' || entry?.state === 'refused')
    return { status: 'failed', reason: entry.reason ?? 'unknown' };
  if (entry?.state === 'sending') return { status: 'sending' };
  return undefined;
}

export function recipientStatuses(
  c: Conference,
  policy: Policy,
  ledger: Record<string, LedgerEntry>,
): RecipientStatus[] {
  const approved = Boolean(c.decision?.approvedAt);
  return circulationRecipients(c, policy).map((r): RecipientStatus => {
    if (r.channel === 'none') return { ...r, status: 'not-sent' };
    if (!approved) return { ...r, status: 'awaiting-approval' };
    const told = ledger[ledgerKey(TOLD_IN_PERSON_STEP, r.attendeeId, c.version)];
    const extra = told?.state === 'sent' ? { toldInPersonAt: london(told.at) } : {};
    const delivered = deliveryState(c, ledgerKey(CIRCULATE_STEP, r.key, c.version), ledger);
    if (delivered) return { ...r, ...extra, ...delivered };
    // A companion's copy waits with the letter of the person they come with.
    const parent = r.letterOf ?? r.attendeeId;
    const asked = ledger[ledgerKey(TELL_IN_PERSON_STEP, parent, c.version)];
    const held = heldLetterOf(c, parent);
    if (r.tellInPersonFirst && asked?.state === 'sent' && told?.state !== 'sent' && !holdLifted(held)) {
      return {
        ...r,
        status: 'held',
        reason:
          r.holdFor === 'excluded'
            ? 'waiting for the chair or social worker to explain why they left part of the meeting, and the decision'
            : 'waiting for the social worker to tell them in person',
        ...(held ? { heldUntil: london(held.heldUntil), ...(held.lateAt ? { late: true } : {}) } : {}),
      };
    }
    return { ...r, ...extra, status: 'queued' };
  });
}

/** The circulation block of the conference view. */
export async function circulationView(deps: AppDeps, c: Conference, ledger: Record<string, LedgerEntry>) {
  if (!c.decision) return undefined;
  const policy = deps.policies.get(c.policyId);
  const recipients = recipientStatuses(c, policy, ledger);
  const due = circulationDueAt(c);
  return {
    dueAt: due ?? null,
    approvedAt: c.decision.approvedAt ?? null,
    complete: recipients.every((r) => r.status === 'sent' || r.status === 'not-sent') && Boolean(c.decision.approvedAt),
    recipients,
    alert: c.circulationAlert ?? null,
    /** Set when the deadline passed with the decision unapproved or someone still without it. */
    missed: c.circulationMissed ?? null,
  };
}
