/**
 * A parent by post whose invitation letter was never printed (#18 trial finding 1): the chair was not
 * told before the parents' slot, the print room's alert came once only, and after the meeting the
 * dashboard called the letter "not needed". Now the chair's checklist at the parents' slot names
 * them, the alert comes back each working day until the letter is printed, and the dashboard says
 * the letter was never posted.
 */
import { describe, expect, it } from 'vitest';
import { TEST_API_KEY, hackneyInitialBody, startedServices } from '../helpers/service.ts';
import { rowOf, signedInDashboard } from '../helpers/pages.ts';

const start = startedServices();
const COORDINATOR = 'coordinator@example.gov.uk';

describe('a parent by post never invited', () => {
  it(
    'is named to the chair at the parents’ slot, the print alert repeats each working day, and the dashboard says the letter was never posted',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
      expect(created.status).toBe(201);
      const c = created.body;
      const marcus = c.attendees.find((a: any) => a.role === 'parent' && !a.email);
      await s.idle();
      const alerts = () =>
        s.smtp.messages
          .filter((m) => m.envelopeTo.includes(COORDINATOR) && /to print and post/.test(m.parsed.subject ?? ''))
          .map((m) => m.parsed.subject);

      // Due Wed 2 Dec 17:00; by Fri 4 Dec 10:00 the alert has come three times, saying how late it is.
      await s.advanceTo('2026-12-04T10:00');
      expect(alerts()).toEqual([
        `${c.reference}: 1 letter(s) to print and post (due Wed 2 Dec 2026)`,
        `${c.reference}: still not printed, 1 working day late: 1 letter(s) to print and post (due Wed 2 Dec 2026)`,
        `${c.reference}: still not printed, 2 working days late: 1 letter(s) to print and post (due Wed 2 Dec 2026)`,
      ]);
      const late = s.smtp.messages.filter(
        (m) => m.envelopeTo.includes(COORDINATOR) && /2 working days late/.test(m.parsed.subject ?? ''),
      )[0]!;
      expect((late.parsed.text ?? '').replace(/\s+/g, ' ')).toContain(
        'This reminder comes each working day until they are printed.',
      );

      // The parents' slot: the chair's checklist names Marcus (by role and id) before the professionals join.
      await s.advanceTo('2027-01-04T10:00');
      await s.idle();
      const checklist = s.smtp.messages.find(
        (m) =>
          m.envelopeTo.includes('chair@example.gov.uk') &&
          m.parsed.subject === `${c.reference}: parents' slot checklist`,
      );
      const text = (checklist?.parsed.text ?? '').replace(/\s+/g, ' ');
      expect(text).toContain('Family members whose invitation has not gone');
      expect(text).toContain(
        `Parent or carer 2 (${marcus.id}): letter not printed yet: it was to be posted by Wednesday 2 December 2026 at 17:00`,
      );
      expect(text.indexOf('Family members whose invitation has not gone')).toBeLessThan(
        text.indexOf("The parents' slot starts now"),
      );
      expect(text).not.toContain('Marcus');
      // Repeats stop after ten working days: no alert in the last week before the meeting.
      expect(alerts().length).toBeLessThanOrEqual(11);

      // After the meeting has begun the letter is not "not needed": it never went.
      expect((await s.api('POST', `/api/conferences/${c.id}/start`, {})).status).toBe(200);
      const client = await signedInDashboard(s.url, TEST_API_KEY);
      const page = (await client.get(`/dashboard/c/${c.id}`)).text;
      const row = rowOf(page, 'Letters to print and post', 'Marcus Testfamily');
      expect(row).toContain('never posted: the meeting was held before it was printed');
      expect(row).not.toContain('not needed');
    },
  );

  it('stops the repeats once the letter is printed', { timeout: 90_000 }, async () => {
    const s = await start();
    const c = (await s.api('POST', '/api/conferences', hackneyInitialBody())).body;
    await s.idle();
    await s.advanceTo('2026-12-03T10:00');
    const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
    const letter = v.hardCopies.find((h: any) => h.document === 'invitation');
    expect((await s.api('POST', `/api/conferences/${c.id}/hard-copies/${letter.blobId}/printed`, {})).status).toBe(200);
    await s.advanceTo('2026-12-10T10:00');
    const alerts = s.smtp.messages.filter(
      (m) => m.envelopeTo.includes(COORDINATOR) && /to print and post/.test(m.parsed.subject ?? ''),
    );
    expect(alerts).toHaveLength(2);
    expect(
      (await s.api('GET', `/api/conferences/${c.id}`)).body.pendingJobs.filter((j: any) => j.step === 'hard-copy-due'),
    ).toEqual([]);
  });
});
