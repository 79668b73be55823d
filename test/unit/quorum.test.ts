/** Quoracy under the policy, row by row (domain/quorum.ts). */
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { checkQuorum } from '../../src/domain/quorum.ts';
import { makeConference } from '../helpers/fixtures.ts';
import type { Attendee } from '../../src/domain/conference-parts.ts';

const statutory = getPreset('statutory');
const cumbria = getPreset('cumbria');
// a1 chair, a2 social worker, a3 health visitor, a4 police, a5/a6 parents.
const base = makeConference();

describe('checkQuorum', () => {
  it('is quorate with the social worker and two other agencies', () => {
    expect(checkQuorum(statutory, base, ['a1', 'a2', 'a3', 'a4'])).toEqual({ quorate: true, missing: [] });
  });

  it("names children's social care when the social worker is absent", () => {
    const r = checkQuorum(statutory, base, ['a1', 'a3', 'a4']);
    expect(r.quorate).toBe(false);
    expect(r.missing).toEqual(["children's social care (the social worker)"]);
  });

  it('counts agencies, not people: two health visitors are one agency', () => {
    const hv2: Attendee = {
      ...base.attendees[2]!,
      id: 'a7',
      name: 'Second Visitor',
      email: 'second@nhs.example',
      agency: ' health visiting ',
    };
    const c = { ...base, attendees: [...base.attendees, hv2] };
    const r = checkQuorum(statutory, c, ['a1', 'a2', 'a3', 'a7']);
    expect(r.quorate).toBe(false);
    expect(r.missing).toEqual(['1 more agency with direct contact (1 of 2 present)']);
  });

  it('parents and the chair do not count towards the agencies', () => {
    expect(checkQuorum(statutory, base, ['a1', 'a2', 'a5', 'a6']).missing).toEqual([
      '2 more agencies with direct contact (0 of 2 present)',
    ]);
  });

  it('asks for the police at an initial conference only where the policy does (Cumbria)', () => {
    const present = ['a1', 'a2', 'a3'];
    const third: Attendee = {
      ...base.attendees[2]!,
      id: 'a7',
      name: 'School Nurse',
      email: 'nurse@school.example',
      agency: 'School',
    };
    const c = { ...base, attendees: [...base.attendees, third] };
    expect(checkQuorum(statutory, c, [...present, 'a7']).quorate).toBe(true);
    expect(checkQuorum(cumbria, c, [...present, 'a7']).missing).toEqual([
      'police (required at every initial conference)',
    ]);
    expect(checkQuorum(cumbria, { ...c, kind: 'review' }, [...present, 'a7']).quorate).toBe(true);
  });
});
