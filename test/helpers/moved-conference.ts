/**
 * A Hackney initial conference booked and then moved to 1 February 2027, read as its people read it:
 * shared by the tests of what a move does to what they already have (reschedule-later, reschedule-old-links).
 */
import { expect } from 'vitest';
import { hackneyInitialBody, type TestService } from './service.ts';

type Msg = TestService['smtp']['messages'][number];

export const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
export const subject = (m: Msg) => m.parsed.subject ?? '';
export const mailTo = (s: TestService, address: string) =>
  s.smtp.messages.filter((m) => m.envelopeTo.includes(address));
export const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;
/** Runs what is due within the next second of simulated time (the invitations after a booking or move). */
export const settle = (s: TestService) => s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());

export const REPORT = `${'The family have engaged with every visit this month and the home is warm and clean. '.repeat(4)}`;

/** Books the conference (on Monday 4 January 2027) and lets its invitations and report requests go. */
export async function book(s: TestService): Promise<{ id: string; reference: string }> {
  const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await settle(s);
  return created.body;
}

/** Moves it to Monday 1 February 2027 at 10:00 and lets the updated invitations go. */
export async function reschedule(s: TestService, id: string): Promise<void> {
  const moved = await s.api('POST', `/api/conferences/${id}/reschedule`, {
    startsAt: '2027-02-01T10:00',
    reason: 'Chair unwell',
    requestedBy: 'Coordinator',
  });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  await settle(s);
}
