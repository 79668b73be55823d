/**
 * The coordinator's desk in Chromium: today's work, finding a conference, the print queue and
 * rescheduling from the browser, each page axe-clean (WCAG 2.2 AA) and usable 375 px wide; a
 * letter marked printed and a conference rescheduled from the page end as the API would leave them;
 * so do a conference created, postponed or cancelled, an attendee added and removed, parents' times
 * set, a drafted review confirmed, a failed job retried and an absent parent recorded as told the
 * decision from the page, each error naming its field and changing nothing.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ABSENT, chromiumPresent, expectNoAxeViolations, launchChromium } from '../helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hackneyInitialBody,
  notAfterToday,
  startTestService,
  TEST_API_KEY,
  type TestService,
} from '../helpers/service.ts';
import {
  create,
  extraAttendees,
  holdMeeting,
  settle,
  toldTheDecision,
  type Created,
} from '../helpers/decision-flow.ts';
import { until } from '../helpers/wait.ts';

const present = chromiumPresent;
if (!present) console.warn(`desk browser tests skipped: ${CHROMIUM_ABSENT}`);
it.runIf(!present)('the coordinator’s desk in a real browser', (t) => t.skip(CHROMIUM_ABSENT));

let svc: TestService;
let browser: Browser;
let ctx: BrowserContext;
/** One page for the whole file: each test starts by going to its own address (a new page costs a renderer process). */
let page: Page;
let a: { id: string; reference: string };
let b: { id: string; reference: string };

async function accessible(label: string): Promise<void> {
  await expectNoAxeViolations(page, label);
  // 375 px wide: nothing but the tables' own scrolling regions is wider than the screen.
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} at 375 px`).toBeLessThanOrEqual(
    375,
  );
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe.skipIf(!present)('the coordinator’s desk in Chromium', () => {
  beforeAll(async () => {
    svc = await startTestService();
    const ra = await svc.api('POST', '/api/conferences', hackneyInitialBody());
    const rb = await svc.api(
      'POST',
      '/api/conferences',
      hackneyInitialBody({
        startsAt: '2027-01-11T10:00',
        strategyDiscussionOn: '2026-12-01',
        children: [{ firstName: 'Zoë', lastName: 'Kowalski', dateOfBirth: '2018-03-01' }],
      }),
    );
    expect([ra.status, rb.status]).toEqual([201, 201]);
    a = ra.body;
    b = rb.body;
    await svc.advanceTo('2026-12-31T16:00:00Z');
    browser = await launchChromium();
    // bypassCSP only so the test can inject axe-core: the pages themselves run no script.
    ctx = await browser.newContext({ bypassCSP: true, baseURL: svc.url });
    page = await ctx.newPage();
    await page.goto('/dashboard/sign-in');
    await page.getByLabel('Coordinator key').fill(TEST_API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('today’s work, then finding a conference by the child’s name', async () => {
    await page.goto('/dashboard');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Today’s work');
    expect(await page.getByRole('list', { name: 'Counts' }).textContent()).toMatch(/3\s*reports overdue/);
    const work = await page.getByRole('region', { name: 'Needs action' }).textContent();
    expect(work).toContain('Invitation to the conference for Marcus Testfamily');
    expect(work).toContain('28 days overdue');
    await accessible('today’s work');
    await page.getByLabel('Name, reference or agency').fill('zoe kowalski');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL(/\/dashboard\/find\?/);
    const found = await page.getByRole('region', { name: 'Conferences' }).textContent();
    expect(found).toContain(b.reference);
    expect(found).not.toContain(a.reference);
    await accessible('search results');
    // A date typed where the browser has no date picker (the field is sent as typed).
    await page.goto('/dashboard/find?q=kowalski&from=30%2F02%2F2027');
    expect(await page.getByRole('alert').textContent()).toContain('There is a problem');
    expect(await page.locator('#from').getAttribute('aria-invalid')).toBe('true');
    await accessible('search with a bad date');
  });

  it('the print queue: open the PDF, mark the letter printed, and it leaves the day’s work', async () => {
    await page.goto('/dashboard');
    await page.getByRole('link', { name: 'Print queue' }).click();
    const queue = page.getByRole('region', { name: 'Letters to print and post' });
    expect(await queue.textContent()).toMatch(/Invitation to the conference.*Marcus Testfamily/);
    await accessible('print queue');
    const pdf = await queue
      .getByRole('link', { name: /Open the PDF/ })
      .first()
      .getAttribute('href');
    const res = await page.request.get(pdf!);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const rows = await queue.locator('tbody tr').count();
    await queue.getByRole('button', { name: 'Mark printed' }).first().click();
    expect(await page.getByRole('status').textContent()).toContain('The letter is marked printed');
    expect(await page.locator('tbody tr').count()).toBe(rows - 1);
  });

  it('reschedules from the page: a missing field is named, then the same outcome as the API', async () => {
    await page.goto(`/dashboard/c/${b.id}`);
    await page.getByRole('link', { name: 'Reschedule, postpone or cancel this conference' }).click();
    await accessible('change a conference');
    await page.getByRole('button', { name: 'Reschedule the conference' }).click();
    const problem = await page.getByRole('alert').textContent();
    expect(problem).toContain('There is a problem');
    expect(await page.locator('#reschedule-startsAt').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#reschedule-reason').getAttribute('aria-invalid')).toBe('true');
    await accessible('change a conference, with errors');
    const before = (await svc.api('GET', `/api/conferences/${b.id}`)).body;
    await page.locator('#reschedule-startsAt').fill('2027-01-18T10:00');
    await page.locator('#reschedule-reason').fill('The chair is ill');
    await page.locator('#reschedule-requestedBy').fill('Chair Person');
    await page.getByRole('button', { name: 'Reschedule the conference' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('The conference has a new time');
    const after = (await svc.api('GET', `/api/conferences/${b.id}`)).body;
    expect(after.startsAt).toBe('2027-01-18T10:00:00+00:00');
    expect(after.version).toBe(before.version + 1);
    const audit = after.audit.find((e: { action: string }) => e.action === 'conference.rescheduled');
    expect(audit.actor).toBe('coordinator');
    expect(audit.detail).toMatchObject({ requestedBy: 'Chair Person', reason: 'The chair is ill' });
    // The API's reschedule of the same kind of conference ends the same way.
    const twin = (
      await svc.api(
        'POST',
        '/api/conferences',
        hackneyInitialBody({ startsAt: '2027-01-11T10:00', strategyDiscussionOn: '2026-12-01' }),
      )
    ).body;
    const api = await svc.api('POST', `/api/conferences/${twin.id}/reschedule`, {
      startsAt: '2027-01-18T10:00',
      reason: 'The chair is ill',
      requestedBy: 'Chair Person',
    });
    expect(api.status).toBe(200);
    expect(after.timetable).toEqual(api.body.timetable);
    // Both end in the same state once their new invitations have gone: the in-process worker may have
    // sent the page's already when it was read, and not yet the API's ('invited' against 'rescheduled').
    const both = await until(
      'both invited at their new time',
      async () => {
        const views = await Promise.all(
          [b.id, twin.id].map(async (id) => (await svc.api('GET', `/api/conferences/${id}`)).body),
        );
        return views.every((v) => v.state === 'invited') ? views : undefined;
      },
      30_000,
    );
    expect(both[0].timetable).toEqual(both[1].timetable);
  });

  it(
    'postpones and cancels from the page, as the API would, and retries a failed job',
    { timeout: 120_000 },
    async () => {
      const make = async () =>
        (
          await svc.api(
            'POST',
            '/api/conferences',
            hackneyInitialBody({
              startsAt: '2027-01-27T10:00',
              strategyDiscussionOn: notAfterToday(svc, '2027-01-11'),
            }),
          )
        ).body as { id: string };
      const [paused, twinPaused, ended, twinEnded] = [await make(), await make(), await make(), await make()];
      const view = async (id: string) => (await svc.api('GET', `/api/conferences/${id}`)).body;
      const change = async (id: string, what: 'postpone' | 'cancel', button: string) => {
        await page.goto(`/dashboard/c/${id}/change`);
        await page.locator(`#${what}-reason`).fill('The family moved away');
        await page.locator(`#${what}-requestedBy`).fill('Chair Person');
        await page.getByRole('button', { name: button }).click();
      };
      await change(paused.id, 'postpone', 'Postpone the conference');
      expect(await page.getByRole('status').first().textContent()).toContain('The conference is postponed');
      await accessible('postponed');
      await change(ended.id, 'cancel', 'Cancel the conference');
      expect(await page.getByRole('status').first().textContent()).toContain('The conference is cancelled');
      const asked = { reason: 'The family moved away', requestedBy: 'Chair Person' };
      expect((await svc.api('POST', `/api/conferences/${twinPaused.id}/postpone`, asked)).status).toBe(200);
      expect((await svc.api('POST', `/api/conferences/${twinEnded.id}/cancel`, asked)).status).toBe(200);
      for (const [mine, twin, action] of [
        [paused.id, twinPaused.id, 'conference.postponed'],
        [ended.id, twinEnded.id, 'conference.cancelled'],
      ] as const) {
        const [a1, a2] = [await view(mine), await view(twin)];
        expect([a1.state, a1.version], action).toEqual([a2.state, a2.version]);
        expect(a1.audit.find((e: { action: string }) => e.action === action)).toMatchObject({
          actor: 'coordinator',
          detail: asked,
        });
      }

      // A job that failed every attempt (the mail server refused): retried from its conference's page.
      svc.smtp.refuse = true;
      const failing = await make();
      await svc.advanceTo(new Date(svc.rt.clock.now().getTime() + 1000).toISOString());
      const failed = async () =>
        ((await svc.api('GET', '/api/jobs/failed')).body as { id: string; conferenceId: string }[]).filter(
          (j) => j.conferenceId === failing.id,
        );
      await until('a failed job', async () => (await failed())[0], 30_000);
      svc.smtp.refuse = false;
      await page.goto(`/dashboard/c/${failing.id}`);
      await accessible('a failed job');
      // Several jobs may have failed (one per recipient refused); the page's first Retry is one of them.
      const before = (await failed()).map((j) => j.id);
      await page
        .getByRole('button', { name: /^Retry / })
        .first()
        .click();
      expect(await page.getByRole('status').first().textContent()).toContain('The job has been queued again');
      await until(
        'one of the failed jobs no longer failed',
        async () => {
          const now = new Set((await failed()).map((j) => j.id));
          return before.some((id) => !now.has(id)) || undefined;
        },
        30_000,
      );
      expect((await view(failing.id)).audit.find((e: { action: string }) => e.action === 'job.retried')).toMatchObject({
        actor: 'coordinator',
      });
    },
  );

  it(
    'creates a conference from a form: errors name the field and create nothing, then the same as the API',
    { timeout: 90_000 },
    async () => {
      await page.goto('/dashboard');
      await page.getByRole('link', { name: 'Create a conference' }).click();
      await page.getByLabel('Policy').selectOption('hackney');
      await page.getByRole('button', { name: 'Continue' }).click();
      await accessible('create a conference');
      const count = async () => (await svc.api('GET', '/api/conferences')).body.length;
      const before = await count();
      await page.getByLabel('Kind of conference').selectOption('initial');
      await page.locator('#startsAt').fill('2027-01-20T10:00');
      await page.locator('#children-0-firstName').fill('Ada');
      await page.locator('#children-0-lastName').fill('Testkind');
      await page.locator('#children-0-dateOfBirth').fill('2020-02-02');
      const person = async (row: number, p: Record<string, string>) => {
        for (const [k, v] of Object.entries(p)) {
          const field = page.locator(`#attendees-${row}-${k}`);
          if (k === 'role' || k === 'contactPreference') await field.selectOption(v);
          else await field.fill(v);
        }
      };
      await person(0, { name: 'Chair Person', role: 'chair', email: 'chair@example.gov.uk' });
      // An email that is not one (the schema's check) and a strategy discussion after the conference (the use-case's own): named together.
      await page.locator('#strategyDiscussionOn').fill('2027-01-21');
      await person(1, {
        name: 'Sam Social',
        role: 'social-worker',
        email: 'sw-at-example',
        agency: 'Children’s social care',
        managerEmail: 'sw.manager@example.gov.uk',
      });
      await person(3, {
        name: 'Pat Police',
        role: 'police',
        email: 'police@police.example.uk',
        managerEmail: 'pm@police.example.uk',
      });
      await person(4, { name: 'Jade Testkind', role: 'parent', email: 'jade@family.example.com' });
      await page.getByRole('button', { name: 'Create the conference' }).click();
      const problem = (await page.getByRole('alert').textContent())!;
      expect(problem).toContain('There is a problem');
      // Row 2 of the form (the fourth attendee was typed in row 4): each error names the row and field it is about.
      expect(problem).toMatch(/Attendee 2, email: /);
      expect(problem).toContain('Date of the strategy discussion: must be on or before the conference date');
      expect(await page.locator('#attendees-1-email').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#strategyDiscussionOn').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#attendees-3-name').inputValue()).toBe('Pat Police');
      await accessible('create a conference, with errors');
      expect(await count()).toBe(before);
      await page.locator('#attendees-1-email').fill('sw@example.gov.uk');
      // A strategy discussion is never after today (the clock stands at the end of December).
      const strategy = notAfterToday(svc, '2027-01-04');
      await page.locator('#strategyDiscussionOn').fill(strategy);
      await page.getByRole('button', { name: 'Create the conference' }).click();
      expect(await page.getByRole('status').first().textContent()).toContain('The conference is created');
      const id = new URL(page.url()).pathname.split('/').at(-1)!;
      const made = (await svc.api('GET', `/api/conferences/${id}`)).body;
      // The API given the same body ends the same way.
      const twin = await svc.api('POST', '/api/conferences', {
        policy: 'hackney',
        kind: 'initial',
        startsAt: '2027-01-20T10:00',
        strategyDiscussionOn: strategy,
        mode: 'virtual',
        children: [{ firstName: 'Ada', lastName: 'Testkind', dateOfBirth: '2020-02-02' }],
        attendees: [
          { name: 'Chair Person', role: 'chair', email: 'chair@example.gov.uk' },
          {
            name: 'Sam Social',
            role: 'social-worker',
            email: 'sw@example.gov.uk',
            agency: 'Children’s social care',
            managerEmail: 'sw.manager@example.gov.uk',
          },
          {
            name: 'Pat Police',
            role: 'police',
            email: 'police@police.example.uk',
            managerEmail: 'pm@police.example.uk',
          },
          { name: 'Jade Testkind', role: 'parent', email: 'jade@family.example.com', contactPreference: 'email' },
        ],
      });
      expect(twin.status).toBe(201);
      const api = (await svc.api('GET', `/api/conferences/${twin.body.id}`)).body;
      // Both are invited once their invitations have gone (the page's went first).
      const states = () =>
        Promise.all([id, twin.body.id].map(async (x) => (await svc.api('GET', `/api/conferences/${x}`)).body.state));
      await until('both invited', async () => (await states()).every((st) => st === 'invited') || undefined, 30_000);
      for (const k of ['kind', 'mode', 'startsAt', 'timetable', 'children'])
        expect(made[k], k).toEqual(
          k === 'children' ? api[k].map((c: object) => ({ ...c, recordId: expect.any(String) })) : api[k],
        );
      expect(made.attendees.map((a: { name: string; role: string }) => [a.name, a.role])).toEqual(
        api.attendees.map((a: { name: string; role: string }) => [a.name, a.role]),
      );
      expect(made.audit.find((e: { action: string }) => e.action === 'conference.created').actor).toBe('coordinator');
    },
  );

  it(
    'adds and removes an attendee and sets a parent’s own time from the page, as the API would',
    { timeout: 90_000 },
    async () => {
      const c = (
        await svc.api(
          'POST',
          '/api/conferences',
          hackneyInitialBody({ startsAt: '2027-01-25T10:00', strategyDiscussionOn: notAfterToday(svc, '2027-01-08') }),
        )
      ).body;
      await page.goto(`/dashboard/c/${c.id}`);
      await page.getByRole('link', { name: 'Add or remove attendees, set parents’ own times' }).click();
      await accessible('attendees');
      const version = (await svc.api('GET', `/api/conferences/${c.id}`)).body.version;
      // Nothing chosen: the role and the person who asked are named, nothing added.
      await page.locator('#add-name').fill('Dee Deputy');
      await page.getByRole('button', { name: 'Add them' }).click();
      const problem = (await page.getByRole('alert').textContent())!;
      expect(problem).toMatch(/Role: /);
      expect(problem).toMatch(/Who asked for it: /);
      expect(await page.locator('#add-role').getAttribute('aria-invalid')).toBe('true');
      await accessible('attendees, with errors');
      let v = (await svc.api('GET', `/api/conferences/${c.id}`)).body;
      expect(v.attendees.some((a: { name: string }) => a.name === 'Dee Deputy')).toBe(false);
      await page.locator('#add-role').selectOption('professional');
      await page.locator('#add-email').fill('dee@school.example.org');
      await page.locator('#add-agency').fill('School');
      await page.locator('#add-managerEmail').fill('head@school.example.org');
      await page.locator('#add-requestedBy').fill('Chair Person');
      await page.getByRole('button', { name: 'Add them' }).click();
      expect(await page.getByRole('status').first().textContent()).toContain('Added');
      v = (await svc.api('GET', `/api/conferences/${c.id}`)).body;
      const dee = v.attendees.find((a: { name: string }) => a.name === 'Dee Deputy');
      expect(dee).toMatchObject({ role: 'professional', email: 'dee@school.example.org', agency: 'School' });
      expect(dee.report.status).toBeDefined();
      const added = v.audit.find((e: { action: string }) => e.action === 'attendee.added');
      expect(added).toMatchObject({
        actor: 'coordinator',
        detail: { attendeeId: dee.id, requestedBy: 'Chair Person' },
      });

      await page.getByRole('link', { name: 'Add or remove attendees, set parents’ own times' }).click();
      await page.locator('#remove-attendeeId').selectOption(dee.id);
      await page.getByRole('button', { name: 'Remove them' }).click();
      expect(await page.getByRole('alert').textContent()).toMatch(/Reason: /);
      expect(
        (await svc.api('GET', `/api/conferences/${c.id}`)).body.attendees.some((a: { id: string }) => a.id === dee.id),
      ).toBe(true);
      await page.locator('#remove-attendeeId').selectOption(dee.id);
      await page.locator('#remove-reason').fill('No longer involved');
      await page.locator('#remove-requestedBy').fill('Sam Social');
      await page.getByRole('button', { name: 'Remove them' }).click();
      expect(await page.getByRole('status').first().textContent()).toContain('Removed');
      v = (await svc.api('GET', `/api/conferences/${c.id}`)).body;
      expect(v.attendees.some((a: { id: string }) => a.id === dee.id)).toBe(false);
      expect(v.audit.find((e: { action: string }) => e.action === 'attendee.removed')).toMatchObject({
        actor: 'coordinator',
        detail: { attendeeId: dee.id, reason: 'No longer involved', requestedBy: 'Sam Social' },
      });

      // A parent's own time: one that overlaps the professionals is refused naming the parent, then one that fits.
      const marcus = v.attendees.find((a: { name: string }) => a.name === 'Marcus Testfamily');
      await page.getByRole('link', { name: 'Add or remove attendees, set parents’ own times' }).click();
      await page.locator(`#slot-${marcus.id}`).fill('2027-01-25T10:00');
      await page.getByRole('button', { name: 'Save the parents’ times' }).click();
      expect(await page.getByRole('alert').textContent()).toMatch(/Marcus Testfamily’s own time: .*overlaps/);
      expect(await page.locator(`#slot-${marcus.id}`).getAttribute('aria-invalid')).toBe('true');
      expect(
        (await svc.api('GET', `/api/conferences/${c.id}`)).body.attendees.find(
          (a: { id: string }) => a.id === marcus.id,
        ).preMeetingSlot,
      ).toBeUndefined();
      await page.locator(`#slot-${marcus.id}`).fill('2027-01-25T10:20');
      await page.getByRole('button', { name: 'Save the parents’ times' }).click();
      expect(await page.getByRole('status').first().textContent()).toContain('Saved');
      v = (await svc.api('GET', `/api/conferences/${c.id}`)).body;
      expect(v.attendees.find((a: { id: string }) => a.id === marcus.id).preMeetingSlot).toEqual({
        startsAt: '2027-01-25T10:20:00+00:00',
      });
      expect(v.version).toBe(version);
      expect(v.audit.find((e: { action: string }) => e.action === 'family.pre-meeting-slots-set')).toMatchObject({
        actor: 'coordinator',
        detail: { requestedBy: 'chair' },
      });
    },
  );

  it(
    'confirms a drafted review from the page: a past time is named, then it is scheduled',
    { timeout: 120_000 },
    async () => {
      await holdMeeting(svc, a as unknown as Created, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      expect((await svc.api('POST', `/api/conferences/${a.id}/decision/approve`, {})).status).toBe(200);
      await settle(svc);
      const draftId = await until(
        'the review draft',
        async () => (await svc.api('GET', `/api/conferences/${a.id}`)).body.reviewDraftId,
        60_000,
      );
      await page.goto(`/dashboard/c/${draftId}`);
      await page.getByRole('link', { name: 'Confirm this drafted review' }).click();
      await accessible('confirm a review');
      await page.locator('#confirm-startsAt').fill('2026-06-01T10:00');
      await page.getByRole('button', { name: 'Confirm the review' }).click();
      expect(await page.getByRole('alert').textContent()).toMatch(/Another date and time: must be in the future/);
      expect(await page.locator('#confirm-startsAt').getAttribute('aria-invalid')).toBe('true');
      expect((await svc.api('GET', `/api/conferences/${draftId}`)).body.state).toBe('draft');
      await page.locator('#confirm-startsAt').fill('');
      await page.locator('#confirm-by').fill('Chair Person');
      await page.getByRole('button', { name: 'Confirm the review' }).click();
      expect(await page.getByRole('status').first().textContent()).toContain('The review is confirmed');
      // Confirmed, it is scheduled and its invitations are queued at once: reading it straight after
      // found 'invited' when the worker had already sent them (seen on the loaded machine), so wait for that.
      const after = await until(
        'the confirmed review invited',
        async () => {
          const v = (await svc.api('GET', `/api/conferences/${draftId}`)).body;
          return v.state === 'invited' && v;
        },
        30_000,
      );
      expect(after.audit.find((e: { action: string }) => e.action === 'conference.confirmed')).toMatchObject({
        actor: 'coordinator',
        detail: { requestedBy: 'Chair Person' },
      });
      // The API refuses a second confirmation, as it would after its own.
      expect((await svc.api('POST', `/api/conferences/${draftId}/confirm`, {})).status).toBe(409);
    },
  );

  it(
    'records from the page that an absent parent was told the decision, as the API would',
    { timeout: 180_000 },
    async () => {
      // Two days on from the review meeting above: every other conference's chasers run as the clock
      // moves, so it moves no further than this meeting needs.
      const base = hackneyInitialBody({
        policy: 'cumbria',
        startsAt: '2027-01-06T10:00',
        strategyDiscussionOn: notAfterToday(svc, '2027-01-04'),
      });
      const c = await create(svc, { ...base, attendees: [...(base.attendees as object[]), ...extraAttendees()] });
      await settle(svc);
      const jade = c.attendees.find((x) => x.email === 'jade@family.example.com')!;
      const marcus = c.attendees.find((x) => x.role === 'parent' && !x.email)!;
      await holdMeeting(svc, c, { at: '2027-01-06T10:00', decideAt: '2027-01-06T11:45', absent: [jade.id, marcus.id] });
      expect((await svc.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(svc);
      await page.goto(`/dashboard/c/${c.id}`);
      await accessible('parents to tell the decision');
      const form = page.locator(`form[action$="/circulation/${jade.id}/told"]`);
      // Nothing chosen: each question named, nothing recorded.
      await form.getByRole('button').click();
      expect(await page.getByRole('alert').first().textContent()).toContain('There is a problem');
      const recorded = async () =>
        (await svc.api('GET', `/api/conferences/${c.id}`)).body.audit.filter(
          (e: { action: string }) => e.action === 'decision.told-in-person',
        );
      expect(await recorded()).toHaveLength(0);
      const again = page.locator(`form[action$="/circulation/${jade.id}/told"]`);
      await again.locator('input[name="explainedBy"][value="social-worker"]').check();
      await again.locator('input[name="how"][value="in-person"]').check();
      await again.locator('input[name="view"][value="in-writing"]').check();
      await again.getByRole('button').click();
      expect(await page.getByRole('status').first().textContent()).toContain('Recorded that the parent was told');
      // The API records Marcus the same way.
      await toldTheDecision(svc, c, marcus.id, { explainedBy: 'social-worker', how: 'in-person', view: 'in-writing' });
      const [byPage, byApi] = (await recorded()) as { actor: string; detail: Record<string, unknown> }[];
      expect(byPage!.actor).toBe('coordinator');
      expect({ ...byPage!.detail, attendeeId: undefined }).toEqual({ ...byApi!.detail, attendeeId: undefined });
      // Both letters released: Jade's by email, Marcus's to the print queue (he gets letters by post).
      const status = (await svc.api('GET', `/api/conferences/${c.id}`)).body.circulation.recipients;
      const of = (id: string) => status.find((r: { key: string }) => r.key === id).status;
      expect([of(jade.id), of(marcus.id)]).toEqual(['sent', 'waiting-to-print']);
    },
  );
});
