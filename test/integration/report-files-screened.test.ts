/**
 * Files are screened once, at the door, before anything is stored. The upload page's "PDF or Word"
 * is a hint to the browser, not a check: a report sent with a program or a web page among its files
 * is refused whole, each such file named, and nothing of it is stored or sent. The outputs still
 * check what they hand on (the defence for files stored before the doors screened): with such a
 * file in the store, a professional reading the reports from their own link is offered only the
 * PDF, its id opens nothing, and the chair's conference pack attaches only the PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, create, settle, type Created } from '../helpers/decision-flow.ts';
import { csrfOf, linkPath, PageClient, plainText, uploadReport } from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const PDF = Buffer.from('%PDF-1.4\n% health visitor report\n%%EOF\n');
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0]);
const PAGE = '<!DOCTYPE html><script>alert(1)</script>';

let s: TestService;
let c: Created;
let hv: string;
beforeAll(async () => {
  s = await startTestService();
  c = await create(s, hackneyInitialBody());
  hv = byRole(c, 'professional').id;
  await settle(s);
  await s.advanceTo('2026-12-21T10:00');
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

const chairsNotice = () =>
  s.smtp.messages.find(
    (m) =>
      m.envelopeTo.includes('chair@example.gov.uk') &&
      m.parsed.subject === `${c.reference}: report received from the professional`,
  );

describe('files screened at the door', () => {
  it('refuses a report with a program or a web page among its files, naming each, and stores nothing', async () => {
    const path = await linkPath(s, c.id, hv, 'report');
    const client = new PageClient(s.url);
    const form = new FormData();
    form.append('_csrf', csrfOf((await client.get(path)).text));
    form.append('text', 'HV report: what is working well.');
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'hv report.pdf');
    form.append('file', new Blob([new Uint8Array(EXE)], { type: 'application/octet-stream' }), 'setup.exe');
    form.append('file', new Blob([PAGE], { type: 'text/html' }), 'notes.pdf');
    const blobsBefore = await s.rt.deps.store.listBlobs!(c.id);
    const res = await client.request('POST', path, form);

    expect(res.status).toBe(400);
    const page = plainText(res.text);
    expect(page).toContain('Error: The file “setup.exe” is not accepted (.exe file): send a PDF or Word document');
    expect(page).toContain('The file “notes.pdf” is not accepted (text/html): send a PDF or Word document');
    // Nothing of it kept: no submission, no stored file (not even the PDF), nothing sent.
    const stored = (await s.rt.deps.store.get(c.id))!;
    expect(stored.reports[hv]!.status).not.toBe('received');
    expect(stored.reports[hv]!.submissions).toEqual([]);
    expect(await s.rt.deps.store.listBlobs!(c.id)).toEqual(blobsBefore);
    await settle(s);
    expect(chairsNotice()).toBeUndefined();
  });

  it('takes the same report without them, and the chair’s notice attaches the PDF', { timeout: 30_000 }, async () => {
    await uploadReport(s, c.id, hv, { text: 'HV report: what is working well.' }, [
      { name: 'hv report.pdf', data: PDF },
    ]);
    await settle(s);
    const notice = await until('the chair’s notice of the report', chairsNotice);
    expect(notice.parsed.attachments.map((a) => a.filename)).toEqual([`${c.reference}-report-${hv}-v1-1.pdf`]);
  });
});

describe('files already in the store that are never handed on', () => {
  // As a file stored before the doors screened would be: beside the PDF in the same submission.
  let legacy: string[] = [];
  beforeAll(async () => {
    legacy = [`report-${hv}-old-exe`, `report-${hv}-old-html`];
    const meta = { attendeeId: hv, channel: 'web', at: '2026-12-21T10:00:00.000Z' };
    await s.rt.deps.store.putBlob(c.id, legacy[0]!, EXE, {
      ...meta,
      filename: 'setup.exe',
      contentType: 'application/octet-stream',
    });
    await s.rt.deps.store.putBlob(c.id, legacy[1]!, Buffer.from(PAGE), {
      ...meta,
      filename: 'notes.pdf',
      contentType: 'text/html',
    });
    await s.rt.deps.store.update(c.id, (cur) => {
      const r = cur.reports[hv]!;
      const [first, ...rest] = r.submissions;
      const blobIds = [...first!.blobIds!.slice(0, 1), ...legacy, ...first!.blobIds!.slice(1)];
      return {
        ...cur,
        reports: {
          ...cur.reports,
          [hv]: {
            ...r,
            submissions: [{ ...first!, blobIds, attachmentCount: first!.attachmentCount + legacy.length }, ...rest],
          },
        },
      };
    });
  });

  it('a professional’s reports page offers only the PDF, and the others’ ids open nothing', async () => {
    const reports = `${await linkPath(s, c.id, byRole(c, 'police').id, 'rsvp')}/reports`;
    const client = new PageClient(s.url);
    const page = await client.get(reports);
    expect(page.text).toContain('HV report: what is working well.');
    expect([...page.text.matchAll(/download>Download ([^<]+)</g)].map((m) => m[1])).toEqual([
      `${c.reference}-report-${hv}-v1-1.pdf`,
    ]);
    for (const blobId of legacy) expect((await client.get(`${reports}/${blobId}`)).status).toBe(404);
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
      `${c.reference}-report-${hv}-v1-1.pdf`,
    ]);
  });
});
