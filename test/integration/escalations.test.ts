/**
 * Disagreement that goes somewhere (issue #19.5), per preset through the running service with the
 * simulated clock: the health visitor disagrees with the child in need plan for Leo (c2) and the
 * family with the plan for Ruby (c1), though the chair recorded no recommendation for them. The
 * family's disagreement is kept as dissent; each is escalated, everyone on the policy's route is
 * emailed (never a family name), the worklist lists it (overdue after its due date, when the route
 * is told again), and recording the outcome (API, or the dashboard's form) tells the route and takes
 * it off the worklist. Bad input is refused naming the field and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { daysAfter, oneService, presetConference, presetsOnMondays, spoken } from '../helpers/every-preset.ts';
import { PageClient, csrfOf, linkPath, plainText, snapshot } from '../helpers/pages.ts';
import { TEST_API_KEY, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

// One service for the five presets: each preset's meeting a fortnight after the last (Mondays in
// winter, no bank holiday in the weeks that count), its mail found by its reference. Both are
// escalated on the meeting's day: the health visitor's is due in 5 working days, the family's in 10.
const s = oneService();
const PRESETS = presetsOnMondays({ weeksApart: 2 }).map((p) => ({
  ...p,
  e1Due: daysAfter(p.on, 7),
  e2Due: daysAfter(p.on, 14),
  dueWords: spoken(daysAfter(p.on, 7)),
}));
type Msg = TestService['smtp']['messages'][number];
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const CHAIR = 'chair@example.gov.uk';
const HV_MANAGER = 'hv.manager@nhs.example.org';
const COORDINATOR = 'coordinator@example.gov.uk';
const CONCERN = 'CONCERN-MARKER health needs are not met without a plan';
const OUTCOME = 'OUTCOME-MARKER the chair and the service manager reviewed it; the plan stands, a review in 6 weeks';

const mails = (s: TestService, subject: string) => s.smtp.messages.filter((m) => m.parsed.subject === subject);
const to = (ms: Msg[]) => ms.flatMap((m) => m.envelopeTo).sort();

describe.each(PRESETS)('escalations under $policy', (p) => {
  const { policy, on: day, e1Due, e2Due, dueWords } = p;
  it('an escalation opened, notified and closed', { timeout: 120_000 }, async () => {
    const c = await create(s, presetConference(p));
    await settle(s);
    const base = `/api/conferences/${c.id}`;
    await holdMeeting(s, c, {
      at: `${day}T10:00`,
      decideAt: `${day}T11:45`,
      decision: { familyDisagrees: [{ childId: 'c1' }] },
    });
    // The family gave no recommendation, yet their disagreement is kept, with the family's route.
    const decided = (await s.api('GET', base)).body;
    expect(decided.decision.dissent).toContainEqual(
      expect.objectContaining({ childId: 'c1', onBehalfOfFamily: true, escalationRoute: expect.any(String) }),
    );
    const hv = c.attendees.find((a) => a.role === 'professional')!;

    // Bad input: nobody said who disagrees, and a child not in the conference. Nothing changes.
    const before = await snapshot(s, c.id);
    const bad = await s.api('POST', `${base}/escalations`, { childId: 'c9', concern: CONCERN });
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    expect(bad.body.issues.map((i: { field: string }) => i.field).sort()).toEqual(['attendeeId', 'childId']);
    expect(await snapshot(s, c.id)).toEqual(before);

    // The health visitor's disagreement: the chair, the health visitor's manager and the coordinator are told.
    const opened = await s.api('POST', `${base}/escalations`, { childId: 'c2', attendeeId: hv.id, concern: CONCERN });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({
      id: 'e1',
      party: 'professional',
      status: 'open',
      dueAt: `${e1Due}T17:00:00+00:00`,
    });
    await settle(s);
    const subjectOpened = `${c.reference}: disagreement with the decision escalated`;
    const first = await until('the escalation notices', () => {
      const m = mails(s, subjectOpened);
      return m.length >= 3 ? m : undefined;
    });
    expect(to(first)).toEqual([CHAIR, COORDINATOR, HV_MANAGER].sort());
    const notice = text(first[0]!);
    expect(notice).toContain('Raised by: Professional (Health visiting)');
    expect(notice).toContain('Child 2');
    expect(notice).toContain(CONCERN);
    expect(notice).toContain(`${dueWords} at 17:00`);
    expect(notice).not.toMatch(/Ruby|Leo|Testfamily|Jade|Marcus/);

    // The health visitor's own views page, once their view is saved, says how to escalate: the policy's route.
    const route = s.rt.deps.policies.get(policy).views.disagreement.escalationRoute;
    const hvPage = plainText(
      (await new PageClient(s.url).get(`${await linkPath(s, c.id, hv.id, 'views')}?done=view-c2`)).text,
    );
    expect(hvPage).toContain('Your view for');
    expect(hvPage).toContain(`it can be escalated under ${route}`);

    // The family's disagreement, escalated by the chair on their own page (their link proves who acts):
    // it goes the family's way, to the chair and the coordinator. Nobody chosen is refused first.
    const chairId = c.attendees.find((a) => a.role === 'chair')!.id;
    const chairPath = await linkPath(s, c.id, chairId, 'chair');
    const chair = new PageClient(s.url);
    const chairPage = await chair.get(chairPath);
    expect(plainText(chairPage.text)).toContain('Disagreements escalated');
    expect(plainText(chairPage.text)).toContain(
      'Hana Health, Professional (Health visiting) disagrees with the decision',
    );
    const beforeChair = await snapshot(s, c.id);
    const nobody = await chair.post(chairPath, {
      _csrf: csrfOf(chairPage.text),
      action: 'escalate',
      childId: 'c1',
      concern: 'We do not agree a plan is needed',
    });
    expect(nobody.status).toBe(400);
    expect(plainText(nobody.text)).toContain('say who disagrees: an attendee id, or family: true');
    expect(await snapshot(s, c.id)).toEqual(beforeChair);
    const fam = await chair.post(chairPath, {
      _csrf: csrfOf(nobody.text),
      action: 'escalate',
      childId: 'c1',
      who: 'family',
      concern: 'We do not agree a plan is needed',
    });
    expect(fam.status, plainText(fam.text).slice(0, 500)).toBe(303);
    expect(plainText((await chair.get(fam.location!)).text)).toContain('The disagreement is escalated.');
    const e2 = (await s.api('GET', `${base}/escalations`)).body.escalations[1];
    expect(e2).toMatchObject({ id: 'e2', party: 'family', openedBy: chairId, dueAt: `${e2Due}T17:00:00+00:00` });
    await settle(s);
    await until('the family escalation notices', () => (mails(s, subjectOpened).length >= 5 ? true : undefined));
    expect(to(mails(s, subjectOpened).filter((m) => text(m).includes('The family')))).toEqual(
      [CHAIR, COORDINATOR].sort(),
    );

    // Today's work lists both; once the health visitor's is past its due date it is overdue and the route told again.
    const work = async () =>
      (await s.api('GET', '/api/worklist')).body.items.filter(
        (i: { conferenceId: string; kind: string }) => i.conferenceId === c.id && i.kind === 'escalation-open',
      );
    expect((await work()).map((i: { urgency: string; what: string }) => `${i.urgency}: ${i.what}`)).toEqual([
      expect.stringMatching(
        /^soon: Hana Health, Professional \(Health visiting\) disagrees with the decision for Child 2: Leo/,
      ),
      expect.stringMatching(/^soon: The family disagrees with the decision for Child 1: Ruby/),
    ]);
    await s.advanceTo(`${e1Due}T17:05`);
    const subjectOverdue = `${c.reference}: escalated disagreement not resolved by its due date`;
    await until('the overdue notices', () => (mails(s, subjectOverdue).length >= 3 ? true : undefined));
    expect(to(mails(s, subjectOverdue))).toEqual([CHAIR, COORDINATOR, HV_MANAGER].sort());
    expect((await work())[0]).toMatchObject({ urgency: 'overdue', escalationId: 'e1' });

    // The outcome, through the API: the route hears it and the worklist no longer lists it.
    const resolved = await s.api('POST', `${base}/escalations/e1/resolve`, { outcome: OUTCOME, by: 'Chair Person' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: OUTCOME });
    await settle(s);
    const subjectResolved = `${c.reference}: escalated disagreement resolved`;
    await until('the outcome notices', () => (mails(s, subjectResolved).length >= 3 ? true : undefined));
    expect(to(mails(s, subjectResolved))).toEqual([CHAIR, COORDINATOR, HV_MANAGER].sort());
    expect(text(mails(s, subjectResolved)[0]!)).toContain(OUTCOME);
    expect((await s.api('POST', `${base}/escalations/e1/resolve`, { outcome: OUTCOME })).status).toBe(409);

    // The dashboard's form (CSRF, signed in) refuses an empty outcome; the chair records it on their page.
    const desk = new PageClient(s.url);
    const signIn = await desk.get('/dashboard/sign-in');
    await desk.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) });
    const page = await desk.get(`/dashboard/c/${c.id}`);
    expect(page.text).toContain('Disagreements escalated');
    expect(page.text).toContain(`by coordinator: ${OUTCOME.replace(/;/g, ';')}`);
    const empty = await desk.post(`/dashboard/c/${c.id}/escalations/e2/resolve`, {
      outcome: '',
      _csrf: csrfOf(page.text),
    });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('There is a problem');
    const chairAgain = await chair.get(chairPath);
    const emptyOnPage = await chair.post(chairPath, {
      _csrf: csrfOf(chairAgain.text),
      action: 'resolve-escalation',
      escalationId: 'e2',
      outcome: ' ',
    });
    expect(emptyOnPage.status).toBe(400);
    expect(plainText(emptyOnPage.text)).toContain('There is a problem');
    const done = await chair.post(chairPath, {
      _csrf: csrfOf(emptyOnPage.text),
      action: 'resolve-escalation',
      escalationId: 'e2',
      outcome: 'Talked it through with the family; they accept the plan',
    });
    expect(done.status, plainText(done.text).slice(0, 500)).toBe(303);
    const after = plainText((await chair.get(done.location!)).text);
    expect(after).toContain('The outcome is recorded.');
    expect(after).toContain(`by ${chairId}: Talked it through with the family; they accept the plan`);
    await settle(s);
    await until('the family outcome notices', () => (mails(s, subjectResolved).length >= 5 ? true : undefined));
    expect(await work()).toEqual([]);
    const audit = (await s.rt.deps.store.readAudit(c.id)).map((e) => e.action);
    for (const a of [
      'escalation.opened',
      'escalation.notified',
      'escalation.overdue',
      'escalation.resolved',
      'escalation.outcome-sent',
    ])
      expect(audit).toContain(a);
    // No ghost: no escalation job is left waiting.
    const pending = (await s.rt.deps.jobs.pending(c.id)).filter((j) => j.step.startsWith('escalation'));
    expect(pending).toEqual([]);
  });
});
