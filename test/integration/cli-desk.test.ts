/**
 * `cpc worklist | find | show | print-queue` run as a coordinator would (the command's `run` in this
 * process, as the bin calls it; test/integration/cli.test.ts spawns the bin itself) against a running
 * service on a simulated clock: what they print, their JSON, `--help`, and their exit codes (1 nothing
 * found, 2 bad input naming the flag, 3 no service or a wrong key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpcInProcess } from '../helpers/cpc.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';

let svc: TestService;
let a: { id: string; reference: string };

/** With the service's address and the coordinator key unless the test says otherwise. */
const cpc = (args: string[], env: Record<string, string> = {}) =>
  cpcInProcess(args, { CPC_URL: svc.url, CPC_API_KEY: TEST_API_KEY, ...env });

beforeAll(async () => {
  svc = await startTestService();
  const r = await svc.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status).toBe(201);
  a = r.body;
  // After the reports were due (Tue 29 Dec 17:00) and long after Marcus's letter was to be posted.
  await svc.advanceTo('2026-12-31T16:00:00Z');
}, 60_000);

afterAll(async () => {
  await svc?.stop();
});

describe('cpc against a running service', () => {
  it('worklist: counts, then each item most urgent first with what to do', async () => {
    const r = await cpc(['worklist']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^\d+ overdue; 3 reports overdue; 1 letters to print and post/);
    expect(r.stdout).toContain(
      `OVERDUE  ${a.reference}  Invitation to the conference for Marcus Testfamily, Parent, by post (28 days overdue (was due Wed 2 Dec 2026 17:00))`,
    );
    expect(r.stdout).toContain('→ Print the letter, post it, then mark it printed.');
    expect(r.stdout).toMatch(/OVERDUE {2}CPC-\d{4}-\d{4} {2}Report overdue from Pat Police, Police/);
    const json = JSON.parse((await cpc(['worklist', '--json'])).stdout);
    expect(json.counts['report-overdue']).toBe(3);
  }, 90_000);

  it('find: by a child’s name, with both times; nothing found exits 1; a bad filter exits 2 naming it', async () => {
    const r = await cpc(['find', 'ruby', 'testfamily']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `${a.reference}  Invited  Mon 4 Jan 2027: parents 10:00, professionals 10:30 (in 4 days)`,
    );
    expect(r.stdout).toContain(
      'About: Ruby Testfamily; Leo Testfamily; Jade Testfamily (parent or carer); Marcus Testfamily (parent or carer)',
    );
    const none = await cpc(['find', 'nobody']);
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe('cpc: no conference matches "nobody"');
    const bad = await cpc(['find', 'ruby', '--state', 'asleep']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cpc: --state: /);
    const json = JSON.parse((await cpc(['find', 'testfamily', '--json'])).stdout);
    expect(json.total).toBe(1);
    expect(json.results[0].reference).toBe(a.reference);
  }, 90_000);

  it('show and print-queue: one conference, and the letters in words', async () => {
    const show = await cpc(['show', a.reference.toLowerCase()]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Children: Ruby Testfamily; Leo Testfamily');
    expect(show.stdout).toMatch(
      /Pat Police \(police, Police\): report (overdue|escalated), due Tue 29 Dec 2026 17:00 \(2 days ago\)/,
    );
    expect(show.stdout).toContain(
      'Invitation to the conference for Marcus Testfamily: post by Wed 2 Dec 2026 17:00 (29 days ago)',
    );
    expect(show.stdout).toContain('Needs action:');
    expect((await cpc(['show', 'CPC-2099-9999'])).code).toBe(1);
    const notRef = await cpc(['show', 'ruby']);
    expect(notRef.code).toBe(2);
    expect(notRef.stderr).toContain('<reference>');
    const queue = await cpc(['print-queue']);
    expect(queue.code).toBe(0);
    expect(queue.stdout.trim()).toBe(
      `OVERDUE  ${a.reference}  Invitation to the conference for Marcus Testfamily: post by Wed 2 Dec 2026 17:00 (29 days ago)`,
    );
  }, 90_000);

  it('--help on each command, and exit 3 without a service or with a wrong key', async () => {
    for (const c of ['worklist', 'find', 'show', 'print-queue']) {
      const h = await cpc([c, '--help'], { CPC_URL: 'http://127.0.0.1:9' });
      expect(h.code, c).toBe(0);
      expect(h.stdout, c).toMatch(new RegExp(`^Usage: cpc ${c}`));
    }
    const down = await cpc(['worklist'], { CPC_URL: 'http://127.0.0.1:9' });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/^cpc: cannot reach the service at http:\/\/127\.0\.0\.1:9/);
    const wrong = await cpc(['worklist'], { CPC_API_KEY: 'not-the-key-not-the-key' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('refused the key');
  }, 90_000);
});
