/**
 * A father by post asked to leave part of a Cumbria conference: his decision letter waits until the
 * social worker records telling him, days later. Trial finding (a county's conference the week the
 * clocks went forward, Easter between): the printed letter was dated the day the chair approved the
 * decision (Thursday) while saying "On Tuesday … your social worker met you": a letter dated before
 * the visit it reports. A held letter is now dated the day it was let go; everyone else's stays dated
 * by the approval.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { pdfLines, pdfText } from '../helpers/pdf-text.ts';
import { TEST_API_KEY, hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('a held letter by post', () => {
  it('is dated the day it was let go, not the day of the approval', { timeout: 90_000 }, async () => {
    const s = await start();
    const c = await create(s, hackneyInitialBody({ policy: 'cumbria', mode: 'in-person', venue: 'Room 1, Town Hall' }));
    await settle(s);
    const father = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
    await holdMeeting(s, c, {
      at: '2027-01-04T10:00',
      decideAt: '2027-01-04T11:45',
      exclude: {
        attendeeId: father.id,
        part: 'police information about an ongoing investigation',
        ground: 'There is an ongoing investigation and disclosing information would interfere with it',
      },
    });
    const approved = await s.api('POST', `/api/conferences/${c.id}/decision/approve`, { by: byRole(c, 'chair').id });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await settle(s);
    const held = (await s.api('GET', '/api/hard-copies')).body.filter(
      (h: any) => h.conferenceId === c.id && h.document === 'decision-letter',
    );
    expect(held).toEqual([]);

    // Two days later the social worker has visited him: the letter goes on the print queue now.
    await s.advanceTo('2027-01-06T15:00');
    const told = await s.api('POST', `/api/conferences/${c.id}/circulation/${father.id}/told`, {
      explainedBy: 'social-worker',
      how: 'in-person',
      view: 'told-them',
    });
    expect(told.status, JSON.stringify(told.body)).toBeLessThan(300);
    await settle(s);
    const queued = (await s.api('GET', '/api/hard-copies')).body.find(
      (h: any) => h.conferenceId === c.id && h.document === 'decision-letter' && h.attendeeId === father.id,
    );
    expect(queued).toBeDefined();
    const pdf = Buffer.from(
      await (
        await fetch(`${s.url}/api/conferences/${c.id}/hard-copies/${queued.blobId}`, {
          headers: { authorization: `Bearer ${TEST_API_KEY}` },
        })
      ).arrayBuffer(),
    );
    expect(pdfText(pdf)).toContain('On Wednesday 6 January 2027 your social worker met you');
    // The head of the letter (address, sender, reference, date) is dated that day too.
    const head = pdfLines(pdf).split('The decision of your child protection meeting')[0]!;
    expect(head).toContain('Reference: ' + c.reference);
    expect(head).toMatch(/Wednesday 6 January 2027/);
    expect(head).not.toMatch(/4 January 2027/);
  });
});
