/**
 * Who may be named as disagreeing: an interpreter or the minute taker gives no view of their own and
 * is not the family, so an escalation in their name (which went along the family's route, to the
 * family's complaints procedure) is refused naming attendeeId; a supporter, for a parent, still may.
 * The child's disagreement is the family's (family: true): the API refuses the child as the dashboard's
 * "Who disagrees" list never offered them (trial finding), and the list offers exactly whom the API takes.
 */
import { describe, expect, it } from 'vitest';
import { escalationsSection } from '../../src/channels/web/pages/dashboard/escalations-section.ts';
import type { Conference } from '../../src/domain/conference.ts';
import type { Attendee } from '../../src/domain/conference-parts.ts';
import { checkOpenEscalation } from '../../src/domain/escalations.ts';

const attendees = [
  { id: 'a1', role: 'chair' },
  { id: 'a2', role: 'social-worker' },
  { id: 'a5', role: 'parent' },
  { id: 'a7', role: 'interpreter', accompanies: 'a5' },
  { id: 'a8', role: 'supporter', accompanies: 'a5' },
  { id: 'a9', role: 'minute-taker' },
  { id: 'a10', role: 'child' },
  { id: 'a11', role: 'police' },
] as Attendee[];
const c = { children: [{ id: 'c1' }], attendees, decision: {} as never };

describe('an escalation in someone’s name', () => {
  it('refuses the interpreter and the minute taker, naming attendeeId', () => {
    expect(checkOpenEscalation(c, { childId: 'c1', attendeeId: 'a7', concern: 'x' })).toEqual([
      {
        field: 'attendeeId',
        message: 'a7 is an interpreter, who interprets for others: name the person who disagrees, or family: true',
      },
    ]);
    expect(checkOpenEscalation(c, { childId: 'c1', attendeeId: 'a9', concern: 'x' })).toEqual([
      {
        field: 'attendeeId',
        message: 'a9 is the minute taker, who records the meeting: name the person who disagrees, or family: true',
      },
    ]);
  });

  it('takes a professional, a parent and a parent’s supporter', () => {
    for (const id of ['a2', 'a5', 'a8'])
      expect(checkOpenEscalation(c, { childId: 'c1', attendeeId: id, concern: 'x' }), id).toEqual([]);
  });

  it('refuses the child, naming attendeeId: their disagreement is the family’s', () => {
    expect(checkOpenEscalation(c, { childId: 'c1', attendeeId: 'a10', concern: 'x' })).toEqual([
      {
        field: 'attendeeId',
        message: "a10 is the child: record the child's disagreement as the family's, with family: true",
      },
    ]);
    expect(checkOpenEscalation(c, { childId: 'c1', family: true, concern: 'x' })).toEqual([]);
  });

  it('the dashboard’s “Who disagrees” list offers the family and exactly the attendees the API takes', () => {
    const conference = {
      id: 'cx',
      state: 'decided',
      children: [{ id: 'c1', unborn: false, firstName: 'Ruby', dateOfBirth: '2019-05-02' }],
      attendees,
      decision: {},
    } as unknown as Conference;
    const page = String(
      escalationsSection(conference, (id) => `Person ${id}`, { csrf: 't', now: new Date('2027-01-05T10:00:00Z') }),
    );
    const list = /<select[^>]*name="who"[^>]*>(.*?)<\/select>/s.exec(page)?.[1] ?? '';
    const offered = [...list.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter(Boolean);
    const taken = attendees
      .filter((a) => checkOpenEscalation(c, { childId: 'c1', attendeeId: a.id, concern: 'x' }).length === 0)
      .map((a) => a.id);
    expect(offered).toEqual(['family', ...taken]);
    expect(taken).toEqual(['a2', 'a5', 'a8', 'a11']);
  });
});
