import type { Conference, ConferenceState, StateChange } from './conference.ts';
import { IllegalTransitionError } from './errors.ts';

/**
 * Every legal move of a conference. Anything not listed raises IllegalTransitionError:
 * an illegal transition is never a silent no-op.
 */
const TRANSITIONS: Record<ConferenceState, readonly ConferenceState[]> = {
  /** A follow-up conference created for the coordinator to confirm (e.g. the review after an initial). */
  draft: ['scheduled', 'cancelled'],
  scheduled: ['invited', 'in-session', 'rescheduled', 'cancelled'],
  invited: ['collecting-reports', 'pre-meeting', 'in-session', 'rescheduled', 'cancelled'],
  'collecting-reports': ['pre-meeting', 'in-session', 'rescheduled', 'cancelled'],
  'pre-meeting': ['in-session', 'inquorate', 'rescheduled', 'cancelled'],
  'in-session': ['decided', 'inquorate'],
  inquorate: ['rescheduled', 'cancelled'],
  rescheduled: ['invited', 'collecting-reports', 'rescheduled', 'cancelled'],
  decided: ['approved'],
  approved: ['circulated'],
  circulated: ['follow-up', 'closed'],
  'follow-up': ['closed'],
  closed: [],
  cancelled: [],
};

/** States before the meeting in which it can still be rescheduled or cancelled. */
export const PRE_MEETING_STATES: ReadonlySet<ConferenceState> = new Set<ConferenceState>([
  'draft',
  'scheduled',
  'invited',
  'collecting-reports',
  'pre-meeting',
  'rescheduled',
  'inquorate',
]);

export function canTransition(from: ConferenceState, to: ConferenceState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: ConferenceState, to: ConferenceState, reason?: string): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to, reason);
}

/** Returns the conference moved to `to`, with the change recorded in its history. */
export function transition(
  conference: Conference,
  to: ConferenceState,
  change: { at: string; by: string; reason?: string },
): Conference {
  assertTransition(conference.state, to);
  const entry: StateChange = { from: conference.state, to, at: change.at, by: change.by };
  if (change.reason !== undefined) entry.reason = change.reason;
  return { ...conference, state: to, history: [...conference.history, entry] };
}

export function isTerminal(state: ConferenceState): boolean {
  return TRANSITIONS[state].length === 0;
}
