/**
 * A conference decided with its first core group booked, chaired by a team manager: the situation
 * core group tests start from. Members: the social worker, the health visitor and both parents
 * (Jade by email, Marcus by post) and the team manager chairing it. Not approved yet.
 */
import { byRole, create, holdMeeting, settle } from './decision-flow.ts';
import { hackneyInitialBody, type TestService } from './service.ts';

export const TEAM_MANAGER = {
  name: 'Tom Manager',
  email: 'tm@example.gov.uk',
  role: 'professional',
  agency: "Children's social care (team manager)",
  managerEmail: 'head@example.gov.uk',
};

export async function decidedWithCoreGroup(s: TestService, p: { policy: string; mode: string; firstAt: string }) {
  const body = hackneyInitialBody({
    policy: p.policy,
    mode: p.mode,
    ...(p.mode === 'virtual' ? {} : { venue: 'Civic Offices, Room 2' }),
  });
  const c = await create(s, { ...body, attendees: [...(body.attendees as object[]), TEAM_MANAGER] });
  await settle(s);
  const tm = c.attendees.find((a) => a.email === TEAM_MANAGER.email)!;
  const parents = c.attendees.filter((a) => a.role === 'parent').map((a) => a.id);
  const decided = await holdMeeting(s, c, {
    at: '2027-01-04T10:00',
    decideAt: '2027-01-04T11:45',
    decision: {
      coreGroup: [byRole(c, 'social-worker').id, c.attendees.find((a) => a.role === 'professional')!.id, ...parents],
      firstCoreGroup: { startsAt: p.firstAt, durationMinutes: 60, mode: 'virtual', chairAttendeeId: tm.id },
    },
  });
  return { c, tm, parents, decided };
}
