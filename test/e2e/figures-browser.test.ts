/**
 * The figures page in a real browser (Debian's Chromium through playwright-core): one conference
 * held, decided and circulated (its posted letter printed two hours later), then the dashboard's
 * figures for December 2026 on a desktop and on a 375-pixel phone. The charts are server-drawn SVG
 * images with a title, each beside a table of its numbers; axe-core finds no WCAG 2.2 AA violation
 * on the page nor on its error page (a period the wrong way round, the field named).
 */
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ABSENT, chromiumPresent, expectNoAxeViolations, launchChromium } from '../helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';

const present = chromiumPresent;
if (!present) console.warn(`figures browser tests skipped: ${CHROMIUM_ABSENT}`);
it.runIf(!present)('the figures page in a real browser', (t) => t.skip(CHROMIUM_ABSENT));

let svc: TestService;
let browser: Browser;
let reference: string;

async function signedIn(width: number): Promise<Page> {
  const ctx = await browser.newContext({ bypassCSP: true, baseURL: svc.url, viewport: { width, height: 800 } });
  const page = await ctx.newPage();
  await page.goto('/dashboard/sign-in');
  await page.getByLabel('Coordinator key').fill(TEST_API_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard$/);
  return page;
}

describe.skipIf(!present)('the figures page in Chromium', () => {
  beforeAll(async () => {
    svc = await startTestService();
    const c = await create(
      svc,
      hackneyInitialBody({ startsAt: '2026-12-01T10:00', strategyDiscussionOn: '2026-11-20' }),
    );
    reference = c.reference;
    await holdMeeting(svc, c, { at: '2026-12-01T10:00:00Z', decideAt: '2026-12-01T12:00:00Z' });
    expect((await svc.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
    await settle(svc);
    await svc.idle(60_000);
    await svc.advanceTo('2026-12-01T14:00:00Z');
    const letter = (await svc.api('GET', `/api/conferences/${c.id}`)).body.hardCopies.find(
      (h: { document: string }) => h.document === 'decision-letter',
    );
    expect((await svc.api('POST', `/api/conferences/${c.id}/hard-copies/${letter.blobId}/printed`, {})).status).toBe(
      200,
    );
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('shows every figure with how it is counted, and two charts each beside its table', async () => {
    const page = await signedIn(1280);
    await page.getByRole('link', { name: 'Figures' }).click();
    await page.getByLabel('From', { exact: true }).fill('2026-12-01');
    await page.getByLabel('To', { exact: true }).fill('2026-12-31');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForURL(/\/dashboard\/figures\?/);
    expect(await page.title()).toBe('Figures – Child protection conference');
    await expectNoAxeViolations(page, 'figures');
    for (const heading of [
      'Initial conferences within 15 working days',
      'Reports received by the deadline',
      'Decision and plan: time to the last recipient',
      'Children on a plan for over 12 months',
      'Plan actions done on time',
    ])
      expect(await page.getByRole('heading', { level: 2, name: heading }).count(), heading).toBe(1);
    expect(await page.getByText('How it is counted:').count()).toBe(10);
    // Held on 1 December, 7 working days after the strategy discussion: within.
    expect(await page.locator('.counts').textContent()).toContain('100% initial conferences within 15 working days');
    // Decided at 12:00, the posted letter printed at 14:00: 2 hours.
    expect(await page.locator('.counts').textContent()).toContain('2 hours median time to circulate the decision');
    const circulation = page.getByRole('img', { name: /median hours from the end of the meeting/ });
    expect(await circulation.count()).toBe(1);
    expect(await circulation.locator('desc').textContent()).toBe('Dec 2026: 2 hours');
    expect(
      await page
        .getByRole('table', { name: 'Circulation time per month' })
        .getByRole('row', { name: /Dec 2026/ })
        .textContent(),
    ).toBe('Dec 202612');
    const reports = page.getByRole('img', { name: /Reports per month/ });
    expect(await reports.locator('desc').textContent()).toBe('Dec 2026: 0 on time, 0 late, 3 missing');
    expect(
      await page
        .getByRole('table', { name: 'Reports per month' })
        .getByRole('row', { name: /Dec 2026/ })
        .textContent(),
    ).toBe('Dec 2026003');
    expect(
      await page.getByRole('link', { name: 'Download these figures as a spreadsheet (CSV)' }).getAttribute('href'),
    ).toBe('/dashboard/figures.csv?from=2026-12-01&to=2026-12-31');
    await page.context().close();
  });

  it('is readable on a 375-pixel phone: nothing wider than the screen, chart text at least 10 pixels', async () => {
    const page = await signedIn(375);
    await page.goto('/dashboard/figures?from=2026-12-01&to=2026-12-31');
    await expectNoAxeViolations(page, 'figures at 375 px');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll('svg.chart')].map((svg) => {
        const box = svg.getBoundingClientRect();
        const text = svg.querySelector('text')!.getBoundingClientRect();
        return { width: box.width, right: box.right, textHeight: text.height };
      }),
    );
    expect(sizes).toHaveLength(2);
    for (const s of sizes) {
      expect(s.right).toBeLessThanOrEqual(375);
      expect(s.textHeight).toBeGreaterThanOrEqual(10);
    }
    await page.context().close();
  });

  it('a period the wrong way round: 400, the field named, nothing else shown', async () => {
    const page = await signedIn(1280);
    const res = await page.goto('/dashboard/figures?from=2026-12-31&to=2026-12-01');
    expect(res?.status()).toBe(400);
    expect(await page.title()).toBe('Error: Figures – Child protection conference');
    expect(await page.getByRole('alert').textContent()).toContain(
      '2026-12-01 is before from (2026-12-31): the period is the wrong way round',
    );
    expect(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('svg.chart').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain(reference);
    await expectNoAxeViolations(page, 'figures, bad period');
    await page.context().close();
  });
});
