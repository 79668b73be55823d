/**
 * A report reaches the chair the moment it arrives, whichever door it came by: the chair's notice
 * carries the file (renamed to the reference, never the family's name), the pasted text, and whom
 * in the family it was shared with and when.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { byRole, create, settle } from '../helpers/decision-flow.ts';
import { uploadReport } from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

type Mail = TestService['smtp']['messages'][number];
const chairNotices = (s: TestService) =>
  s.smtp.messages.filter(
    (m) => m.envelopeTo.includes('chair@example.gov.uk') && /report received/.test(m.parsed.subject ?? ''),
  );

describe('reports reach the chair', () => {
  it(
    'a report uploaded on the personal page is attached to the chair’s notice with the family sharing dates',
    { timeout: 60_000 },
    async () => {
      const s = await startTestService();
      cleanups.push(() => s.stop());
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const police = byRole(c, 'police');
      const jade = c.attendees.find((a) => a.role === 'parent')!;
      await s.advanceTo('2026-12-21T11:00');

      const pdf = Buffer.from('%PDF-1.4 police report about the Testfamily children');
      await uploadReport(
        s,
        c.id,
        police.id,
        {
          text: 'Two callouts in November.\n\nNo arrests.',
          [`shared-${jade.id}`]: '2026-12-18',
          [`withheld-${jade.id}`]: 'The name of the neighbour who called',
        },
        [{ name: 'Testfamily police report.pdf', data: pdf }],
      );

      await until('the chair’s notice', () => chairNotices(s).length === 1);
      const notice: Mail = chairNotices(s)[0]!;
      expect(notice.parsed.subject).toBe(`${c.reference}: report received from the police`);
      const files = notice.parsed.attachments;
      expect(files.map((f) => f.filename)).toEqual([`${c.reference}-report-${police.id}-v1-1.pdf`]);
      expect(files[0]!.content.equals(pdf)).toBe(true);
      const text = notice.parsed.text ?? '';
      expect(text).toContain(
        'The report from Pat Police arrived on their personal upload page, on Monday 21 December 2026 at 11:00. It is attached and below.',
      );
      expect(text).toContain('From: Pat Police, Police');
      expect(text).toContain(
        'Jade Testfamily (parent): shared on 18 December 2026; withheld: The name of the neighbour who called',
      );
      expect(text).toContain('Marcus Testfamily (parent): not recorded as shared');
      expect(text).toContain('Two callouts in November.');
      expect(text).toContain('No arrests.');
      for (const where of [notice.parsed.subject ?? '', ...files.map((f) => f.filename ?? '')])
        expect(where).not.toMatch(/Testfamily|Jade|Marcus/);

      // An updated version is a second notice, with its own version number.
      await uploadReport(s, c.id, police.id, { text: 'Corrected: three callouts.' });
      await until('the second notice', () => chairNotices(s).length === 2);
      const second = chairNotices(s)[1]!;
      expect(second.parsed.subject).toBe(`${c.reference}: report received from the police (version 2)`);
      expect(second.parsed.text).toContain('An updated version (version 2) of the report from Pat Police');
      expect(second.parsed.text).toContain('Corrected: three callouts.');
      expect(second.parsed.attachments).toEqual([]);
    },
  );
});
