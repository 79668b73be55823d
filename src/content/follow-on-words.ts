/** What the coordinator is told while a stored change's follow-on work is still to be done (domain/follow-on.ts). */
import type { Conference } from '../domain/conference.ts';
import { isPostponed } from '../domain/state-machine.ts';

export function followOnPendingWords(c: Pick<Conference, 'followOn' | 'state' | 'history'>): string | undefined {
  switch (c.followOn?.kind) {
    case undefined:
      return undefined;
    case 'create':
      return 'The conference is booked. Its invitations and report requests could not be queued yet: they will be sent shortly, without anyone doing anything.';
    case 'approve':
      return 'The decision is approved. The letters telling everyone could not be queued yet: they will be sent shortly, without anyone doing anything.';
    case 'replan':
      return 'The new time is saved. The updated invitations and reminders could not be queued yet: they will be sent shortly, without anyone doing anything.';
    case 'withdraw':
      return `The ${isPostponed(c) ? 'postponement' : 'cancellation'} is saved. The notices telling everyone invited could not be queued yet: they will be sent shortly, without anyone doing anything.`;
    case 'close':
      return 'The conference is closed. Its remaining reminders could not be removed yet: that will be done shortly (they would send nothing).';
    case 'effects': {
      const last = c.followOn.audit.at(-1)?.action ?? '';
      return (
        EFFECTS_WORDS[last] ??
        'The change is saved. What follows from it could not be queued yet: it will be done shortly, without anyone doing anything.'
      );
    }
  }
}

/** A smaller change's words, by the action its audit entry records. */
const EFFECTS_WORDS: Record<string, string> = {
  'attendee.added':
    'The attendee is added. Their invitation (and report request, if they write one) could not be queued yet: it will be sent shortly, without anyone doing anything.',
  'plan.action-updated':
    'The plan action is saved. Its reminders could not be queued yet: they will be set shortly, without anyone doing anything.',
  'decision.letter-released-unexplained':
    'The letter is let go. It could not be queued yet: it will be sent shortly, without anyone doing anything.',
  'decision.told-in-person':
    'The telling is recorded. The letter could not be queued yet: it will be sent shortly, without anyone doing anything.',
  'escalation.opened':
    'The disagreement is escalated. The notices to everyone on its route could not be queued yet: they will be sent shortly, without anyone doing anything.',
  'escalation.resolved':
    'The outcome is recorded. The notices telling everyone on the route could not be queued yet: they will be sent shortly, without anyone doing anything.',
  'minutes.approved':
    'The minutes are approved. Sending them could not be queued yet: they will be sent shortly, without anyone doing anything.',
  'task.done':
    'The arrangement is confirmed. The updated invitation saying so could not be queued yet: it will be sent shortly, without anyone doing anything.',
  'family.pre-meeting-slots-set':
    'The family’s time is saved. The updated invitations could not be queued yet: they will be sent shortly, without anyone doing anything.',
  'texts.started':
    'Text reminders are on. The reminder the day before could not be queued yet: it will be set shortly, without anyone doing anything.',
  'core-group.booked':
    'The core group is booked. Its invitations could not be queued yet: they will be sent shortly, without anyone doing anything.',
  'core-group.rescheduled':
    'The core group is moved. The updated invitations could not be queued yet: they will be sent shortly, without anyone doing anything.',
  'core-group.cancelled':
    'The core group is cancelled. The notices telling its members could not be queued yet: they will be sent shortly, without anyone doing anything.',
};

/** The approval's own follow-on still to do, for the chair (page and Teams card): undefined once the letters are queued. */
export function approvalPendingWords(c: Pick<Conference, 'followOn' | 'state' | 'history'>): string | undefined {
  return c.followOn?.kind === 'approve' ? followOnPendingWords(c) : undefined;
}
