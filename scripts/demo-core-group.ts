/**
 * The demo after the decision: the first core group booked at the Cumbria conference (invited to
 * its members once the chair approves), held with its Signs of Safety scaling and progress on the
 * plan, and a plan action left open past its due date so the overdue chaser goes to the social
 * worker and the core group chair. Times are London wall-clock in simulated time.
 */
import type { DemoCtx } from './demo-context.ts';

/** The first core group: three days after the conference, online, chaired by the social worker (Cumbria allows it). */
export const FIRST_CORE_GROUP_AT = '2027-02-18T14:00';
/** The health visitor's action falls due the day after the core group; nobody marks it done. */
export const ACTION_DUE_ON = '2027-02-19';

type By = (role: string) => string;

/** What the Cumbria decision adds for the core group and the plan: owners, due dates, Signs of Safety, the first core group. */
export function cumbriaDecisionExtras(by: By) {
  return {
    plan: [
      {
        risk: 'Domestic abuse',
        task: 'Attend the domestic abuse programme',
        byWhom: 'Parent, with the social worker',
        timescale: 'Within 3 months',
        plannedOutcome: 'The child feels safe at home',
        ownerAttendeeId: by('parent'),
        dueOn: '2027-05-14',
      },
      {
        risk: 'Missed health care',
        task: 'Book and attend the developmental check',
        byWhom: 'Health visitor',
        timescale: 'Within two weeks',
        plannedOutcome: 'Health needs known and met',
        ownerAttendeeId: by('professional'),
        dueOn: ACTION_DUE_ON,
      },
    ],
    signsOfSafety: {
      dangerStatements: [{ text: 'Social care are worried the child will be hurt when the adults argue', scale: 3 }],
      safetyGoals: [{ text: 'The child is safe and feels safe at home for six months', dangerStatement: 1, scale: 3 }],
    },
    coreGroup: [by('social-worker'), by('professional'), by('parent')],
    firstCoreGroup: {
      startsAt: FIRST_CORE_GROUP_AT,
      durationMinutes: 60,
      mode: 'virtual',
      chairAttendeeId: by('social-worker'),
    },
  };
}

/** After the minutes: the core group meets and is recorded; then the clock passes the action's due date. */
export async function demoCoreGroupAndPlan(ctx: DemoCtx, id: string, by: By): Promise<void> {
  const { api, advance, write } = ctx;
  let conf = await api('GET', `/api/conferences/${id}`);
  const cg = conf.coreGroups[0];
  write(
    `First core group ${cg.id} booked at the conference for ${FIRST_CORE_GROUP_AT.replace('T', ' ')}: ${cg.members.length} members invited (video and dial-in)`,
  );
  await advance('2027-02-18T15:05');
  const members: string[] = cg.members;
  const recorded = await api('POST', `/api/conferences/${id}/core-groups/${cg.id}/record`, {
    present: members.filter((m) => m !== by('parent')),
    apologies: [by('parent')],
    progress: [
      { actionId: 'p1', status: 'in-progress', note: 'Referral to the programme made' },
      { actionId: 'p2', status: 'open', note: 'Check not booked yet' },
    ],
    scaling: [
      { target: 'd1', score: 4 },
      { target: 'g1', score: 5 },
    ],
    notes: 'The group went through the plan and the scaling (demo).',
    by: by('social-worker'),
  });
  const scaled = (xs: any[]) => xs.map((x: any) => `${x.id} ${x.scaling.at(-1)?.score ?? '?'}/10`).join(', ') || 'none';
  write(
    `Core group ${cg.id} held: ${members.length - 1} present, 1 apology; scaling ${scaled(recorded.signsOfSafety?.dangerStatements ?? [])}; ${scaled(recorded.signsOfSafety?.safetyGoals ?? [])}`,
  );
  await ctx.settle();
  // Nobody marks the health visitor's action done: the morning after its due date it is flagged.
  await advance('2027-02-22T09:30');
  conf = await api('GET', `/api/conferences/${id}`);
  for (const row of conf.decision.plan)
    write(
      `Plan action ${row.id}: owner ${row.ownerAttendeeId ?? 'none'}, due ${row.dueOn ?? 'none'}, ${row.status}${row.overdueFlaggedAt ? ', OVERDUE: social worker and core group chair told' : ''}`,
    );
}
