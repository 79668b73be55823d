/**
 * Policy differences in circulation and follow-up, through the running service: Hampshire copies
 * managers, posts within 5 days and holds the core group straight after; a pre-birth plan's first
 * core group and birth plan come before the birth (the social worker chased for a birth plan not
 * recorded), and a core group after the birth counts from it.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { plainText, signedInDashboard } from '../helpers/pages.ts';
import { TEST_API_KEY, hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
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
      // The family's letter goes at approval, which may come before the core group has met: it does
      // not say that it has.
      const letter = to(s, 'jade@family.example.com').find((m) =>
        subject(m).startsWith('The decision of your child protection meeting'),
      )!;
      expect(text(letter)).toContain('The core group meets straight after the meeting to start the plan.');
      expect(text(letter)).not.toContain('The core group met');
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
  it(
    'meets as a core group and agrees the birth plan before the birth, chasing the social worker; after the birth a core group counted from it',
    { timeout: 90_000 },
    async () => {
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
      // A second, a day later, whose baby comes before the birth plan is agreed (due 20 March, born 25 January).
      const bornFirst = await create(
        s,
        hackneyInitialBody({
          kind: 'pre-birth',
          startsAt: '2027-01-05T10:00',
          children: [
            { unborn: true, expectedDueDate: '2027-03-20' },
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
      // A birth before the conference (trial finding: taken): refused naming bornOn, nothing changes.
      const beforeHeld = await s.api('POST', `/api/conferences/${c.id}/children/c1/birth`, { bornOn: '2027-01-03' });
      expect(beforeHeld.status).toBe(400);
      expect(beforeHeld.body.issues).toEqual([
        {
          field: 'bornOn',
          message:
            'is before the day of the pre-birth conference (2027-01-04): the baby was born before it was held, so was not unborn at it; check the date',
        },
      ]);
      const notHeld = await s.api('POST', `/api/conferences/${bornFirst.id}/children/c1/birth`, {
        bornOn: '2027-01-04',
      });
      expect(notHeld.status).toBe(400);
      expect(notHeld.body.issues).toEqual([
        {
          field: 'bornOn',
          message:
            'the baby is born before the pre-birth conference (2027-01-05), which has not been held: cancel it and book an initial child protection conference for the baby instead',
        },
      ]);
      for (const id of [c.id, bornFirst.id]) {
        const still = await view(s, id);
        expect(still.children[0]).toMatchObject({ unborn: true, expectedDueDate: expect.any(String) });
        expect(still.children[0].bornOn).toBeUndefined();
        expect(still.audit.map((a: any) => a.action)).not.toContain('child.born');
      }
      // 10 working days from the conference (before the birth on Saturday 20 February); the birth plan
      // 4 weeks before the due date (Saturday 23 January, brought forward to Friday 22 January).
      expect(v.timetable.firstCoreGroupBy).toBe('2027-01-18T17:00:00+00:00');
      expect(v.timetable.birthPlanDue).toBe('2027-01-22T17:00:00+00:00');
      const cg = to(s, 'sw@example.gov.uk').filter((m) => subject(m).includes('core group'));
      expect(cg.map(subject)).toEqual([`${c.reference}: first core group by Mon 18 Jan 2027`]);
      const letter = to(s, 'sw@example.gov.uk').find((m) => subject(m).startsWith('Decision of child protection'))!;
      expect(text(letter)).toContain(
        'Pre-birth plan: the first core group meets before the birth; the social worker agrees the birth plan with the family and the core group by Friday 22 January 2027 at 17:00.',
      );
      const family = to(s, 'jade@family.example.com').find((m) => subject(m).includes('decision'))!;
      expect(text(family)).toContain(
        'Before your baby is born, your social worker will agree a birth plan with you by Friday 22 January 2027',
      );

      // The coordinator sees it on today's work and on the conference's page.
      const birthPlanWork = async () =>
        ((await s.api('GET', '/api/worklist')).body.items as any[]).filter(
          (i) => i.conferenceId === c.id && i.kind === 'birth-plan-due',
        );
      expect((await birthPlanWork()).map((i) => `${i.what} / ${i.next} / ${i.urgency}`)).toEqual([
        'Agree the birth plan with the family and the core group, before the birth: for Child 1, unborn baby, due February 2027 / Ask the social worker for the birth plan, then record it as agreed. / soon',
      ]);
      const desk = await signedInDashboard(s.url, TEST_API_KEY);
      const page = (await desk.get(`/dashboard/c/${c.id}`)).text;
      expect(plainText(page)).toContain('Birth plan agreed by');
      const section = plainText(page.split('<h2 id="birth-plans">')[1]?.split('<h2')[0] ?? '');
      expect(section).toContain('Agree the birth plan with the family and the core group, before the birth');
      expect(section).toContain('Birth plan agreed'); // the button
      expect(s.smtp.messages.filter((m) => subject(m).includes('birth plan'))).toHaveLength(0);
      await holdMeeting(s, bornFirst, { at: '2027-01-05T10:00', decideAt: '2027-01-05T11:45' });
      expect((await s.api('POST', `/api/conferences/${bornFirst.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);

      // Not recorded by its deadline: the social worker is chased, the coordinator told, once each.
      await s.advanceTo('2027-01-22T17:30');
      await settle(s);
      const chasers = s.smtp.messages.filter((m) => subject(m) === `${c.reference}: birth plan not recorded yet`);
      expect(
        chasers
          .map((m) => m.envelopeTo)
          .flat()
          .sort(),
      ).toEqual(['coordinator@example.gov.uk', 'sw@example.gov.uk']);
      expect(text(chasers.find((m) => m.envelopeTo.includes('sw@example.gov.uk'))!)).toContain(
        'Child 1, unborn, due Saturday 20 February 2027: birth plan was due Friday 22 January 2027 at 17:00',
      );
      expect(chasers.map((m) => `${subject(m)} ${text(m)}`).join(' ')).not.toMatch(/Testfamily|Ruby/);
      expect((await birthPlanWork())[0].urgency).toBe('overdue');
      const task = (await view(s, c.id)).tasks.find((t: any) => t.kind === 'agree-birth-plan');
      const done = await s.api('POST', `/api/conferences/${c.id}/tasks/${task.id}/done`, { by: 'Sam Social' });
      expect(done.status).toBe(200);
      expect(await birthPlanWork()).toEqual([]);

      // The birth: a core group counted from it.
      const early = await s.api('POST', `/api/conferences/${c.id}/children/c1/birth`, { bornOn: '2027-02-01' });
      expect(early.status).toBe(400); // not yet: time has not reached that date
      await s.advanceTo('2027-01-26T09:00');
      const born = await s.api('POST', `/api/conferences/${c.id}/children/c1/birth`, { bornOn: '2027-01-25' });
      expect(born.status, JSON.stringify(born.body)).toBe(200);
      expect(born.body.coreGroupBy).toBe('2027-02-08T17:00:00+00:00');
      await settle(s);
      const after = to(s, 'sw@example.gov.uk').filter((m) => subject(m).includes('after the birth'));
      expect(after.map(subject)).toEqual([`${c.reference}: core group after the birth by Mon 8 Feb 2027`]);
      expect(text(after[0]!)).toContain('counted from the birth on Monday 25 January 2027');
      v = await view(s, c.id);
      expect(v.audit.map((a: any) => a.action)).toContain('follow-up.core-group-after-birth');
      expect((await s.api('POST', `/api/conferences/${c.id}/children/c2/birth`, { bornOn: '2027-01-20' })).status).toBe(
        400,
      );

      // Born before the birth plan was agreed: the task is closed as not needed (never "agreed"), off
      // the coordinator's work, shown so on the page, and nobody is chased at its deadline.
      const earlyWork = async () =>
        ((await s.api('GET', '/api/worklist')).body.items as any[]).filter(
          (i) => i.conferenceId === bornFirst.id && i.kind === 'birth-plan-due',
        );
      expect(await earlyWork()).toHaveLength(1);
      const bornEarly = await s.api('POST', `/api/conferences/${bornFirst.id}/children/c1/birth`, {
        bornOn: '2027-01-25',
      });
      expect(bornEarly.status, JSON.stringify(bornEarly.body)).toBe(200);
      const closed = (await view(s, bornFirst.id)).tasks.find((t: any) => t.kind === 'agree-birth-plan');
      expect(closed).toMatchObject({
        status: 'not-needed',
        notNeeded: 'the baby was born on Monday 25 January 2027, before a birth plan was recorded as agreed',
        doneBy: 'system',
      });
      expect(await earlyWork()).toEqual([]);
      const earlyPage = plainText(
        (await desk.get(`/dashboard/c/${bornFirst.id}`)).text.split('<h2 id="birth-plans">')[1]?.split('<h2')[0] ?? '',
      );
      expect(earlyPage).toContain('Not needed');
      expect(earlyPage).toContain('before a birth plan was recorded as agreed');
      expect(earlyPage).not.toContain('Birth plan agreed'); // no button
      // Completing it now changes nothing.
      expect((await s.api('POST', `/api/conferences/${bornFirst.id}/tasks/${closed.id}/done`, {})).body.status).toBe(
        'not-needed',
      );
      await s.advanceTo('2027-02-19T17:30');
      await settle(s);
      expect(
        s.smtp.messages.filter((m) => subject(m) === `${bornFirst.reference}: birth plan not recorded yet`),
      ).toEqual([]);
    },
  );
});
