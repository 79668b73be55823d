/**
 * Policy differences in circulation and follow-up, through the running service: Hampshire copies
 * managers, posts within 5 days and holds the core group straight after; a pre-birth plan counts
 * its first core group from the recorded birth.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';

type Sent = SmtpSink['messages'][number];
const start = startedServices();
const subject = (m: Sent) => m.parsed.subject ?? '';
const text = (m: Sent) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const to = (s: TestService, address: string) => s.smtp.messages.filter((m) => m.envelopeTo.includes(address));
const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;

describe('Hampshire', () => {
  it(
    'copies the decision to managers, gives post 5 days, and holds the core group straight after',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const c = await create(
        s,
        hackneyInitialBody({ policy: 'hampshire', mode: 'in-person', venue: 'Civic Offices, Room 2' }),
      );
      await settle(s);
      // The print room prints the parent's invitation letter when it is queued.
      const invitation = (await view(s, c.id)).hardCopies.find((h: any) => h.document === 'invitation');
      expect(
        (await s.api('POST', `/api/conferences/${c.id}/hard-copies/${invitation.blobId}/printed`, {})).status,
      ).toBe(200);
      await holdMeeting(s, c, { at: '2027-01-04T09:45', decideAt: '2027-01-04T11:30' });
      let v = await view(s, c.id);
      // The plan within 2 working days; hard copies within 5 days of the end of the meeting.
      expect(v.timetable.planCirculationDue).toBe('2027-01-06T17:00:00+00:00');
      expect(v.timetable.hardCopyDue).toBe('2027-01-08T17:00:00+00:00');
      await s.advanceTo('2027-01-04T11:40');
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      v = await view(s, c.id);
      expect(v.state).toBe('follow-up');
      for (const manager of [
        'sw.manager@example.gov.uk',
        'hv.manager@nhs.example.org',
        'police.manager@police.example.uk',
      ]) {
        const copies = to(s, manager).filter((m) => subject(m).startsWith('Decision of child protection conference'));
        expect(copies, manager).toHaveLength(1);
        expect(text(copies[0]!)).toContain('Copy for the manager of the');
      }
      expect(
        v.circulation.recipients
          .filter((r: any) => r.manager)
          .map((r: any) => r.key)
          .sort(),
      ).toEqual([`${byRole(c, 'police').id}-manager`, `${byRole(c, 'social-worker').id}-manager`, 'a3-manager'].sort());
      expect(v.hardCopies.filter((h: any) => h.document === 'decision-letter')[0].dueAt).toBe(
        '2027-01-08T17:00:00+00:00',
      );
      // The print room's list across conferences.
      const queue = await s.api('GET', '/api/hard-copies');
      expect(
        queue.body.filter((h: any) => h.document === 'decision-letter').map((h: any) => [h.reference, h.blobId]),
      ).toEqual([[c.reference, v.hardCopies.filter((h: any) => h.document === 'decision-letter')[0].blobId]]);
      const cg = to(s, 'sw@example.gov.uk').find((m) => subject(m).includes('first core group'))!;
      expect(text(cg)).toContain('must meet straight after the conference');
      expect(text(cg)).toContain('at least every 6 weeks');
      // Minutes within 10 working days (18 January): the reminder two working days before.
      expect(v.pendingJobs.find((j: any) => j.step === 'follow-up-minutes')?.runAt).toBe('2027-01-14T09:00:00.000Z');
      await s.advanceTo('2027-01-14T09:30');
      expect(
        to(s, 'chair@example.gov.uk').filter((m) => subject(m) === `${c.reference}: minutes due Mon 18 Jan 2027`),
      ).toHaveLength(1);
      // At the hard-copy deadline the coordinator hears the letter is not marked printed.
      const alert = to(s, 'coordinator@example.gov.uk').find((m) => subject(m).includes('to print and post'));
      expect(alert && subject(alert)).toBe(`${c.reference}: 1 letter(s) to print and post (due Fri 8 Jan 2027)`);
    },
  );
});

describe('a pre-birth plan', () => {
  it('waits for the birth, then counts the first core group from it', { timeout: 60_000 }, async () => {
    const s = await start();
    const c = await create(
      s,
      hackneyInitialBody({
        kind: 'pre-birth',
        children: [
          { unborn: true, expectedDueDate: '2027-02-20' },
          { firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2019-05-02' },
        ],
      }),
    );
    await settle(s);
    await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
    expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
    await settle(s);
    let v = await view(s, c.id);
    expect(v.state).toBe('follow-up');
    const notes = v.audit.find((a: any) => a.action === 'follow-ups.scheduled').detail.notes.join(' ');
    expect(notes).toContain('c1: pre-birth plan: the first core group is scheduled from the birth');
    expect(s.smtp.messages.filter((m) => subject(m).includes('first core group'))).toHaveLength(0);
    expect(v.reviewDraftId).toBeTruthy();

    const early = await s.api('POST', `/api/conferences/${c.id}/children/c1/birth`, { bornOn: '2027-02-01' });
    expect(early.status).toBe(400); // not yet: time has not reached that date
    await s.advanceTo('2027-01-21T09:00');
    const born = await s.api('POST', `/api/conferences/${c.id}/children/c1/birth`, { bornOn: '2027-01-20' });
    expect(born.status, JSON.stringify(born.body)).toBe(200);
    expect(born.body.coreGroupBy).toBe('2027-02-03T17:00:00+00:00');
    await settle(s);
    const cg = to(s, 'sw@example.gov.uk').filter((m) => subject(m).includes('first core group'));
    expect(cg.map(subject)).toEqual([`${c.reference}: first core group by Wed 3 Feb 2027`]);
    expect(text(cg[0]!)).toContain('counted from the birth on Wednesday 20 January 2027');
    v = await view(s, c.id);
    expect(v.audit.map((a: any) => a.action)).toContain('follow-up.core-group-after-birth');
    expect((await s.api('POST', `/api/conferences/${c.id}/children/c2/birth`, { bornOn: '2027-01-20' })).status).toBe(
      400,
    );
  });
});
