/**
 * Pure rules behind two fixes: whose disagreement goes the family's route rather than the
 * professionals', and how parents' own slots move to another conference time.
 */
import { describe, expect, it } from 'vitest';
import { dissentCard } from '../../src/content/cards/chair-round.ts';
import type { Attendee } from '../../src/domain/conference-parts.ts';
import type { View } from '../../src/domain/conference.ts';
import { isChildsAdvocate, moveSlots, unlinkedInPrivateSlot } from '../../src/domain/family-slots.ts';
import { parsePolicy } from '../../src/domain/policy/load-policy.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { DEFAULT_FAMILY_DISAGREEMENT_ROUTE } from '../../src/domain/policy/views-policy.ts';
import { DEFAULT_ESCALATION } from '../../src/domain/policy/escalation-route.ts';
import type { Timetable } from '../../src/domain/timetable.ts';
import { findDissent } from '../../src/domain/views.ts';

const hackney = getPreset('hackney');
const who: Pick<Attendee, 'id' | 'role'>[] = [
  { id: 'a2', role: 'social-worker' },
  { id: 'a3', role: 'police' },
  { id: 'a5', role: 'parent' },
  { id: 'a6', role: 'supporter' },
];
const view = (v: Partial<View>): View => ({
  childId: 'c1',
  recordedBy: 'a1',
  categories: [],
  rationale: 'x',
  at: '2027-01-04T10:50:00Z',
  recommendation: 'child-in-need',
  ...v,
});

describe('the route given with a dissent', () => {
  it("sends agencies to the partnership's procedure and the family, a parent or their supporter to the family route", () => {
    const dissent = findDissent(
      hackney,
      [
        view({ attendeeId: 'a2' }),
        view({ attendeeId: 'a3' }),
        view({ attendeeId: 'a5' }),
        view({ attendeeId: 'a6' }),
        view({ onBehalfOfFamily: true }),
      ],
      [{ childId: 'c1', outcome: 'child-protection-plan', categories: ['neglect'], rationale: 'r' }],
      who,
    );
    const route = Object.fromEntries(dissent.map((d) => [d.attendeeId ?? 'family', d.escalationRoute]));
    expect(route).toEqual({
      a2: hackney.views.disagreement.escalationRoute,
      a3: hackney.views.disagreement.escalationRoute,
      a5: hackney.views.disagreement.familyRoute,
      a6: hackney.views.disagreement.familyRoute,
      family: hackney.views.disagreement.familyRoute,
    });
    expect(hackney.views.disagreement.familyRoute).not.toContain('professional');
  });

  it('names each authority’s own family route, with a default for policies that name none', () => {
    expect(getPreset('hackney').views.disagreement.familyRoute).toContain('Children and Families Complaints Team');
    expect(getPreset('cumbria').views.disagreement.familyRoute).toContain(
      'Cumbria Safeguarding Children Partnership complaints procedure',
    );
    for (const id of ['statutory', 'hampshire', 'bexley'])
      expect(getPreset(id).views.disagreement.familyRoute, id).toBe(DEFAULT_FAMILY_DISAGREEMENT_ROUTE);
    // An authority's own file written before the field existed still loads, with the default.
    const file = {
      extends: 'statutory',
      id: 'riverside',
      name: 'Riverside',
      authority: 'Riverside',
      views: { disagreement: { recorded: true, escalationRoute: 'the Riverside escalation policy' } },
    };
    const custom = parsePolicy(JSON.stringify(file), 'json', 'riverside.json');
    expect(custom.views.disagreement).toEqual({
      recorded: true,
      escalationRoute: 'the Riverside escalation policy',
      familyRoute: DEFAULT_FAMILY_DISAGREEMENT_ROUTE,
      escalation: DEFAULT_ESCALATION,
    });
  });

  it('tells a family member on Teams where they can take it, not to their agency', () => {
    const body = JSON.stringify(
      dissentCard({
        reference: 'CPC-2027-0001',
        childLabel: 'Child 1 (c1)',
        decision: 'child-protection-plan',
        yours: 'child-in-need',
        route: hackney.views.disagreement.familyRoute,
        family: true,
      }),
    );
    expect(body).not.toContain('your agency');
    expect(body).toContain('you can take it to');
    expect(
      JSON.stringify(
        dissentCard({
          reference: 'CPC-2027-0001',
          childLabel: 'Child 1 (c1)',
          decision: 'child-protection-plan',
          route: 'the escalation policy',
        }),
      ),
    ).toContain('your agency');
  });
});

describe('moving parents’ own slots to another time', () => {
  const t = (start: string, joinMinutes: number): Timetable => ({
    parentsJoinAt: start,
    professionalsJoinAt: new Date(Date.parse(start) + joinMinutes * 60_000).toISOString(),
    endsAt: new Date(Date.parse(start) + 120 * 60_000).toISOString(),
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  const parents = (a: string, b: string) => [
    { id: 'a5', role: 'parent' as const, preMeetingSlot: { startsAt: a } },
    { id: 'a6', role: 'parent' as const, preMeetingSlot: { startsAt: b } },
    { id: 'a7', role: 'supporter' as const, accompanies: 'a6' },
  ];
  const day = 24 * 3600_000;

  it('keeps each offset from the start', () => {
    const { attendees, dropped } = moveSlots(
      parents('2027-01-04T10:00:00.000Z', '2027-01-04T10:05:00.000Z'),
      7 * day,
      t('2027-01-11T10:00:00.000Z', 30),
      iso,
    );
    expect(attendees.map((a) => a.preMeetingSlot?.startsAt)).toEqual([
      '2027-01-11T10:00:00.000Z',
      '2027-01-11T10:05:00.000Z',
      undefined,
    ]);
    expect(attendees[2]).toEqual({ id: 'a7', role: 'supporter', accompanies: 'a6' });
    expect(dropped).toEqual([]);
  });

  it('drops a slot that falls after professionals join, then any slot that now collides with the shared time', () => {
    const { attendees, dropped } = moveSlots(
      parents('2027-01-04T10:00:00.000Z', '2027-01-04T10:15:00.000Z'),
      7 * day,
      t('2027-01-11T10:00:00.000Z', 10),
      iso,
    );
    expect(attendees.filter((a) => a.preMeetingSlot)).toEqual([]);
    expect(dropped.map((d) => [d.attendeeId, d.startsAt])).toEqual([
      ['a6', '2027-01-11T10:15:00.000Z'],
      ['a5', '2027-01-11T10:00:00.000Z'],
    ]);
    expect(dropped[0]!.reason).toContain('before professionals join');
    expect(dropped[1]!.reason).toContain('overlaps');
  });
});

describe("companions and parents' own slots", () => {
  const t: Timetable = {
    parentsJoinAt: '2027-01-04T10:00:00.000Z',
    professionalsJoinAt: '2027-01-04T10:30:00.000Z',
    endsAt: '2027-01-04T12:00:00.000Z',
  };
  const slotted = [
    { id: 'a5', role: 'parent' as const, preMeetingSlot: { startsAt: '2027-01-04T10:00:00.000Z' } },
    { id: 'a6', role: 'parent' as const, preMeetingSlot: { startsAt: '2027-01-04T10:15:00.000Z' } },
  ];

  it("reads an advocate who comes with nobody as the child's advocate, one with a parent as the parent's", () => {
    expect(isChildsAdvocate({ role: 'advocate' })).toBe(true);
    expect(isChildsAdvocate({ role: 'advocate', accompanies: 'a5' })).toBe(false);
    expect(isChildsAdvocate({ role: 'supporter' })).toBe(false);
  });

  it("names supporters and interpreters linked to nobody when the earliest family time is one parent's own", () => {
    const attendees = [
      ...slotted,
      { id: 'a7', role: 'supporter' as const },
      { id: 'a8', role: 'interpreter' as const, accompanies: 'a6' },
      { id: 'a9', role: 'advocate' as const },
      { id: 'a10', role: 'interpreter' as const },
    ];
    expect(unlinkedInPrivateSlot(t, attendees).map((a) => a.id)).toEqual(['a7', 'a10']);
    // Without private slots (the shared parents' time) nobody is named.
    expect(
      unlinkedInPrivateSlot(
        t,
        attendees.map(({ preMeetingSlot: _s, ...a }: any) => a),
      ),
    ).toEqual([]);
  });
});
