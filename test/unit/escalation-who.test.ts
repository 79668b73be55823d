/**
 * Who may be named as disagreeing: an interpreter or the minute taker gives no view of their own and
 * is not the family, so an escalation in their name (which went along the family's route, to the
 * family's complaints procedure) is refused naming attendeeId; a supporter, for a parent, still may.
 */
import { describe, expect, it } from 'vitest';
import type { Attendee } from '../../src/domain/conference-parts.ts';
import { checkOpenEscalation } from '../../src/domain/escalations.ts';

const attendees = [
  { id: 'a1', role: 'chair' },
  { id: 'a2', role: 'social-worker' },
  { id: 'a5', role: 'parent' },
  { id: 'a7', role: 'interpreter', accompanies: 'a5' },
  { id: 'a8', role: 'supporter', accompanies: 'a5' },
  { id: 'a9', role: 'minute-taker' },
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
});
