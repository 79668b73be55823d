/**
 * A child on the attendee list is never sent anything, so no way of reaching them is kept: a mobile
 * number, text reminders, a postal address or a Teams id given for a child is refused naming each
 * field (the conference is not created), as an email address already was.
 */
import { describe, expect, it } from 'vitest';
import { AttendeeInput } from '../../src/app/conference/attendee-schemas.ts';

const fieldsOf = (raw: unknown) => {
  const r = AttendeeInput.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('a child attendee', () => {
  it('is refused a mobile, text reminders, a postal address and a Teams id, each named', () => {
    const never = 'children are never sent anything: leave it empty (the social worker passes information on)';
    expect(
      fieldsOf({
        name: 'Amelia Example',
        role: 'child',
        mobile: '07700 900123',
        textReminders: true,
        postalAddress: ['1 Road', 'Bexleyheath DA6 7AA'],
        teamsUserId: '29:child',
      }),
    ).toEqual([`mobile: ${never}`, `textReminders: ${never}`, `postalAddress: ${never}`, `teamsUserId: ${never}`]);
  });

  it('is taken with a name alone, reached through the social worker', () => {
    expect(fieldsOf({ name: 'Amelia Example', role: 'child' })).toEqual([]);
    expect(fieldsOf({ name: 'Amelia Example', role: 'child', contactPreference: 'via-social-worker' })).toEqual([]);
  });
});
