/**
 * The coordinator's desk in Chromium: today's work, finding a conference, the print queue and
 * rescheduling from the browser, each page axe-clean (WCAG 2.2 AA) and usable 375 px wide; a
 * letter marked printed and a conference rescheduled from the page end as the API would leave them.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ABSENT, chromiumPresent, expectNoAxeViolations, launchChromium } from '../helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';

const present = chromiumPresent;
if (!present) console.warn(`desk browser tests skipped: ${CHROMIUM_ABSENT}`);
it.runIf(!present)('the coordinator’s desk in a real browser', (t) => t.skip(CHROMIUM_ABSENT));

let svc: TestService;
let browser: Browser;
let ctx: BrowserContext;
let a: { id: string; reference: string };
let b: { id: string; reference: string };

async function accessible(page: Page, label: string): Promise<void> {
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
        strategyDiscussionOn: '2026-12-21',
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
    const page = await ctx.newPage();
    await page.goto('/dashboard/sign-in');
    await page.getByLabel('Coordinator key').fill(TEST_API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.close();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('today’s work, then finding a conference by the child’s name', async () => {
    const page = await ctx.newPage();
    await page.goto('/dashboard');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Today’s work');
    expect(await page.getByRole('list', { name: 'Counts' }).textContent()).toMatch(/3\s*reports overdue/);
    const work = await page.getByRole('region', { name: 'Needs action' }).textContent();
    expect(work).toContain('Invitation to the conference for Marcus Testfamily');
    expect(work).toContain('28 days overdue');
    await accessible(page, 'today’s work');
    await page.getByLabel('Name, reference or agency').fill('zoe kowalski');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL(/\/dashboard\/find\?/);
    const found = await page.getByRole('region', { name: 'Conferences' }).textContent();
    expect(found).toContain(b.reference);
    expect(found).not.toContain(a.reference);
    await accessible(page, 'search results');
    // A date typed where the browser has no date picker (the field is sent as typed).
    await page.goto('/dashboard/find?q=kowalski&from=30%2F02%2F2027');
    expect(await page.getByRole('alert').textContent()).toContain('There is a problem');
    expect(await page.locator('#from').getAttribute('aria-invalid')).toBe('true');
    await accessible(page, 'search with a bad date');
    await page.close();
  });

  it('the print queue: open the PDF, mark the letter printed, and it leaves the day’s work', async () => {
    const page = await ctx.newPage();
    await page.goto('/dashboard');
    await page.getByRole('link', { name: 'Print queue' }).click();
    const queue = page.getByRole('region', { name: 'Letters to print and post' });
    expect(await queue.textContent()).toMatch(/Invitation to the conference.*Marcus Testfamily/);
    await accessible(page, 'print queue');
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
    await page.close();
  });

  it('reschedules from the page: a missing field is named, then the same outcome as the API', async () => {
    const page = await ctx.newPage();
    await page.goto(`/dashboard/c/${b.id}`);
    await page.getByRole('link', { name: 'Reschedule, postpone or cancel this conference' }).click();
    await accessible(page, 'change a conference');
    await page.getByRole('button', { name: 'Reschedule the conference' }).click();
    const problem = await page.getByRole('alert').textContent();
    expect(problem).toContain('There is a problem');
    expect(await page.locator('#reschedule-startsAt').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#reschedule-reason').getAttribute('aria-invalid')).toBe('true');
    await accessible(page, 'change a conference, with errors');
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
        hackneyInitialBody({ startsAt: '2027-01-11T10:00', strategyDiscussionOn: '2026-12-21' }),
      )
    ).body;
    const api = await svc.api('POST', `/api/conferences/${twin.id}/reschedule`, {
      startsAt: '2027-01-18T10:00',
      reason: 'The chair is ill',
      requestedBy: 'Chair Person',
    });
    expect(api.status).toBe(200);
    expect(after.state).toBe(api.body.state);
    expect(after.timetable).toEqual(api.body.timetable);
    await page.close();
  });
});
