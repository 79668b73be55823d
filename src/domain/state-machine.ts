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

const states = (...list: ConferenceState[]): ReadonlySet<ConferenceState> => new Set(list);
const DECIDED = states('decided', 'approved', 'circulated', 'follow-up');
const APPROVED = states('approved', 'circulated', 'follow-up');
const STARTABLE = states('scheduled', 'invited', 'collecting-reports', 'pre-meeting');
const MEETING_BEGUN = states('in-session', 'inquorate', 'decided', 'approved', 'circulated', 'follow-up', 'closed');

/** Before the meeting: it can still be rescheduled or cancelled, and invitations may change. */
export const isBeforeMeeting = (state: ConferenceState): boolean => PRE_MEETING_STATES.has(state);

/** Finished for good (closed or cancelled): it takes no more reports, replies or follow-ups. */
export const isEnded = (state: ConferenceState): boolean => state === 'closed' || state === 'cancelled';

/** The meeting may be started from here (an invitation went out and nothing has ended it). */
export const mayStartMeeting = (state: ConferenceState): boolean => STARTABLE.has(state);

/** The meeting has begun (or was found inquorate): letters about the meeting itself are stale. */
export const meetingHasBegun = (state: ConferenceState): boolean => MEETING_BEGUN.has(state);

/** The chair may record the decision, or correct it until it is approved. */
export const mayRecordDecision = (state: ConferenceState): boolean => state === 'in-session' || state === 'decided';

/** A decision is recorded and the conference is not closed (approved or not). */
export const hasDecision = (state: ConferenceState): boolean => DECIDED.has(state);

/** The chair has approved the decision and the conference is not closed: it may be circulated and followed up. */
export const isApproved = (state: ConferenceState): boolean => APPROVED.has(state);

/** A drafted follow-up conference (the review after an initial) waiting for the coordinator to confirm it: nothing has gone out. */
export const isDraft = (state: ConferenceState): boolean => state === 'draft';

/** Cancelled: its jobs do nothing, its meeting and invitations are withdrawn, and it counts as cancelled in the figures. */
export const isCancelled = (state: ConferenceState): boolean => state === 'cancelled';

/** Booked but not invited yet (first booked, or moved to a new date): its invitation job moves it to invited. */
export const awaitsInvitations = (state: ConferenceState): boolean => state === 'scheduled' || state === 'rescheduled';

/** The meeting is under way: the chair may take attendance and record the decision. */
export const isInSession = (state: ConferenceState): boolean => state === 'in-session';

/** The meeting was found inquorate: it is to be rescheduled or cancelled, and nothing is decided. */
export const isInquorate = (state: ConferenceState): boolean => state === 'inquorate';

/** A decision is recorded and waits for the chair's approval (it may still be corrected). */
export const awaitsApproval = (state: ConferenceState): boolean => state === 'decided';

/** The approved decision has gone out (circulated, then following up) and the conference is not closed. */
export const isCirculated = (state: ConferenceState): boolean => state === 'circulated' || state === 'follow-up';

/** Moved or postponed: a new date follows (withdrawals say so). */
export const isRescheduled = (state: ConferenceState): boolean => state === 'rescheduled';

/** Approved and going out, or circulated and not yet following up: finishing circulation may move it on. */
export const mayFinishCirculation = (state: ConferenceState): boolean => state === 'approved' || state === 'circulated';

/** The reason a postponement records: the conference is `rescheduled` but has no new date yet. */
export const POSTPONED_PREFIX = 'postponed: ';

/** Postponed and waiting for a new date: its invitations are withdrawn. */
export const isPostponed = (c: Pick<Conference, 'state' | 'history'>): boolean =>
  c.state === 'rescheduled' && (c.history.at(-1)?.reason?.startsWith(POSTPONED_PREFIX) ?? false);

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
