/**
 * The demo's Hackney conference: who is invited, and its meeting day (the parents' slot and its
 * checklist, attendance, the round of views with a dissent and a view recorded for the police
 * officer on the phone, the decision and the chair's approval). Times are London wall-clock in
 * simulated time.
 */
import { EVERY_CHECKLIST } from '../src/domain/checklist.ts';
import type { DemoCtx } from './demo-context.ts';

export const ATTENDEES = [
  { name: 'Demo Chair', email: 'chair@hackney.example.gov.uk', role: 'chair', agency: 'Safeguarding and Reviewing' },
  {
    name: 'Demo Social Worker',
    email: 'social.worker@hackney.example.gov.uk',
    role: 'social-worker',
    agency: "Children's social care",
    managerEmail: 'sw.manager@hackney.example.gov.uk',
  },
  {
    name: 'Demo Health Visitor',
    email: 'health.visitor@nhs.example.org',
    role: 'professional',
    agency: 'Health visiting',
    managerEmail: 'hv.lead@nhs.example.org',
  },
  {
    name: 'Demo Teacher',
    email: 'safeguarding.lead@school.example.org',
    role: 'professional',
    agency: 'Primary school',
    managerEmail: 'head@school.example.org',
  },
  {
    name: 'Demo Officer',
    email: 'officer@police.example.uk',
    role: 'police',
    agency: 'Police',
    managerEmail: 'sergeant@police.example.uk',
    phone: '020 7946 0101',
  },
  { name: 'Parent One', email: 'parent.one@family.example.com', role: 'parent' },
  {
    name: 'Parent Two',
    role: 'parent',
    contactPreference: 'post',
    postalAddress: ['Parent Two', '2 Example Road', 'Exampleton', 'EX2 2PL'],
  },
  {
    name: 'Demo Minute Taker',
    email: 'minutes@hackney.example.gov.uk',
    role: 'minute-taker',
    agency: 'Business support',
  },
];

type Person = { id: string; email: string };

/** The meeting on 4 January 2027, from the parents' slot to the approved decision. */
export async function holdHackneyMeeting(
  ctx: DemoCtx,
  id: string,
  created: { attendees: { id: string }[] },
  people: { chair: Person; sw: Person; hv: Person; school: Person; police: Person; parent: Person },
): Promise<void> {
  const { api, advance, settle } = ctx;
  const { chair, sw, hv, school, police, parent } = people;
  // The day: the parents' slot at 10:00 (checklist), professionals at 10:30, the round of views.
  await advance('2027-01-04T10:00');
  await api('POST', `/api/conferences/${id}/start`, { by: chair.id });
  for (const item of EVERY_CHECKLIST) await api('POST', `/api/conferences/${id}/checklist`, { item, by: chair.id });
  await advance('2027-01-04T10:35');
  await api('POST', `/api/conferences/${id}/attendance`, {
    present: created.attendees.map((a: any) => a.id),
    apologies: [],
    by: chair.id,
  });
  await api('POST', `/api/conferences/${id}/views/open`, { by: chair.id });
  const view = (body: Record<string, unknown>) => api('POST', `/api/conferences/${id}/views`, body);
  for (const childId of ['c1', 'c2']) {
    const cpp = { recommendation: 'child-protection-plan', categories: ['neglect'] };
    await view({
      attendeeEmail: sw.email,
      childId,
      ...cpp,
      rationale: 'Home conditions and missed appointments over a year',
      scale: 3,
    });
    await view({
      attendeeEmail: hv.email,
      childId,
      ...cpp,
      rationale: 'Growth and health appointments missed',
      scale: 3,
    });
    // The school disagrees about the older child: a dissent the letter records with its escalation route.
    await view({
      attendeeEmail: school.email,
      childId,
      ...(childId === 'c1' ? { recommendation: 'child-in-need', categories: [] } : cpp),
      rationale: 'Attendance has improved this term',
      scale: 5,
    });
    // The police officer is on the phone: the chair records the view for them.
    await view({
      attendeeEmail: police.email,
      childId,
      ...cpp,
      rationale: 'Repeated callouts to the address',
      recordedBy: chair.id,
    });
    await view({
      family: true,
      childId,
      rationale: 'The family feel things are improving with help from family support',
    });
  }
  await api('POST', `/api/conferences/${id}/views/close`, { by: chair.id });
  await advance('2027-01-04T11:50');
  await api('POST', `/api/conferences/${id}/decision`, {
    outcomes: [
      {
        childId: 'c1',
        outcome: 'child-protection-plan',
        categories: ['neglect'],
        rationale: 'Long-standing neglect of health needs',
        scale: 3,
      },
      {
        childId: 'c2',
        outcome: 'child-protection-plan',
        categories: ['neglect'],
        rationale: 'The same worries apply to the younger child',
      },
    ],
    plan: [
      {
        risk: 'Missed health appointments',
        task: 'Attend every health appointment',
        byWhom: 'Parents, supported by the health visitor',
        timescale: 'From now, reviewed at each core group',
        plannedOutcome: 'All appointments kept',
      },
    ],
    coreGroup: [sw.id, hv.id, school.id, parent.id],
    confidentialNotes: 'Police intelligence about a third party (not for the family).',
    decidedBy: chair.id,
  });
  await advance('2027-01-04T12:10');
  await api('POST', `/api/conferences/${id}/decision/approve`, { by: chair.id });
  await settle();
}
