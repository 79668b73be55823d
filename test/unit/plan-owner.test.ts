/**
 * Who may own a plan action (#19 item 1): the disclosure table decides. A supporter, advocate or
 * interpreter who comes with a parent has the plan through them and may own a step; one who comes
 * with nobody (a child's advocate too) is sent nothing of the plan, so owning a step is refused,
 * naming the field; the child never owns one.
 */
import { describe, expect, it } from 'vitest';
import type { Attendee } from '../../src/domain/conference-parts.ts';
import { planRowIssues } from '../../src/domain/plan.ts';
import { planOwnerIssues } from '../../src/domain/plan-owners.ts';
import { getPreset, PRESETS } from '../../src/domain/policy/presets/index.ts';

const person = (id: string, role: Attendee['role'], extra: Partial<Attendee> = {}): Attendee =>
  ({ id, name: id, role, interpreterNeeded: false, accessibilityNeeds: [], ...extra }) as Attendee;

const attendees = [
  person('a1', 'social-worker'),
  person('a2', 'parent'),
  person('a3', 'supporter', { accompanies: 'a2' }),
  person('a4', 'interpreter', { accompanies: 'a2' }),
  person('a5', 'supporter'),
  person('a6', 'advocate'),
  person('a7', 'child'),
];
const row = (owner: string) => ({ ownerAttendeeId: owner, dueOn: '2027-02-01' });

describe.each(Object.keys(PRESETS))('plan action owners under %s', (id) => {
  const policy = getPreset(id);
  it('a professional, a parent and whoever comes with the parent may own a step', () => {
    const rows = ['a1', 'a2', 'a3', 'a4'].map(row);
    expect([...planRowIssues(rows, attendees, '2027-01-04'), ...planOwnerIssues(policy, rows, attendees)]).toEqual([]);
  });

  it('one who comes with nobody, and the child, may not: the field is named', () => {
    const rows = ['a5', 'a6', 'a7'].map(row);
    expect([...planOwnerIssues(policy, rows, attendees), ...planRowIssues(rows, attendees, '2027-01-04')]).toEqual([
      {
        field: 'plan.0.ownerAttendeeId',
        message:
          'a5 is a supporter who comes with no parent or carer, so is sent nothing of the plan: link them to the parent or carer they come with (accompanies), or name someone else',
      },
      {
        field: 'plan.1.ownerAttendeeId',
        message:
          'a6 is an advocate who comes with no parent or carer, so is sent nothing of the plan: link them to the parent or carer they come with (accompanies), or name someone else',
      },
      { field: 'plan.2.ownerAttendeeId', message: 'the child does not own an action: name the adult who does it' },
    ]);
  });
});
