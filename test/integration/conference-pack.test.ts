/**
 * When the report deadline passes the chair gets one conference pack: a PDF with a cover (who the
 * conference is about, what arrived, what is missing, whom in the family each report was shared
 * with), then each report in the order it arrived, the authors' own PDF pages joined in as sent.
 */
import PDFDocument from 'pdfkit';
import { PDFDocument as PdfLib } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { byRole, create, settle } from '../helpers/decision-flow.ts';
import { uploadReport } from '../helpers/pages.ts';
import { pdfFonts, pdfInfo, pdfStructure, pdfText } from '../helpers/pdf-text.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function authorPdf(marker: string, pages: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
  for (let i = 1; i <= pages; i++) {
    if (i > 1) doc.addPage();
    doc.text(`${marker} page ${i}`);
  }
  doc.end();
  return done;
}

const packs = (s: TestService) => s.smtp.messages.filter((m) => /conference pack/.test(m.parsed.subject ?? ''));

describe('the conference pack', () => {
  it(
    'reaches the chair as the report deadline passes, with every report in order and what is missing',
    { timeout: 90_000 },
    async () => {
      const s = await startTestService();
      cleanups.push(() => s.stop());
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const jade = c.attendees.find((a) => a.role === 'parent')!;
      expect(c.timetable.reportsDue).toBe('2026-12-29T17:00:00+00:00');

      await s.advanceTo('2026-12-21T10:00');
      const policePdf = await authorPdf('POLICE-DOCUMENT', 2);
      await uploadReport(s, c.id, byRole(c, 'police').id, { [`shared-${jade.id}`]: '2026-12-18' }, [
        { name: 'Testfamily police.pdf', data: policePdf },
      ]);
      await s.advanceTo('2026-12-22T15:00');
      await uploadReport(
        s,
        c.id,
        byRole(c, 'social-worker').id,
        { text: 'SOCIAL-WORK-REPORT: what is working well.\n\nWhat we are worried about.' },
        [
          {
            name: 'genogram.docx',
            data: 'PK\u0003\u0004 not really a docx',
            type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          },
          // Starts like a PDF but has no catalogue: pdf-lib opens it, then fails on its pages.
          { name: 'scan.pdf', data: '%PDF-1.4 a scan that did not save', type: 'application/pdf' },
        ],
      );
      expect(packs(s)).toHaveLength(0);

      await s.advanceTo('2026-12-29T17:00');
      await s.idle();
      expect(packs(s)).toHaveLength(1);
      const pack = packs(s)[0]!;
      expect(pack.envelopeTo).toEqual(['chair@example.gov.uk']);
      expect(pack.parsed.subject).toBe(`${c.reference}: conference pack (2 reports, 1 missing)`);
      expect(pack.parsed.text).toContain(
        'Hana Health, Professional (Health visiting): due Tuesday 29 December 2026 at 17:00 (',
      );
      expect(pack.parsed.text).toContain(
        `The conference pack for ${c.reference} is attached: 2 reports, the latest version of each, in the order they arrived`,
      );
      expect(pack.parsed.text).toContain(
        '1 report is still missing. Chasers continue; any report that arrives now comes to you on its own.',
      );
      expect(pack.parsed.text).toContain('Reports received: 2\nReports missing: 1');
      const files = pack.parsed.attachments.map((a) => a.filename);
      const sw = byRole(c, 'social-worker');
      expect(files).toEqual([
        `${c.reference}-conference-pack.pdf`,
        `${c.reference}-report-${sw.id}-v1-1.docx`,
        `${c.reference}-report-${sw.id}-v1-2.pdf`,
      ]);
      for (const name of [pack.parsed.subject ?? '', ...files.map(String)])
        expect(name).not.toMatch(/Testfamily|Jade|Marcus|Ruby/);

      const pdf = pack.parsed.attachments[0]!.content;
      const doc = await PdfLib.load(pdf);
      // Cover, the police section and their 2 pages, the social worker's section.
      expect(doc.getPageCount()).toBe(1 + 1 + 2 + 1);
      expect(doc.getTitle()).toBe(`Conference pack ${c.reference}`);
      // Our pages are tagged, in British English, in the embedded font; the authors' own pages are theirs.
      expect(pdfInfo(pdf)).toMatchObject({
        Tagged: 'yes',
        Title: `Conference pack ${c.reference}`,
        'PDF version': '1.7',
      });
      expect(
        pdfFonts(pdf)
          .filter((f) => f.name.includes('DejaVuSans'))
          .every((f) => f.embedded && f.unicode),
      ).toBe(true);
      expect(pdfStructure(pdf)).toMatch(/^Document\n {2}H1 \(block\)\n {4}"Conference pack /);
      expect(pdfStructure(pdf)).toContain('Report 2: Sam Social');
      const text = pdfText(pdf);
      expect(text).toContain('Reports received (2)');
      expect(text).toContain('Reports missing (1)');
      expect(text).toContain('Ruby Testfamily, born 2 May 2019');
      expect(text).toContain('Jade Testfamily (parent): shared on 18 December 2026');
      expect(text).toContain('Marcus Testfamily (parent): not recorded as shared');
      expect(text).toContain('POLICE-DOCUMENT page 1');
      expect(text).toContain('POLICE-DOCUMENT page 2');
      expect(text).toContain('SOCIAL-WORK-REPORT: what is working well.');
      expect(text).toContain(`${c.reference}-report-${sw.id}-v1-1.docx`);
      // In the order they arrived: the police's, then the social worker's.
      expect(text.indexOf('Report 1: Pat Police')).toBeGreaterThan(-1);
      expect(text.indexOf('Report 2: Sam Social')).toBeGreaterThan(text.indexOf('POLICE-DOCUMENT page 2'));

      // Once only, however often the clock moves.
      await s.advanceTo('2027-01-04T09:00');
      expect(packs(s)).toHaveLength(1);
    },
  );
});
