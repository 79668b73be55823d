/**
 * Wording a user trial caught (#18 finding 8): core group emails were headed "Joining the
 * conference", and messages read "a in-person" or "a undefined conference".
 */
import { describe, expect, it } from 'vitest';
import { coreGroupInvite } from '../../src/content/templates/core-group-invite.ts';
import { withArticle } from '../../src/content/words.ts';
import { checkCoreGroupBooking } from '../../src/domain/core-groups.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';

const meeting = {
  provider: 'local',
  label: 'a development meeting',
  joinUrl: 'https://meet.example/x',
  dialIn: [{ number: '+441234567890', pin: '1234' }],
} as never;

describe('core group wording', () => {
  it('a professional core group invitation is about the core group meeting, never the conference', () => {
    const m = coreGroupInvite({
      reference: 'CPC-2027-0001',
      policy: getPreset('hackney'),
      audience: 'professional',
      number: 2,
      startsAt: '2027-02-01T14:00:00+00:00',
      endsAt: '2027-02-01T15:00:00+00:00',
      mode: 'blended',
      venue: 'Civic Offices',
      meeting,
      chairedBy: 'Team manager',
      members: ['Social worker'],
    });
    expect(m.text).toContain('Joining the core group meeting');
    expect(m.text).toContain('This is a blended core group meeting: some people will be in the room');
    // Only the sender's name in the footer says "Conferences".
    expect(m.text.split('\n--\n')[0]).not.toMatch(/conference/i);
  });

  it('the article follows the sound of the word', () => {
    expect(
      [
        'in-person conference',
        'blended conference',
        'virtual core group',
        'unborn child',
        'interpreter',
        'minute-taker',
        'advocate',
        'university',
        'European',
      ].map(withArticle),
    ).toEqual([
      'an in-person conference',
      'a blended conference',
      'a virtual core group',
      'an unborn child',
      'an interpreter',
      'a minute-taker',
      'an advocate',
      'a university',
      'a European',
    ]);
  });

  it('a core group in person without a venue says so without a broken article', () => {
    const issues = checkCoreGroupBooking(
      getPreset('hackney'),
      { reference: 'CPC-2027-0001', attendees: [] },
      { startsAt: '2027-02-01T14:00', durationMinutes: 60, mode: 'in-person', chairAttendeeId: 'a9' } as never,
      new Date('2027-01-01T00:00:00Z'),
    );
    expect(issues.find((i) => i.field === 'venue')?.message).toBe('required when the core group meets in person');
  });
});
