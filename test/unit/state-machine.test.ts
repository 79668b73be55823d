/** The conference state machine and the named state predicates beside it, row by row. */
import { describe, expect, it } from 'vitest';
import { CONFERENCE_STATES, type ConferenceState } from '../../src/domain/conference.ts';
import { IllegalTransitionError } from '../../src/domain/errors.ts';
import {
  awaitsApproval,
  awaitsInvitations,
  canTransition,
  hasDecision,
  isCancelled,
  isCirculated,
  isDraft,
  isInquorate,
  isInSession,
  isRescheduled,
  mayFinishCirculation,
  isApproved,
  isBeforeMeeting,
  isEnded,
  isPostponed,
  isTerminal,
  mayRecordDecision,
  mayStartMeeting,
  meetingHasBegun,
  POSTPONED_PREFIX,
  transition,
} from '../../src/domain/state-machine.ts';
import { makeConference } from '../helpers/fixtures.ts';

const PREDICATES = {
  isBeforeMeeting,
  isEnded,
  mayStartMeeting,
  meetingHasBegun,
  mayRecordDecision,
  hasDecision,
  isApproved,
  isTerminal,
  isDraft,
  isCancelled,
  awaitsInvitations,
  isInSession,
  isInquorate,
  awaitsApproval,
  isCirculated,
  isRescheduled,
  mayFinishCirculation,
};

// One row per state: which predicates hold there (everything else must not).
const HOLDS: Record<ConferenceState, (keyof typeof PREDICATES)[]> = {
  draft: ['isBeforeMeeting', 'isDraft'],
  scheduled: ['isBeforeMeeting', 'mayStartMeeting', 'awaitsInvitations'],
  invited: ['isBeforeMeeting', 'mayStartMeeting'],
  'collecting-reports': ['isBeforeMeeting', 'mayStartMeeting'],
  'pre-meeting': ['isBeforeMeeting', 'mayStartMeeting'],
  rescheduled: ['isBeforeMeeting', 'awaitsInvitations', 'isRescheduled'],
  inquorate: ['isBeforeMeeting', 'meetingHasBegun', 'isInquorate'],
  'in-session': ['meetingHasBegun', 'mayRecordDecision', 'isInSession'],
  decided: ['meetingHasBegun', 'mayRecordDecision', 'hasDecision', 'awaitsApproval'],
  approved: ['meetingHasBegun', 'hasDecision', 'isApproved', 'mayFinishCirculation'],
  circulated: ['meetingHasBegun', 'hasDecision', 'isApproved', 'isCirculated', 'mayFinishCirculation'],
  'follow-up': ['meetingHasBegun', 'hasDecision', 'isApproved', 'isCirculated'],
  closed: ['meetingHasBegun', 'isEnded', 'isTerminal'],
  cancelled: ['isEnded', 'isTerminal', 'isCancelled'],
};

describe('state predicates', () => {
  for (const state of CONFERENCE_STATES) {
    it(`${state}: ${HOLDS[state].join(', ')}`, () => {
      const held = Object.entries(PREDICATES)
        .filter(([, p]) => p(state))
        .map(([name]) => name)
        .sort();
      expect(held).toEqual([...HOLDS[state]].sort());
    });
  }

  it('a postponed conference is rescheduled with the postponement as its last reason; a moved one is not postponed', () => {
    const base = makeConference({ state: 'invited' });
    const postponed = transition(base, 'rescheduled', {
      at: '2027-03-02T09:00:00Z',
      by: 'coordinator',
      reason: `${POSTPONED_PREFIX}chair ill`,
    });
    const moved = transition(base, 'rescheduled', {
      at: '2027-03-02T09:00:00Z',
      by: 'coordinator',
      reason: 'room double-booked',
    });
    expect(isPostponed(postponed)).toBe(true);
    expect(isPostponed(moved)).toBe(false);
    expect(isPostponed(base)).toBe(false);
  });
});

describe('transitions', () => {
  it('an ended conference goes nowhere; the chair decides only in session', () => {
    for (const to of CONFERENCE_STATES) {
      expect(canTransition('closed', to)).toBe(false);
      expect(canTransition('cancelled', to)).toBe(false);
    }
    expect(canTransition('in-session', 'decided')).toBe(true);
    expect(canTransition('pre-meeting', 'decided')).toBe(false);
    expect(canTransition('decided', 'circulated')).toBe(false);
  });

  it('every state a conference can reach before the meeting can be cancelled, and none after it', () => {
    for (const s of CONFERENCE_STATES) expect(canTransition(s, 'cancelled'), s).toBe(isBeforeMeeting(s));
  });

  it('records the move in the history and refuses an illegal one naming both states', () => {
    const c = makeConference({ state: 'in-session', history: [] });
    const moved = transition(c, 'decided', { at: '2027-03-22T11:30:00Z', by: 'a1' });
    expect(moved.state).toBe('decided');
    expect(moved.history.at(-1)).toEqual({ from: 'in-session', to: 'decided', at: '2027-03-22T11:30:00Z', by: 'a1' });
    expect(c.state).toBe('in-session');
    expect(() => transition(c, 'circulated', { at: '2027-03-22T11:30:00Z', by: 'a1' })).toThrow(IllegalTransitionError);
    expect(() => transition(c, 'circulated', { at: '2027-03-22T11:30:00Z', by: 'a1' })).toThrow(
      'This conference is in session, so it cannot be circulated. Nothing was changed.',
    );
  });
});
