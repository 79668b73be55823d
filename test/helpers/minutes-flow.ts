/** A Hackney-shaped conference with both parents by email, a minute taker, a solicitor, a friend and the child, decided and approved: where the minutes tests start. */
import { expect } from 'vitest';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { create, holdMeeting, settle, toldTheDecision, type Created } from './decision-flow.ts';
import { hackneyInitialBody, type TestService } from './service.ts';

export type Msg = TestService['smtp']['messages'][number];
export const JADE = 'jade@family.example.com';
export const MARCUS = 'marcus@family.example.com';
export const SOLICITOR = 'solicitor@law.example.com';
export const FRIEND = 'friend@friends.example.com';
export const PROS = [
  'chair@example.gov.uk',
  'sw@example.gov.uk',
  'hv@nhs.example.org',
  'police@police.example.uk',
  'minutes@example.gov.uk',
];
export const PART = 'information from a third party';
export const SECRET = 'CONFIDENTIAL-SECTION-TEXT the neighbour who referred';
export const HEARD = 'EXCLUDED-PART-TEXT the police described the third-party information';

export const subject = (m: Msg) => m.parsed.subject ?? '';
export const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
export const isMinutes = (m: Msg) =>
  /minutes|record of your|Conference record/i.test(subject(m)) &&
  !/due|not yet approved|deadline|at risk/.test(subject(m));
export const minutesTo = (s: TestService, to: string) =>
  s.smtp.messages.filter((m) => m.envelopeTo.includes(to) && isMinutes(m));
export const ok = async (s: TestService, method: string, path: string, body?: unknown) => {
  const r = await s.api(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
};

/** Both parents by email; Jade's solicitor and Marcus's friend come as supporters; a minute taker and the child. */
export function family(policy: string) {
  const b = hackneyInitialBody({
    policy,
    ...(policy === 'hampshire' ? { mode: 'in-person', venue: 'Civic Offices, Room 2' } : {}),
  }) as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  b.attendees = b.attendees.map((a) =>
    a['name'] === 'Marcus Testfamily' ? { name: 'Marcus Testfamily', role: 'parent', email: MARCUS } : a,
  );
  b.attendees.push(
    { name: 'Mina Minutes', email: 'minutes@example.gov.uk', role: 'minute-taker', agency: 'Business support' },
    { name: 'Sol Icitor', email: SOLICITOR, role: 'supporter', accompanies: 'a5', solicitor: true },
    { name: 'Fran Friend', email: FRIEND, role: 'supporter', accompanies: 'a6' },
    { name: 'Ruby Testfamily', role: 'child', childIds: ['c1'] },
  );
  return b;
}

export async function decidedAndApproved(
  s: TestService,
  policy: string,
  extra: Record<string, unknown>[] = [],
): Promise<Created> {
  const body = family(policy);
  body.attendees.push(...extra);
  const c = await create(s, body);
  await settle(s);
  const jade = c.attendees.find((a) => a.email === JADE)!;
  await holdMeeting(s, c, {
    at: '2027-01-04T10:00',
    decideAt: '2027-01-04T11:45',
    exclude: { attendeeId: jade.id, part: PART, ground: getPreset(policy).exclusionGrounds[0]! },
  });
  await ok(s, 'POST', `/api/conferences/${c.id}/decision/approve`, {});
  await settle(s);
  // Jade left part of the meeting: her letter goes once the chair has told her.
  await toldTheDecision(s, c, jade.id);
  return c;
}
