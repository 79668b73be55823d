import { describe, expect, it } from 'vitest';
import { assertLinkOpen, LINK_PURPOSES, LinkError, type LinkPurpose } from '../../src/app/credentials/links.ts';
import { CONFERENCE_STATES, type ConferenceState } from '../../src/domain/conference.ts';

const refusal = (purpose: LinkPurpose, state: ConferenceState) => {
  try {
    assertLinkOpen({ reference: 'CPC-2027-0001', state }, purpose);
    return 'opens';
  } catch (e) {
    expect(e).toBeInstanceOf(LinkError);
    return (e as LinkError).reason;
  }
};

describe('where each kind of personal link opens', () => {
  it('no link opens after a cancellation or closure, or on a draft', () => {
    for (const p of LINK_PURPOSES) {
      expect(refusal(p, 'cancelled'), p).toBe('closed');
      expect(refusal(p, 'closed'), p).toBe('closed');
      expect(refusal(p, 'draft'), p).toBe('not-open');
    }
  });

  it('answers and reports only before the meeting; the checklist until it is under way; the chair until closure', () => {
    const opens = (p: LinkPurpose) => CONFERENCE_STATES.filter((s) => refusal(p, s) === 'opens');
    const before = ['scheduled', 'invited', 'collecting-reports', 'pre-meeting', 'rescheduled'];
    expect(opens('report')).toEqual(before);
    expect(opens('rsvp')).toEqual(before);
    expect(opens('checklist')).toEqual([...before.slice(0, 4), 'in-session', 'rescheduled']);
    expect(opens('views')).toEqual([...before.slice(0, 4), 'in-session', 'decided', 'rescheduled']);
    expect(opens('chair')).toEqual([
      'scheduled',
      'invited',
      'collecting-reports',
      'pre-meeting',
      'in-session',
      'decided',
      'approved',
      'circulated',
      'follow-up',
      'rescheduled',
      'inquorate',
    ]);
  });
});
