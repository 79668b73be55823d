/**
 * A pre-birth conference booked without the police is warned as a pre-birth one: before, the
 * warning said police are invited to "every initial conference" and, under Cumbria, that the
 * policy needs them there to be quorate, a rule the quorum check applies to initial conferences only.
 */
import { describe, expect, it } from 'vitest';
import { startedServices } from '../helpers/service.ts';

const start = startedServices();

const preBirth = (policy: string) => ({
  policy,
  kind: 'pre-birth',
  startsAt: '2026-12-14T10:00',
  strategyDiscussionOn: '2026-12-01',
  mode: 'in-person',
  venue: 'Civic Centre, Room 2',
  children: [{ unborn: true, expectedDueDate: '2027-03-29' }],
  attendees: [
    { name: 'Chair Person', email: 'chair@example.gov.uk', role: 'chair' },
    { name: 'Sam Social', email: 'sw@example.gov.uk', role: 'social-worker', managerEmail: 'tm@example.gov.uk' },
    { name: 'Mia Midwife', email: 'mw@nhs.example.org', role: 'midwife', managerEmail: 'lead@nhs.example.org' },
  ],
});

describe('a pre-birth conference without police', () => {
  it('is warned in its own words, without a quorum rule that does not apply to it', async () => {
    const s = await start();
    for (const policy of ['statutory', 'cumbria']) {
      const r = await s.api('POST', '/api/conferences', preBirth(policy));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.warnings).toContain('No police attendee: police are invited to every pre-birth conference.');
      for (const w of r.body.warnings) expect(w).not.toMatch(/initial conference|quorate/);
    }
  });
});
