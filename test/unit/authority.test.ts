/**
 * Who gives a view (domain/authority.ts), role by role and under both kinds of policy: the one rule
 * the API, the web pages and Teams all apply.
 */
import { describe, expect, it } from 'vitest';
import {
  asksForOwnView,
  decisionApprovalAuthority,
  isWrittenContribution,
  mayRecordViewFor,
  minutesCorrectionAuthority,
  ownView,
  viewAuthority,
} from '../../src/domain/authority.ts';
import type { Attendee } from '../../src/domain/conference-parts.ts';
import type { View } from '../../src/domain/conference.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { upsertView, viewArtefact } from '../../src/domain/views.ts';
import { ROLES, type Role } from '../../src/domain/vocabulary.ts';

const hackney = getPreset('hackney'); // every attendee gives a view
const cumbria = getPreset('cumbria'); // professionals give views

const person = (role: Role, extra: Partial<Attendee> = {}): Attendee => ({
  id: 'a9',
  name: 'x',
  role,
  interpreterNeeded: false,
  accessibilityNeeds: [],
  contactPreference: 'email',
  rsvp: 'accepted',
  ...extra,
});
const own = (policy: typeof hackney, role: Role, enteredBy: 'self' | 'on-behalf', extra: Partial<Attendee> = {}) =>
  viewAuthority(policy, { attendee: person(role, extra), enteredBy });
const childs = (role: Role, enteredBy: 'self' | 'on-behalf', extra: Partial<Attendee> = {}) =>
  viewAuthority(hackney, { attendee: person(role, extra), childsView: true, enteredBy });

describe('who gives a view of their own', () => {
  // role → [Hackney self, Hackney on behalf, Cumbria self, Cumbria on behalf]
  const expected: Record<Role, [boolean, boolean, boolean, boolean]> = {
    chair: [false, false, false, false],
    'social-worker': [true, true, true, true],
    professional: [true, true, true, true],
    police: [true, true, true, true],
    midwife: [true, true, true, true],
    parent: [true, true, false, true],
    carer: [true, true, false, true],
    child: [false, false, false, false],
    advocate: [false, false, false, false],
    supporter: [false, false, false, false],
    interpreter: [false, false, false, false],
    'minute-taker': [false, false, false, false],
  };
  for (const role of ROLES) {
    it(`${role}: ${expected[role].join(' ')}`, () => {
      expect([
        own(hackney, role, 'self').ok,
        own(hackney, role, 'on-behalf').ok,
        own(cumbria, role, 'self').ok,
        own(cumbria, role, 'on-behalf').ok,
      ]).toEqual(expected[role]);
    });
  }

  it('names the role when it refuses a supporter (a solicitor too), an interpreter or the minute taker', () => {
    for (const [role, word] of [
      ['supporter', 'a supporter'],
      ['interpreter', 'an interpreter'],
      ['minute-taker', 'a minute taker'],
    ] as const) {
      const r = viewAuthority(hackney, { attendee: person(role), enteredBy: 'on-behalf' }, 'attendeeEmail');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.issue.field).toBe('attendeeEmail');
        expect(r.issue.message).toContain(`${word} (a9) does not give a view`);
      }
    }
  });

  it('lets a parent’s advocate speak only as the parent, and asks for the chair’s own view never', () => {
    const r = own(hackney, 'advocate', 'on-behalf', { accompanies: 'a5' });
    expect(r.ok ? '' : r.issue.message).toContain("record it as a5's view");
    expect(own(hackney, 'chair', 'on-behalf')).toEqual({
      ok: false,
      issue: { field: 'attendeeId', message: 'the chair decides and does not give a view' },
    });
  });
});

describe("the child's own view", () => {
  it('comes from the child, their advocate or the social worker (or the chair), each marked with how', () => {
    expect(childs('child', 'on-behalf')).toEqual({ ok: true, voice: 'child', via: 'direct' });
    expect(childs('advocate', 'on-behalf')).toEqual({ ok: true, voice: 'child', via: 'advocate' });
    expect(childs('social-worker', 'self')).toEqual({ ok: true, voice: 'child', via: 'social-worker' });
    expect(viewAuthority(hackney, { childsView: true, enteredBy: 'on-behalf' })).toEqual({
      ok: true,
      voice: 'child',
      via: 'chair',
    });
  });
  it('never from a parent, another professional, a parent’s advocate or a companion', () => {
    for (const [role, extra] of [
      ['parent', {}],
      ['police', {}],
      ['advocate', { accompanies: 'a5' }],
      ['supporter', {}],
      ['interpreter', {}],
    ] as const)
      expect(childs(role, 'on-behalf', extra).ok, role).toBe(false);
  });
});

describe('asking for views', () => {
  it('asks professionals always, parents and carers only where the policy asks every attendee, never the child’s side or companions', () => {
    const asked = (policy: typeof hackney) => ROLES.filter((r) => asksForOwnView(policy, person(r)));
    expect(asked(hackney)).toEqual(['social-worker', 'professional', 'police', 'midwife', 'parent', 'carer']);
    expect(asked(cumbria)).toEqual(['social-worker', 'professional', 'police', 'midwife']);
    expect(ROLES.filter((r) => mayRecordViewFor(cumbria, person(r)))).toEqual([
      'social-worker',
      'professional',
      'police',
      'midwife',
      'parent',
      'carer',
    ]);
  });
});

describe('every voice is its own record', () => {
  const v = (extra: Partial<View>): View => ({
    childId: 'c1',
    recordedBy: 'a1',
    categories: [],
    rationale: 'r',
    at: '2027-01-04T10:00:00+00:00',
    ...extra,
  });
  it('keeps both parents’ views, the child’s view, the family’s and the social worker’s own apart', () => {
    let views: View[] = [];
    for (const x of [
      v({ attendeeId: 'a5', rationale: 'mother' }),
      v({ attendeeId: 'a6', rationale: 'father' }),
      v({ attendeeId: 'a8', childsVoice: { via: 'advocate' }, rationale: 'child' }),
      v({ onBehalfOfFamily: true, rationale: 'family' }),
      v({ attendeeId: 'a2', rationale: 'social worker' }),
      v({ attendeeId: 'a2', childsVoice: { via: 'social-worker' }, rationale: 'child again' }),
    ])
      views = upsertView(views, x);
    views = upsertView(views, v({ attendeeId: 'a8', childsVoice: { via: 'advocate' }, rationale: 'child, changed' }));
    expect(views.map((x) => x.rationale)).toEqual([
      'mother',
      'father',
      'family',
      'social worker',
      'child again',
      'child, changed',
    ]);
    expect(ownView({ views }, 'a2', 'c1')?.rationale).toBe('social worker');
    expect(ownView({ views }, 'a8', 'c1')).toBeUndefined();
  });
  it('calls a view from someone who sent apologies a written contribution', () => {
    const c = { attendance: { present: ['a2'], apologies: ['a4'], recordedAt: '', recordedBy: 'a1' } };
    expect(isWrittenContribution(c, { attendeeId: 'a4' })).toBe(true);
    expect(isWrittenContribution(c, { attendeeId: 'a2' })).toBe(false);
  });
});

describe('older records', () => {
  const attendees = [
    { id: 'a2', role: 'social-worker' as const },
    { id: 'a5', role: 'parent' as const },
    { id: 'a8', role: 'advocate' as const },
    { id: 'a9', role: 'supporter' as const },
  ];
  it('keep a view once stored under an advocate or supporter with the professionals only, and the family’s joint view as the family’s', () => {
    expect(viewArtefact({ attendeeId: 'a2' }, attendees)).toBe('professional-view');
    expect(viewArtefact({ attendeeId: 'a5' }, attendees)).toBe('parent-view');
    expect(viewArtefact({ attendeeId: 'a8' }, attendees)).toBe('child-view');
    expect(viewArtefact({ attendeeId: 'a9' }, attendees)).toBe('child-view');
    expect(viewArtefact({ onBehalfOfFamily: true }, attendees)).toBe('family-view');
    expect(viewArtefact({ attendeeId: 'a2', childsVoice: { via: 'social-worker' } }, attendees)).toBe('child-view');
  });
});

describe('who corrects approved minutes', () => {
  const c = {
    reference: 'CPC-2027-0001',
    attendees: [
      person('chair', { id: 'a1' }),
      person('minute-taker', { id: 'a8' }),
      person('social-worker', { id: 'a2' }),
    ],
  };
  it.each([
    ['the chair', c.attendees[0], 'a1', undefined],
    ['the minute taker', c.attendees[1], 'a8', 'a8 is a minute taker: only the chair (a1) corrects approved minutes'],
    ['the social worker', c.attendees[2], 'a2', 'a2 is a social worker: only the chair (a1) corrects approved minutes'],
    [
      'someone not at the conference',
      undefined,
      'a42',
      '"a42" is not an attendee of CPC-2027-0001: only the chair (a1) corrects approved minutes',
    ],
    [
      'the coordinator on their own word',
      undefined,
      undefined,
      'the coordinator cannot correct the minutes on their own: only the chair (a1) corrects approved minutes, from their minutes link or named in "by"',
    ],
  ])('%s', (_, a, claimed, why) => {
    expect(minutesCorrectionAuthority(c, a, claimed)).toBe(why);
  });
});

describe('who approves the decision, as the refusal reads', () => {
  // Trial: the coordinator's key with by: "Polly Police" was refused with 'a8 is a police: …'.
  it('names the role as a person: "a police officer", "a minute taker"', () => {
    const c = {
      reference: 'CPC-2027-0001',
      attendees: [person('chair', { id: 'a1' }), person('police', { id: 'a8' }), person('minute-taker', { id: 'a9' })],
    };
    expect(decisionApprovalAuthority(c, c.attendees[1])).toBe(
      'a8 is a police officer: only the chair (a1) approves the decision',
    );
    expect(decisionApprovalAuthority(c, c.attendees[2])).toBe(
      'a9 is a minute taker: only the chair (a1) approves the decision',
    );
  });
});
