/**
 * The route a disagreement is escalated along (issue #19.5): who is told, resolved against the
 * conference; a route that leaves nobody to tell is refused naming the field, and so is a policy
 * file whose route names nobody. The family's disagreement is kept when their view has no recommendation.
 */
import { describe, expect, it } from 'vitest';
import type { Attendee } from '../../src/domain/conference-parts.ts';
import { checkOpenEscalation, resolveRoute } from '../../src/domain/escalations.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { parsePolicy } from '../../src/domain/policy/load-policy.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { familyDisagreeLines } from '../../src/content/templates/escalation-notice.ts';
import { findDissent } from '../../src/domain/views.ts';

const attendees = [
  { id: 'a1', role: 'chair', email: 'chair@example.gov.uk' },
  { id: 'a3', role: 'professional', email: 'hv@nhs.example.org', managerEmail: 'hv.manager@nhs.example.org' },
  { id: 'a4', role: 'police', email: 'police@police.example.uk' },
  { id: 'a5', role: 'parent', email: 'jade@family.example.com' },
] as Attendee[];

describe('the escalation route', () => {
  it('tells the chair, the professional’s manager and the coordinator by default; the family’s goes to the chair and coordinator', () => {
    const p = getPreset('statutory');
    expect(resolveRoute(p, { attendees }, 'professional', 'a3', true).recipients.map((r) => r.key)).toEqual([
      'chair',
      'manager',
      'coordinator',
    ]);
    expect(resolveRoute(p, { attendees }, 'family', 'a5', true).recipients.map((r) => r.key)).toEqual([
      'chair',
      'coordinator',
    ]);
  });

  it('refuses a route that leaves nobody to tell, naming the field', () => {
    const p = parsePolicy(
      JSON.stringify({
        extends: 'statutory',
        id: 'managers-only',
        name: 'Managers only',
        authority: 'Riverside',
        views: {
          disagreement: {
            escalation: {
              professional: { tell: [{ who: 'professionals-manager' }], resolveWithinWorkingDays: 5 },
              family: { tell: [{ who: 'chair' }], resolveWithinWorkingDays: 10 },
            },
          },
        },
      }),
      'json',
      'managers-only.json',
    );
    // The police officer gave no manager's email: nobody on the route can be told.
    const r = resolveRoute(p, { attendees }, 'professional', 'a4', true);
    expect(r.recipients).toEqual([]);
    expect(r.issues).toEqual([
      { field: 'route', message: expect.stringContaining('views.disagreement.escalation.professional.tell') },
    ]);
  });

  it('refuses a policy file whose route names nobody, naming the field', () => {
    let err: unknown;
    try {
      parsePolicy(
        JSON.stringify({
          extends: 'statutory',
          id: 'nobody',
          name: 'Nobody',
          authority: 'Riverside',
          views: {
            disagreement: {
              escalation: {
                professional: { tell: [], resolveWithinWorkingDays: 5 },
                family: { tell: [{ who: 'chair' }], resolveWithinWorkingDays: 10 },
              },
            },
          },
        }),
        'json',
        'nobody.json',
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.field)).toContain(
      'views.disagreement.escalation.professional.tell',
    );
  });

  it('refuses an escalation that names nobody, or the chair, or a child not in the conference', () => {
    const c = { children: [{ id: 'c1', unborn: false }], attendees, decision: {} as never };
    expect(checkOpenEscalation(c, { childId: 'c9', concern: 'x' }).map((i) => i.field)).toEqual([
      'childId',
      'attendeeId',
    ]);
    expect(checkOpenEscalation(c, { childId: 'c1', attendeeId: 'a1', concern: 'x' }).map((i) => i.field)).toEqual([
      'attendeeId',
    ]);
  });

  it('keeps the family’s disagreement when their view has no recommendation', () => {
    const p = getPreset('hackney');
    const outcomes = [{ childId: 'c1', outcome: 'child-protection-plan' as const, categories: [], rationale: 'x' }];
    const views = [
      {
        childId: 'c1',
        onBehalfOfFamily: true,
        recordedBy: 'a1',
        categories: [],
        rationale: 'We disagree',
        at: '2027-01-04T11:00:00Z',
      },
    ];
    expect(findDissent(p, views, outcomes, attendees)).toEqual([]);
    expect(findDissent(p, views, outcomes, attendees, [{ childId: 'c1' }])).toEqual([
      { childId: 'c1', onBehalfOfFamily: true, escalationRoute: p.views.disagreement.familyRoute },
    ]);
  });

  it('tells the family in their letter how to disagree and when they hear back, without repeating the complaints contacts', () => {
    const lines = familyDisagreeLines(getPreset('hackney'));
    expect(lines).toEqual([
      'If you disagree with the decision, tell the chair or your social worker. Your disagreement is recorded and taken to the Service Manager for Safeguarding and Reviewing first, then the Children and Families Complaints Team, and you should have an answer within 10 working days.',
    ]);
    expect(familyDisagreeLines(getPreset('cumbria'), true)).toContain('You should hear back within 10 working days.');
  });
});
