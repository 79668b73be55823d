/**
 * The chair's checklist email at the parents' slot, for a chair Teams cannot reach. Trial finding (a
 * county's blended conference with a Teams meeting, the chair without Teams): it said "Record each
 * item, any exclusion and the attendance register in the conference dashboard (or in Teams once the
 * app is installed)", but a chair is not a dashboard user, and with a Teams meeting their invitation
 * had no checklist link; the professionals' briefing an hour later rightly said "on your chair's
 * page". The email now links the chair's own checklist page and chair's page.
 */
import { describe, expect, it } from 'vitest';
import { PageClient, plainText } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe("the chair's checklist email at the parents' slot", () => {
  it('links the chair’s own checklist and chair’s page, not the dashboard', { timeout: 60_000 }, async () => {
    const s = await start();
    const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(created.status).toBe(201);
    const { reference, timetable } = created.body;
    await s.advanceTo(timetable.parentsJoinAt);
    await s.idle();
    const mail = s.smtp.messages.find(
      (m) =>
        m.envelopeTo.includes('chair@example.gov.uk') && m.parsed.subject === `${reference}: parents' slot checklist`,
    )!;
    const text = (mail.parsed.text ?? '').replace(/\s+/g, ' ');
    expect(text).not.toContain('dashboard');
    const links = [...text.matchAll(/(https?:\/\/\S+\/l\/\S+)/g)].map((m) => m[1]!);
    expect(links).toHaveLength(2);
    const client = new PageClient(s.url);
    const [checklist, chair] = await Promise.all(links.map((l) => client.get(new URL(l).pathname)));
    expect(checklist!.status).toBe(200);
    expect(plainText(checklist!.text)).toContain('Explained to the parents how the conference runs');
    expect(chair!.status).toBe(200);
    expect(plainText(chair!.text)).toContain('Attendance register');
    expect(text).toContain('Tick each item on your checklist page');
    expect(mail.parsed.subject).not.toMatch(/Testfamily|Ruby|Leo/);
  });
});
