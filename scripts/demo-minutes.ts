/**
 * The demo's minutes: the Hackney conference's minutes drafted from the record by the minute taker,
 * edited (a confidential section added), refused when the minute taker tries to approve them,
 * approved by the chair and sent as the record bundle; then a short Cumbria conference whose
 * parents' minutes go to a parent's solicitor as a separate copy, as Cumbria's guide asks, and which
 * goes on to its first core group and an overdue plan action (demo-core-group.ts).
 */
import type { DemoCtx } from './demo-context.ts';
import { cumbriaDecisionExtras, demoCoreGroupAndPlan } from './demo-core-group.ts';

/** Draft, edit, a refusal, the chair's approval: the minutes (or record bundle) go out. */
export async function demoMinutes(ctx: DemoCtx, id: string, chairId: string, takerId: string): Promise<any> {
  const { api, attempt, write } = ctx;
  const base = `/api/conferences/${id}/minutes`;
  const draft = await api('POST', `${base}/draft`, { by: takerId });
  write(
    `Minutes drafted from the record: ${draft.sections.length} sections (${draft.confidentialSections.length} confidential), due ${draft.dueAt ?? 'with no deadline'}`,
  );
  const early = await attempt('POST', `${base}/approve`, { by: chairId });
  write(
    `The chair tries to approve the draft as built: ${early.status}, ${early.body.issues?.length ?? 0} section(s) still to write`,
  );
  await api('POST', base, {
    // The minute taker writes up what only people can: the draft's placeholders.
    text: (draft.text as string).replaceAll(
      'To be written by the chair.',
      'Discussed at the meeting: see the reports and the plan (demo).',
    ),
    confidentialSections: [
      ...draft.confidentialSections,
      { heading: 'Information from the police', text: 'Intelligence about a third party, not for the family.' },
    ],
    by: takerId,
  });
  const refused = await attempt('POST', `${base}/approve`, { by: takerId });
  write(
    `The minute taker tries to approve them: ${refused.status} ${refused.body.issues?.[0]?.field}: ${refused.body.issues?.[0]?.message}`,
  );
  await api('POST', `${base}/approve`, { by: chairId });
  await ctx.settle();
  return api('GET', base);
}

const CUMBRIA = [
  { name: 'Cumbria Chair', email: 'chair@cumbria.example.gov.uk', role: 'chair', agency: 'Safeguarding Unit' },
  {
    name: 'Cumbria Social Worker',
    email: 'sw@cumbria.example.gov.uk',
    role: 'social-worker',
    agency: "Children's services",
  },
  { name: 'Cumbria Officer', email: 'officer@police.example.uk', role: 'police', agency: 'Police' },
  {
    name: 'Cumbria Health Visitor',
    email: 'hv@cumbria.nhs.example.org',
    role: 'professional',
    agency: 'Health visiting',
  },
  { name: 'Parent Three', email: 'parent.three@family.example.com', role: 'parent' },
  { name: 'Demo Solicitor', email: 'solicitor@law.example.com', role: 'supporter', accompanies: 'a5', solicitor: true },
  { name: 'Cumbria Minute Taker', email: 'minutes@cumbria.example.gov.uk', role: 'minute-taker' },
];

/** A Cumbria initial conference from creation to minutes (for the solicitor's copy), its first core group and an overdue plan action. */
export async function demoCumbriaSolicitorCopy(ctx: DemoCtx): Promise<{ id: string; reference: string; minutes: any }> {
  const { api, advance, write } = ctx;
  const c = await api('POST', '/api/conferences', {
    policy: 'cumbria',
    kind: 'initial',
    startsAt: '2027-02-15T10:00',
    durationMinutes: 90,
    strategyDiscussionOn: '2027-01-26',
    mode: 'in-person',
    venue: 'Demo Civic Centre, Room 1',
    children: [{ firstName: 'Third', lastName: 'Child', dateOfBirth: '2017-06-01' }],
    attendees: CUMBRIA,
  });
  const by = (role: string) => c.attendees.find((a: any) => a.role === role).id as string;
  write(
    `Created ${c.reference} (Cumbria): the parent's solicitor comes as a supporter and gets a separate copy of the minutes`,
  );
  await ctx.settle();
  await advance('2027-02-15T10:00');
  await api('POST', `/api/conferences/${c.id}/start`, { by: by('chair') });
  await api('POST', `/api/conferences/${c.id}/attendance`, {
    present: c.attendees.map((a: any) => a.id),
    apologies: [],
    by: by('chair'),
  });
  await api('POST', `/api/conferences/${c.id}/views`, {
    attendeeEmail: CUMBRIA[1]!.email,
    childId: 'c1',
    recommendation: 'child-protection-plan',
    categories: ['emotional'],
    rationale: 'Worries about domestic abuse at home',
    scale: 3,
  });
  await advance('2027-02-15T11:20');
  await api('POST', `/api/conferences/${c.id}/decision`, {
    outcomes: [
      {
        childId: 'c1',
        outcome: 'child-protection-plan',
        categories: ['emotional'],
        rationale: 'Domestic abuse affecting the child',
        scale: 3,
      },
    ],
    // Owners and due dates, Signs of Safety, and the first core group booked at the conference.
    ...cumbriaDecisionExtras(by),
    // This short demo conference sends no written reports: the chair records why it decides without them.
    withoutReportsReason: 'Reports were given orally at the meeting (demo)',
    decidedBy: by('chair'),
  });
  await api('POST', `/api/conferences/${c.id}/decision/approve`, { by: by('chair') });
  await ctx.settle();
  await advance('2027-02-17T10:00');
  const minutes = await demoMinutes(ctx, c.id, by('chair'), by('minute-taker'));
  await demoCoreGroupAndPlan(ctx, c.id, by);
  return { id: c.id, reference: c.reference, minutes };
}
