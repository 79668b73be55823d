/**
 * The watchdog's alert before approval goes to the chair alone. Trial finding (a county's minutes
 * window of 15 working days, the minutes unwritten): the chair was told "Please finish the minutes and
 * approve them (the API: POST /api/conferences/<id>/minutes, then …)" and given the API's address of
 * the conference, which needs the coordinator's key; the reminder two days earlier had given the
 * chair's own minutes page. Both alerts (decision, and minutes for the record bundle) now link the
 * chair's own page, which opens.
 */
import { describe, expect, it } from 'vitest';
import { holdMeeting } from '../helpers/decision-flow.ts';
import { PageClient, plainText } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('the watchdog’s alert to the chair before approval', () => {
  it('links the chair’s own page, never the API', { timeout: 120_000 }, async () => {
    const s = await start();
    const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(created.status).toBe(201);
    const c = created.body;
    await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
    const chairMail = (subject: RegExp) =>
      s.smtp.messages.filter(
        (m) => m.envelopeTo.includes('chair@example.gov.uk') && subject.test(m.parsed.subject ?? ''),
      );
    const client = new PageClient(s.url);
    const opens = async (text: string, expected: string) => {
      expect(text).not.toContain('/api/');
      const links = [...text.matchAll(/(https?:\/\/\S+\/l\/\S+)/g)].map((m) => m[1]!);
      expect(links).toHaveLength(1);
      const page = await client.get(new URL(links[0]!).pathname);
      expect(page.status).toBe(200);
      expect(plainText(page.text)).toContain(expected);
    };

    // The decision is not approved as its 24 hours run out.
    await s.advanceTo('2027-01-05T12:00');
    await s.idle();
    const decision = chairMail(/decision not yet approved|circulation deadline missed/);
    expect(decision.length).toBeGreaterThan(0);
    for (const m of decision) await opens(m.parsed.text ?? '', 'Approve the decision');

    // Approved late; the minutes for the record bundle are never written.
    expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
    await s.advanceTo('2027-01-26T18:00');
    await s.idle();
    const minutes = chairMail(/minutes not yet approved for the record bundle|minutes still not approved/);
    expect(minutes.length).toBeGreaterThan(0);
    for (const m of minutes) await opens(m.parsed.text ?? '', 'minutes');
  });
});
