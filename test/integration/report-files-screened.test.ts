/**
 * A report sent through the upload page keeps whatever files came with it (the page's "PDF or Word"
 * is a hint to the browser, not a check), but a program or a web page among them is never handed
 * on: the chair's notice and the chair's conference pack attach only the PDF, and a professional
 * reading the reports from their own link is offered only the PDF, while the stored ids of the
 * others open nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, create, settle, type Created } from '../helpers/decision-flow.ts';
import { linkPath, PageClient, uploadReport } from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const PDF = Buffer.from('%PDF-1.4\n% health visitor report\n%%EOF\n');

let s: TestService;
let c: Created;
beforeAll(async () => {
  s = await startTestService();
  c = await create(s, hackneyInitialBody());
  await settle(s);
  await s.advanceTo('2026-12-21T10:00');
  await uploadReport(s, c.id, byRole(c, 'professional').id, { text: 'HV report: what is working well.' }, [
    { name: 'hv report.pdf', data: PDF },
    { name: 'setup.exe', data: Buffer.from([0x4d, 0x5a, 0x90, 0]), type: 'application/octet-stream' },
    { name: 'notes.pdf', data: '<!DOCTYPE html><script>alert(1)</script>', type: 'text/html' },
  ]);
  await settle(s);
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

describe('files stored with a report that are never handed on', () => {
  it('the chair’s notice attaches only the PDF', { timeout: 30_000 }, async () => {
    const notice = await until('the chair’s notice of the report', () =>
      s.smtp.messages.find(
        (m) =>
          m.envelopeTo.includes('chair@example.gov.uk') &&
          m.parsed.subject === `${c.reference}: report received from the professional`,
      ),
    );
    expect(notice.parsed.attachments.map((a) => a.filename)).toEqual([
      `${c.reference}-report-${byRole(c, 'professional').id}-v1-1.pdf`,
    ]);
  });

  it('a professional’s reports page offers only the PDF, and the others’ ids open nothing', async () => {
    const hv = byRole(c, 'professional').id;
    const reports = `${await linkPath(s, c.id, byRole(c, 'police').id, 'rsvp')}/reports`;
    const client = new PageClient(s.url);
    const page = await client.get(reports);
    expect(page.text).toContain('HV report: what is working well.');
    expect([...page.text.matchAll(/download>Download ([^<]+)</g)].map((m) => m[1])).toEqual([
      `${c.reference}-report-${hv}-v1-1.pdf`,
    ]);
    const [, exe, html] = (await s.rt.deps.store.get(c.id))!.reports[hv]!.submissions[0]!.blobIds!;
    for (const blobId of [exe!, html!]) expect((await client.get(`${reports}/${blobId}`)).status).toBe(404);
  });

  it('the conference pack attaches only the PDF, beside the pack itself', { timeout: 60_000 }, async () => {
    await s.advanceTo('2026-12-29T17:00');
    await s.idle();
    const pack = await until('the conference pack', () =>
      s.smtp.messages.find((m) => m.parsed.subject === `${c.reference}: conference pack (1 report, 2 missing)`),
    );
    expect(pack.envelopeTo).toEqual(['chair@example.gov.uk']);
    // The PDF here is too bare to join into the pack, so it goes beside it.
    expect(pack.parsed.attachments.map((a) => a.filename)).toEqual([
      `${c.reference}-conference-pack.pdf`,
      `${c.reference}-report-${byRole(c, 'professional').id}-v1-1.pdf`,
    ]);
  });
});
