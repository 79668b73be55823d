/** Who gets the approved decision, in which version and by which channel (domain/circulation.ts). */
import { describe, expect, it } from 'vitest';
import {
  circulationDueAt,
  circulationRecipients,
  deliveredRecipients,
  excludedParts,
  wasAbsent,
} from '../../src/domain/circulation.ts';
import type { Attendee } from '../../src/domain/conference-parts.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { makeConference } from '../helpers/fixtures.ts';

// a1 chair, a2 social worker (has a manager), a3 health visitor (has a manager), a4 police,
// a5 parent by email, a6 parent by post.
const row = (c: Conference, policyId: string) =>
  circulationRecipients(c, getPreset(policyId)).map((r) => [
    r.key,
    r.copy,
    r.channel,
    ...(r.tellInPersonFirst ? ['tell in person first'] : []),
  ]);

describe('circulationRecipients', () => {
  it('statutory: professionals get the professional letter by email, each parent the family letter by their own preference', () => {
    expect(row(makeConference(), 'statutory')).toEqual([
      ['a1', 'professional', 'email'],
      ['a2', 'professional', 'email'],
      ['a3', 'professional', 'email'],
      ['a4', 'professional', 'email'],
      ['a5', 'family', 'email'],
      ['a6', 'family', 'post'],
    ]);
  });

  it("Hampshire also sends a manager's copy to each professional who has a manager", () => {
    const keys = circulationRecipients(makeConference(), getPreset('hampshire'))
      .filter((r) => r.manager)
      .map((r) => r.key);
    expect(keys).toEqual(['a2-manager', 'a3-manager']);
  });

  it('a child is never contacted, and says why', () => {
    const child: Attendee = {
      ...makeConference().attendees[4]!,
      id: 'a7',
      name: 'Ruby Testfamily',
      role: 'child',
      email: 'ruby@mail.example',
    };
    const c = makeConference({ attendees: [...makeConference().attendees, child] });
    const r = circulationRecipients(c, getPreset('statutory')).find((x) => x.key === 'a7')!;
    expect([r.copy, r.channel]).toEqual(['none', 'none']);
    expect(r.reason).toMatch(/never contacted directly/);
    expect(deliveredRecipients(c, getPreset('statutory')).map((x) => x.key)).not.toContain('a7');
  });

  it('a companion gets the letter of the person they come with, at their own address', () => {
    const advocate: Attendee = {
      ...makeConference().attendees[4]!,
      id: 'a7',
      name: 'Ada Advocate',
      role: 'advocate',
      email: 'ada@advocacy.example',
      accompanies: 'a5',
    };
    const c = makeConference({ attendees: [...makeConference().attendees, advocate] });
    const r = circulationRecipients(c, getPreset('statutory')).find((x) => x.key === 'a7')!;
    expect([r.copy, r.letterOf, r.channel]).toEqual(['family', 'a5', 'email']);
  });

  it('Cumbria: an absent parent is told in person before the letter; a present one is not', () => {
    const c = makeConference({
      attendance: {
        present: ['a1', 'a2', 'a3', 'a4', 'a5'],
        apologies: [],
        recordedAt: '2027-03-22T10:05:00Z',
        recordedBy: 'a1',
      },
    });
    expect(row(c, 'cumbria').filter(([key]) => key === 'a5' || key === 'a6')).toEqual([
      ['a5', 'family', 'email'],
      ['a6', 'family', 'post', 'tell in person first'],
    ]);
    expect(row(c, 'statutory').find(([key]) => key === 'a6')).toEqual(['a6', 'family', 'post']);
  });
});

describe('attendance and parts', () => {
  it('absent means the attendance was recorded without them; the parts someone left are listed once', () => {
    const c = makeConference();
    expect(wasAbsent(c, 'a6')).toBe(false);
    expect(
      wasAbsent({ attendance: { present: ['a5'], apologies: [] } as unknown as Conference['attendance'] }, 'a6'),
    ).toBe(true);
    const exclusions = [
      { attendeeId: 'a6', part: 'police intelligence', ground: 'g' },
      { attendeeId: 'a6', part: 'police intelligence', ground: 'g' },
      { attendeeId: 'a5', part: 'health', ground: 'g' },
    ] as unknown as Conference['exclusions'];
    expect(excludedParts({ exclusions }, 'a6')).toEqual(['police intelligence']);
    expect(excludedParts({}, 'a6')).toEqual([]);
  });

  it("the watchdog's deadline is the decision's, else the plan's", () => {
    const t = makeConference().timetable;
    expect(circulationDueAt({ timetable: t })).toBe(t.decisionCirculationDue);
    const { decisionCirculationDue: _d, ...withoutDecision } = t;
    expect(circulationDueAt({ timetable: withoutDecision as typeof t })).toBe(t.planCirculationDue);
  });
});
