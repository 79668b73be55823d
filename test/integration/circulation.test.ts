/**
 * Decision circulation end to end through the running service: coordinator and chair API,
 * simulated time, BullMQ on the real Redis and a real SMTP sink. Assertions are on what people
 * receive (recipient, subject, body, attachment) and what the coordinator sees (GET the conference).
 */
import { describe, expect, it } from 'vitest';
import { findAcronyms } from '../../src/content/templates/family-invite.ts';
import { FIXTURE_FAMILY_NAMES } from '../helpers/fixtures.ts';
import {
  CONFIDENTIAL,
  HV_RATIONALE,
  POLICE_RATIONALE,
  byRole,
  create,
  extraAttendees,
  holdMeeting,
  settle,
  type Created,
} from '../helpers/decision-flow.ts';
import { TEST_API_KEY, hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { PageClient, csrfOf } from '../helpers/pages.ts';
import { until } from '../helpers/wait.ts';

type Sent = SmtpSink['messages'][number];
const start = startedServices();

const COORDINATOR = 'coordinator@example.gov.uk';
const HACKNEY_GROUND =
  'Anyone else seen or heard in the background of a virtual conference: the chair may remove that attendee from the video or call';
const subject = (m: Sent) => m.parsed.subject ?? '';
const text = (m: Sent) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const isDecision = (m: Sent) =>
  /^Decision of child protection conference|^The decision of your child protection meeting/.test(subject(m));
const to = (s: TestService, address: string) => s.smtp.messages.filter((m) => m.envelopeTo.includes(address));
const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;

const waitUntil = <T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
) => until(what, probe, timeoutMs);

async function hackney(s: TestService): Promise<Created> {
  const base = hackneyInitialBody();
  const c = await create(s, { ...base, attendees: [...base.attendees, ...extraAttendees()] });
  await settle(s);
  return c;
}

describe('decision circulation (Hackney, 24 hours from the end of the meeting)', () => {
  it(
    'sends nothing before approval, then every recipient exactly once in the right version, and queues follow-ups',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const c = await hackney(s);
      const jade = c.attendees.find((a) => a.email === 'jade@family.example.com')!;
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      await holdMeeting(s, c, {
        at: '2027-01-04T10:00',
        decideAt: '2027-01-04T11:45',
        exclude: { attendeeId: jade.id, part: 'police information about a third party', ground: HACKNEY_GROUND },
      });

      // The circulation clock runs from the end of the meeting (the decision), not the planned end.
      let v = await view(s, c.id);
      expect(v.state).toBe('decided');
      expect(v.heldOn).toBe('2027-01-04');
      expect(v.timetable.decisionCirculationDue).toBe('2027-01-05T11:45:00+00:00');
      expect(v.timetable.recordBundleDue).toBe('2027-01-25T17:00:00+00:00');
      expect(v.pendingJobs.find((j: any) => j.step === 'circulation-watchdog')?.runAt).toBe('2027-01-05T07:45:00.000Z');
      expect(
        v.circulation.recipients.every((r: any) => r.status === 'awaiting-approval' || r.status === 'not-sent'),
      ).toBe(true);

      // Time passes without approval: no letters; the watchdog nags the chair at the margin.
      await s.advanceTo('2027-01-05T09:00');
      expect(s.smtp.messages.filter(isDecision)).toHaveLength(0);
      const nag = await waitUntil('the nag', () =>
        to(s, 'chair@example.gov.uk').find((m) => subject(m).includes('decision not yet approved')),
      );
      expect(subject(nag)).toBe(`${c.reference}: decision not yet approved (circulation due Tue 5 Jan 2027 11:45)`);
      expect(to(s, COORDINATOR).filter((m) => subject(m).includes('not yet approved'))).toHaveLength(0);

      const approved = await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {});
      expect(approved.status).toBe(200);
      await settle(s);
      // Jade left part of the meeting: her letter waits until someone has told her why and what was decided.
      const ask = await waitUntil('the task to explain', () =>
        to(s, 'sw@example.gov.uk').find((m) => subject(m).includes('who left part of the meeting')),
      );
      expect(subject(ask)).toBe(`${c.reference}: please explain the decision to a parent who left part of the meeting`);
      expect(text(ask)).toContain('was asked to leave part of the conference');
      expect(to(s, 'jade@family.example.com').filter(isDecision)).toHaveLength(0);
      const told = await s.api('POST', `/api/conferences/${c.id}/circulation/${jade.id}/told`, {
        explainedBy: 'chair',
        how: 'phone',
        view: 'told-them',
      });
      expect(told.status, JSON.stringify(told.body)).toBe(202);
      await settle(s);
      v = await waitUntil('follow-up state', async () => {
        const x = await view(s, c.id);
        return x.state === 'follow-up' ? x : undefined;
      });

      // Each email recipient once: five professional letters, one family letter.
      const letters = s.smtp.messages.filter(isDecision);
      const professionals = [
        'chair@example.gov.uk',
        'sw@example.gov.uk',
        'hv@nhs.example.org',
        'police@police.example.uk',
        'minutes@example.gov.uk',
      ];
      expect(letters.map((m) => m.envelopeTo.join(',')).sort()).toEqual(
        [...professionals, 'jade@family.example.com'].sort(),
      );
      for (const m of letters) {
        for (const name of FIXTURE_FAMILY_NAMES) expect(subject(m)).not.toContain(name);
        expect(subject(m)).toContain(c.reference);
        expect(m.parsed.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
        expect(m.parsed.attachments[0]!.content.subarray(0, 4).toString()).toBe('%PDF');
      }
      // Not the supporter, never the child (no address), and no managers under Hackney.
      expect(to(s, 'supporter@friends.example.com').filter(isDecision)).toHaveLength(0);
      expect(to(s, 'sw.manager@example.gov.uk').filter(isDecision)).toHaveLength(0);

      // The professional version: everything, confidential notes marked.
      const pro = text(to(s, 'hv@nhs.example.org').find(isDecision)!);
      expect(subject(to(s, 'hv@nhs.example.org').find(isDecision)!)).toBe(
        `Decision of child protection conference ${c.reference}`,
      );
      for (const needle of [
        'Child protection plan',
        'Child in need plan',
        'neglect',
        POLICE_RATIONALE,
        '(recorded by the chair)',
        'Disagreement recorded',
        CONFIDENTIAL,
        'CONFIDENTIAL: not to be shared with the family',
        'Take the child to every health appointment',
        'Police',
        'police information about a third party',
      ])
        expect(pro, needle).toContain(needle);

      // The family version: plain, no confidential text, nothing from the part Jade left, says so.
      const fam = to(s, 'jade@family.example.com').find(isDecision)!;
      const famText = text(fam);
      expect(subject(fam)).toBe(`The decision of your child protection meeting (reference ${c.reference})`);
      expect(famText).not.toContain('CONFIDENTIAL-MARKER');
      expect(famText).not.toContain('third party');
      expect(famText).not.toContain(POLICE_RATIONALE);
      expect(famText).not.toContain(HV_RATIONALE);
      expect(famText).toContain('You were asked to leave part of the meeting');
      expect(famText).toContain(
        'the chair spoke to you on the phone to explain why you were asked to leave part of the meeting, and what was decided. You told them what you think about the decision, and it is part of the conference record.',
      );
      expect(famText).not.toContain('will contact you to explain why');
      expect(famText).toContain('Ruby will have a child protection plan');
      expect(famText).toContain('Leo will have a child in need plan');
      expect(famText).toContain('Service Manager for Safeguarding and Reviewing');
      expect(famText).toMatch(/core group .* will meet by Monday 18 January 2027/);
      expect(findAcronyms(famText, c.reference)).toEqual([]);

      // Marcus asked for post: a printable PDF on the hard-copy queue with its own deadline.
      expect(v.hardCopies.filter((h: any) => h.document === 'decision-letter')).toHaveLength(1);
      const copy = v.hardCopies.filter((h: any) => h.document === 'decision-letter')[0];
      expect(copy.attendeeId).toBe(marcus.id);
      expect(copy.dueAt).toBe('2027-01-05T11:45:00+00:00');
      const pdf = await fetch(`${s.url}/api/conferences/${c.id}/hard-copies/${copy.blobId}`, {
        headers: { authorization: 'Bearer test-coordinator-key-0123456789' },
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await pdf.arrayBuffer());
      expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
      // Addressed for a window envelope, and says what the family letter says.
      const letter = pdfText(bytes);
      expect(letter).toContain('14 Example Street');
      expect(letter).toContain('TE1 1ST');
      expect(letter).toContain('Ruby will have a child protection plan');
      expect(v.pendingJobs.some((j: any) => j.step === 'hard-copy-due')).toBe(true);
      // Queued is not sent: until someone prints it, Marcus has not had the decision.
      let status = Object.fromEntries(v.circulation.recipients.map((r: any) => [r.key, r]));
      expect(v.circulation.complete).toBe(false);
      expect(status[marcus.id]).toMatchObject({
        status: 'waiting-to-print',
        channel: 'post',
        postBy: '2027-01-05T11:45:00+00:00',
        reason: 'waiting to be printed, post by Tuesday 5 January 2027 at 11:45',
      });
      expect(status[marcus.id].receivedAt).toBeUndefined();
      // Not "circulated" while Marcus's copy waits for the print room (user trial #18 finding 3).
      expect(v.audit.some((a: any) => a.action === 'decision.circulated')).toBe(false);
      expect(v.audit.find((a: any) => a.action === 'decision.circulated-except-post').detail).toMatchObject({
        waitingToPrint: 1,
        summary: 'circulated except 1 posted copy awaiting print',
      });
      const printed = await s.api('POST', `/api/conferences/${c.id}/hard-copies/${copy.blobId}/printed`, {
        by: 'coordinator',
      });
      expect(printed.body.printedAt).toBeTruthy();
      expect(
        (await view(s, c.id)).audit.filter((a: any) => a.action === 'decision.circulated').map((a: any) => a.detail),
      ).toEqual([expect.objectContaining({ waitingToPrint: 0, afterPrint: true })]);

      // Per-recipient tracking with the time each was received (a letter: when it was printed).
      v = await view(s, c.id);
      status = Object.fromEntries(v.circulation.recipients.map((r: any) => [r.key, r]));
      expect(v.circulation.complete).toBe(true);
      expect(status[marcus.id].status).toBe('sent');
      expect(status[marcus.id].channel).toBe('post');
      expect(status[marcus.id].receivedAt).toBe(printed.body.printedAt);
      expect(status[byRole(c, 'child').id].status).toBe('not-sent');
      expect(status[byRole(c, 'supporter').id].status).toBe('not-sent');
      expect(status[byRole(c, 'police').id].receivedAt).toMatch(/^2027-01-05T09:00/);
      expect(v.history.map((h: any) => h.to).slice(-3)).toEqual(['approved', 'circulated', 'follow-up']);

      // Follow-ups: first core group to its members (c1 only: c2 is a child in need), review drafted.
      for (const address of ['sw@example.gov.uk', 'hv@nhs.example.org']) {
        const cg = to(s, address).filter((m) => subject(m).includes('first core group'));
        expect(cg, address).toHaveLength(1);
        expect(text(cg[0]!)).toContain('by Monday 18 January 2027 at 17:00');
      }
      expect(
        to(s, 'jade@family.example.com').filter((m) => subject(m).startsWith('Your first core group meeting')),
      ).toHaveLength(1);
      expect(to(s, 'police@police.example.uk').filter((m) => subject(m).includes('first core group'))).toHaveLength(0);
      const audit = v.audit.map((a: any) => a.action);
      expect(audit).toEqual(
        expect.arrayContaining([
          'decision.circulated',
          'follow-ups.scheduled',
          'follow-up.core-group',
          'follow-up.review-drafted',
        ]),
      );
      const notes = v.audit.find((a: any) => a.action === 'follow-ups.scheduled').detail.notes;
      expect(notes.join(' ')).toContain('c2: child in need plan: no core group and no review conference');

      // The review is a draft at 10:00 on the last working day by the 3-month deadline, same attendees, c1 only.
      const final = await view(s, c.id);
      const draft = await view(s, final.reviewDraftId);
      expect(draft).toMatchObject({
        state: 'draft',
        kind: 'review',
        reviewOf: c.id,
        startsAt: '2027-04-02T10:00:00+01:00',
      });
      expect(draft.children.map((ch: any) => ch.id)).toEqual(['c1']);
      expect(draft.attendees.map((a: any) => a.email)).toEqual(final.attendees.map((a: any) => a.email));
      expect(draft.pendingJobs).toHaveLength(0);
      const review = to(s, COORDINATOR).find((m) => subject(m).includes('review conference'));
      expect(review && subject(review)).toBe(
        `${c.reference}: review conference ${draft.reference} drafted for Fri 2 Apr 2027`,
      );

      // The coordinator confirms: invitations and report requests go out for the review.
      const sentBefore = s.smtp.messages.length;
      const confirmed = await s.api('POST', `/api/conferences/${draft.id}/confirm`, {});
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.state).toBe('scheduled');
      await settle(s);
      const invites = s.smtp.messages
        .slice(sentBefore)
        .filter((m) => subject(m).includes(draft.reference) || text(m).includes(draft.reference));
      expect(invites.length).toBeGreaterThanOrEqual(5);
      expect((await s.api('POST', `/api/conferences/${draft.id}/confirm`, {})).status).toBe(409);

      // Nothing twice, whatever re-runs: approving again is refused and re-queuing circulation is a no-op.
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(409);
      await s.rt.deps.jobs.schedule(
        c.attendees.map((a) => ({
          conferenceId: c.id,
          version: 1,
          step: 'circulate-decision',
          attendeeId: a.id,
          runAt: s.rt.clock.now(),
        })),
      );
      await settle(s);
      expect(s.smtp.messages.filter(isDecision)).toHaveLength(6);
      // No child or family name in any subject, log line or Redis key.
      const subjects = s.smtp.messages.map(subject).join('\n');
      const keys = (await s.redisKeys()).join('\n');
      for (const name of FIXTURE_FAMILY_NAMES) {
        expect(subjects).not.toContain(name);
        expect(s.logs.join('\n')).not.toContain(name);
        expect(keys).not.toContain(name);
      }
    },
  );
});

describe('absent parents are told in person first (Cumbria)', () => {
  it(
    'asks the social worker to visit, holds the letter until someone records it, and chases it when late',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const base = hackneyInitialBody({ policy: 'cumbria' });
      const c = await create(s, { ...base, attendees: [...base.attendees, ...extraAttendees()] });
      await settle(s);
      const jade = c.attendees.find((a) => a.email === 'jade@family.example.com')!;
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45', absent: [jade.id, marcus.id] });
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);

      // Professionals have it; the social worker has one task per absent parent; the parents nothing yet.
      expect(
        s.smtp.messages
          .filter(isDecision)
          .map((m) => m.envelopeTo[0])
          .sort(),
      ).toEqual([
        'chair@example.gov.uk',
        'hv@nhs.example.org',
        'minutes@example.gov.uk',
        'police@police.example.uk',
        'sw@example.gov.uk',
      ]);
      const tasks = to(s, 'sw@example.gov.uk').filter((m) => subject(m).includes('absent parent'));
      expect(tasks.map(subject)).toEqual([
        `${c.reference}: please tell an absent parent the decision in person`,
        `${c.reference}: please tell an absent parent the decision in person`,
      ]);
      expect(text(tasks[0]!)).toContain(
        'If nothing is recorded by Tuesday 5 January 2027 at 09:00, you are reminded and the chair and the coordinator are told it is late. The letter still waits.',
      );
      // The social worker is told whom to visit, by name in the body (never the subject), and how to confirm without an API call.
      expect(
        tasks
          .map((m) => text(m).match(/(Jade|Marcus) Testfamily \(parent, a\d+\) was not at the conference/)?.[1])
          .sort(),
      ).toEqual(['Jade', 'Marcus']);
      for (const m of tasks) expect(text(m)).not.toMatch(/POST |\/api\//);
      let v = await view(s, c.id);
      const status = (x: any, id: string) => x.circulation.recipients.find((r: any) => r.key === id);
      expect(status(v, jade.id)).toMatchObject({
        status: 'held',
        heldUntil: '2027-01-05T09:00:00+00:00',
        tellInPersonFirst: true,
      });
      expect(status(v, jade.id).late).toBeUndefined();
      expect(v.state).toBe('approved');
      expect(v.hardCopies.filter((h: any) => h.document === 'decision-letter')).toHaveLength(0);

      // The social worker tells the coordinator Jade has been told; the coordinator confirms it on the
      // dashboard, where both held letters are listed: hers goes at once, and says why.
      const desk = new PageClient(s.url);
      const signIn = await desk.get('/dashboard/sign-in');
      expect((await desk.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) })).status).toBe(
        303,
      );
      const page = await desk.get(`/dashboard/c/${c.id}`);
      expect(page.text).toContain('Parents to tell the decision');
      for (const p of [jade, marcus]) expect(page.text).toContain(`/dashboard/c/${c.id}/circulation/${p.id}/told`);
      // Nothing chosen: the form comes back naming each question, and nothing is sent.
      const blank = await desk.post(`/dashboard/c/${c.id}/circulation/${jade.id}/told`, { _csrf: csrfOf(page.text) });
      expect(blank.status).toBe(400);
      for (const field of ['Who told them', 'How', 'How they gave their view of the decision'])
        expect(blank.text).toContain(field);
      expect(blank.text).toContain('Choose who told them');
      expect(to(s, 'jade@family.example.com').filter(isDecision)).toHaveLength(0);
      const told = await desk.post(`/dashboard/c/${c.id}/circulation/${jade.id}/told`, {
        _csrf: csrfOf(page.text),
        explainedBy: 'social-worker',
        how: 'in-person',
        view: 'in-writing',
      });
      expect(told.status, told.text).toBe(303);
      expect((await desk.get(told.location!)).text).toContain(
        'Recorded that the parent was told the decision: a held letter goes now.',
      );
      await settle(s);
      const letter = await waitUntil('the held letter', () => to(s, 'jade@family.example.com').find(isDecision));
      expect(text(letter)).toContain('We are sorry you could not come to the child protection meeting');
      expect(text(letter)).toContain(
        'your social worker met you to explain what was decided. You gave your view in writing, and it is part of the conference record.',
      );
      expect(text(letter)).not.toContain('CONFIDENTIAL-MARKER');
      v = await view(s, c.id);
      expect(status(v, jade.id)).toMatchObject({ status: 'sent' });
      expect(status(v, jade.id).toldInPersonAt).toBeTruthy();
      expect(v.state).toBe('approved'); // Marcus's letter is still held

      // Nobody confirms for Marcus by the next working day at 09:00: his letter is late, and still held
      // (nothing on the hard-copy queue); the social worker is reminded, the chair and the coordinator told.
      await s.advanceTo('2027-01-05T09:30');
      v = await view(s, c.id);
      expect(v.hardCopies.filter((h: any) => h.document === 'decision-letter')).toHaveLength(0);
      expect(status(v, marcus.id)).toMatchObject({
        status: 'held',
        late: true,
        heldUntil: '2027-01-05T09:00:00+00:00',
      });
      for (const who of ['chair@example.gov.uk', COORDINATOR]) {
        const alert = await waitUntil('the late notice', () =>
          to(s, who).find((m) => subject(m).includes('is held and late')),
        );
        expect(text(alert)).toContain('Nobody recorded by Tuesday 5 January 2027 at 09:00');
        expect(text(alert)).toContain(
          'Under the Cumbria policy their letter waits until someone does: it has not been sent.',
        );
      }
      const chaser = await waitUntil('the chaser', () =>
        to(s, 'sw@example.gov.uk').find((m) => subject(m).startsWith(`Reminder: ${c.reference}: please tell`)),
      );
      expect(text(chaser)).toContain('Their letter is still held: they have not been sent it.');
      const work = (await s.api('GET', '/api/worklist')).body.items.filter(
        (i: any) => i.kind === 'explanation-to-record',
      );
      expect(work.map((i: any) => i.attendeeId)).toEqual([marcus.id]);
      expect(v.audit.some((a: any) => a.action === 'decision.letter-late')).toBe(true);
      // The follow-ups no longer wait for a late held letter.
      expect(v.state).toBe('follow-up');
      // Cumbria: no hours-based windows; first core group within 10 working days, then every 4 weeks.
      const cg = to(s, 'sw@example.gov.uk').find((m) => subject(m).includes('first core group'))!;
      expect(text(cg)).toContain('by Monday 18 January 2027 at 17:00');
      expect(text(cg)).toContain('at least every 4 weeks');
      expect(s.smtp.messages.filter(isDecision)).toHaveLength(6);
    },
  );
});

describe('the circulation watchdog', () => {
  it(
    'alerts the coordinator and chair when mail is refused, and recovers without duplicates',
    { timeout: 120_000 },
    async () => {
      // Enough attempts that jobs are still retrying when the mail server comes back.
      const s = await start({ JOB_ATTEMPTS: '12' });
      const c = await hackney(s);
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      await s.advanceTo('2027-01-04T12:00');
      s.smtp.refuse = true;
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      const emailed = ['chair', 'social-worker', 'professional', 'police', 'minute-taker']
        .map((r) => byRole(c, r).id)
        .concat(c.attendees.find((a) => a.email === 'jade@family.example.com')!.id);
      let v = await waitUntil('failed sends', async () => {
        const x = await view(s, c.id);
        const failed = x.circulation.recipients.filter((r: any) => r.status === 'failed');
        return failed.length === emailed.length ? x : undefined;
      });
      const failed = v.circulation.recipients.find((r: any) => r.role === 'police');
      expect(failed.reason).toMatch(/try again later/);
      expect(v.state).toBe('approved');

      // 4 hours before the 24-hour deadline the watchdog fires: mail is still down, so the alert is
      // recorded (audit, log, the conference) and its email waits for the retry.
      await s.advanceTo('2027-01-05T08:00');
      v = await view(s, c.id);
      expect(v.circulationAlert).toMatchObject({ approved: true, dueAt: '2027-01-05T11:45:00+00:00' });
      // Marcus's letter by post is on the print queue, not printed: it has not gone either.
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      expect(v.circulationAlert.outstanding.map((o: any) => o.attendeeId).sort()).toEqual(
        [...emailed, marcus.id].sort(),
      );
      expect(
        v.circulationAlert.outstanding
          .filter((o: any) => o.attendeeId !== marcus.id)
          .every((o: any) => o.status === 'failed' && /try again later/.test(o.reason)),
      ).toBe(true);
      expect(v.circulationAlert.outstanding.find((o: any) => o.attendeeId === marcus.id)).toMatchObject({
        channel: 'post',
        status: 'waiting-to-print',
      });
      expect(v.audit.map((a: any) => a.action)).toContain('circulation.at-risk');
      expect(s.logs.some((l) => l.includes('decision circulation at risk') && l.includes(c.reference))).toBe(true);

      // Mail comes back: the retries deliver everything once, and the alert arrives once each.
      s.smtp.refuse = false;
      await waitUntil(
        'every letter',
        () => s.smtp.messages.filter(isDecision).length >= emailed.length || undefined,
        60_000,
      );
      const alertFor = (address: string) =>
        to(s, address).filter((m) => subject(m).includes('decision circulation at risk'));
      await waitUntil(
        'the alerts',
        () => (alertFor(COORDINATOR).length && alertFor('chair@example.gov.uk').length) || undefined,
        60_000,
      );
      await waitUntil(
        'follow-up',
        async () => ((await view(s, c.id)).state === 'follow-up' ? true : undefined),
        30_000,
      );
      await new Promise((r) => setTimeout(r, 1500));
      const letters = s.smtp.messages.filter(isDecision).map((m) => m.envelopeTo.join(','));
      expect(letters).toHaveLength(emailed.length);
      expect(new Set(letters).size).toBe(emailed.length);
      expect(alertFor(COORDINATOR)).toHaveLength(1);
      expect(alertFor('chair@example.gov.uk')).toHaveLength(1);
      const alert = text(alertFor(COORDINATOR)[0]!);
      expect(subject(alertFor(COORDINATOR)[0]!)).toBe(
        `${c.reference}: decision circulation at risk (due Tue 5 Jan 2027 11:45)`,
      );
      expect(alert).toContain('Police');
      expect(alert).toContain('Social worker');
      expect(alert).toMatch(/failed: .*try again later/);
      expect(alert).toContain(
        `Parent [${marcus.id}, post]: waiting to be printed, post by Tuesday 5 January 2027 at 11:45`,
      );
      expect(alert).toContain('A letter by post counts as sent only once it is marked printed');
      for (const name of FIXTURE_FAMILY_NAMES) expect(alert).not.toContain(name);

      // The coordinator prints and posts Marcus's letter before the deadline.
      const copy = v.hardCopies.find((h: any) => h.document === 'decision-letter');
      expect((await s.api('POST', `/api/conferences/${c.id}/hard-copies/${copy.blobId}/printed`, {})).status).toBe(200);

      // Everything went before the deadline: at the deadline itself nothing more is said.
      await s.advanceTo('2027-01-05T12:00');
      await settle(s);
      expect(s.smtp.messages.filter((m) => subject(m).includes('deadline missed'))).toHaveLength(0);
      v = await view(s, c.id);
      expect(v.circulation.missed).toBeNull();
      expect(v.audit.map((a: any) => a.action)).not.toContain('circulation.missed');
    },
  );

  it(
    'says so again when the deadline passes with someone still waiting, once, naming who by role',
    { timeout: 120_000 },
    async () => {
      const s = await start({ JOB_ATTEMPTS: '30' });
      const c = await hackney(s);
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      await s.advanceTo('2027-01-04T12:00');
      // The police mailbox refuses the decision for good; everyone else gets it.
      s.smtp.refuseRecipient = (address) =>
        address === 'police@police.example.uk' ? '550 5.1.1 mailbox unavailable' : undefined;
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      await s.advanceTo('2027-01-05T11:50');
      await settle(s);
      const missedFor = (address: string) =>
        to(s, address).filter((m) => subject(m).includes('circulation deadline missed'));
      await waitUntil(
        'the deadline alerts',
        () => (missedFor(COORDINATOR).length && missedFor('chair@example.gov.uk').length) || undefined,
        60_000,
      );
      const v = await view(s, c.id);
      expect(v.circulation.missed).toMatchObject({ approved: true, dueAt: '2027-01-05T11:45:00+00:00' });
      // Police never got it, and nobody printed Marcus's letter: both are still waiting.
      expect(v.circulation.missed.outstanding.map((o: any) => `${o.role}:${o.status}`)).toEqual([
        'police:failed',
        'parent:waiting-to-print',
      ]);
      expect(v.audit.filter((a: any) => a.action === 'circulation.missed')).toHaveLength(1);
      expect(s.logs.some((l) => l.includes('decision circulation deadline missed') && l.includes(c.reference))).toBe(
        true,
      );
      const mail = missedFor(COORDINATOR)[0]!;
      expect(subject(mail)).toBe(`${c.reference}: circulation deadline missed (was due Tue 5 Jan 2027 11:45)`);
      expect(text(mail)).toContain('Police');
      expect(text(mail)).toContain("Record the reason on the child's file.");
      for (const name of FIXTURE_FAMILY_NAMES) expect(text(mail)).not.toContain(name);
      // The coordinator's dashboard says it first, above the circulation table.
      const client = new PageClient(s.url);
      const signIn = await client.get('/dashboard/sign-in');
      expect((await client.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) })).status).toBe(
        303,
      );
      const page = (await client.get(`/dashboard/c/${c.id}`)).text;
      expect(page).toMatch(
        /<strong>Circulation deadline missed<\/strong> \(due [^)]*\): 2 recipient\(s\) still waiting/,
      );
      // Its circulation row says the letter waits for the printer, not "sent".
      expect(page).toMatch(
        /<td>circulate-decision<\/td><td>Marcus Testfamily, Parent<\/td><td>waiting to be printed, post by Tue 5 Jan 2027, 11:45<\/td>/,
      );
      // Re-running the deadline job changes nothing and sends nothing twice.
      await s.rt.deps.jobs.schedule([
        { conferenceId: c.id, version: v.version, step: 'circulation-deadline', runAt: s.rt.clock.now() },
      ]);
      await settle(s);
      await new Promise((r) => setTimeout(r, 1000));
      expect(missedFor(COORDINATOR)).toHaveLength(1);
      expect(missedFor('chair@example.gov.uk')).toHaveLength(1);
    },
  );
});
