/**
 * The minutes from personal links (Bexley: plan and minutes within 72 hours): the minute taker
 * builds the draft and uploads the edited minutes as a text file on their own page, cannot approve;
 * the chair approves on theirs; then each recipient gets their copy. Through the running service.
 */
import { describe, expect, it } from 'vitest';
import { byRole, decidedConference, extraAttendees, settle } from '../helpers/decision-flow.ts';
import { PageClient, csrfOf, linkPath } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
const start = startedServices();
const subject = (m: Msg) => m.parsed.subject ?? '';
const isMinutes = (m: Msg) =>
  /^(Corrected: )?(Minutes of child protection conference|The minutes of your)/.test(subject(m));

async function submit(
  s: TestService,
  path: string,
  fields: Record<string, string>,
  file?: { name: string; text: string },
) {
  const client = new PageClient(s.url);
  const form = new FormData();
  form.append('_csrf', csrfOf((await client.get(path)).text));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([file.text], { type: 'text/plain' }), file.name);
  return client.request('POST', path, form);
}

describe('the minutes on personal links (Bexley, 72 hours)', () => {
  it(
    'the minute taker drafts and uploads them, only the chair approves, then they go out',
    { timeout: 120_000 },
    async () => {
      const s = await start({ LINK_RATE_LIMIT_BURST: '1000' });
      const base = hackneyInitialBody({ policy: 'bexley' });
      const { c } = await decidedConference(s, {
        body: { ...base, attendees: [...base.attendees, ...extraAttendees()] },
      });
      const taker = byRole(c, 'minute-taker');
      const chair = byRole(c, 'chair');
      const takerPage = await linkPath(s, c.id, taker.id, 'minutes');
      const chairPage = await linkPath(s, c.id, chair.id, 'minutes');
      // Not a parent's: a parent holds no minutes link.
      expect(
        (
          await new PageClient(s.url).get(
            await linkPath(s, c.id, c.attendees.find((a) => a.role === 'parent')!.id, 'minutes'),
          )
        ).status,
      ).toBe(403);

      const reader = new PageClient(s.url);
      expect((await reader.get(takerPage)).text).toContain('Build the draft');
      expect((await submit(s, takerPage, { _form: 'draft' })).status).toBe(303);
      const drafted = (await reader.get(takerPage)).text;
      expect(drafted).toContain('## Attendance and apologies');
      expect(drafted).not.toContain('Approve and send the minutes');

      // A Word file is refused, naming the field; a text file is taken.
      const word = await submit(
        s,
        takerPage,
        { _form: 'save', text: '', confidential: '' },
        { name: 'minutes.docx', text: 'x' },
      );
      expect(word.status).toBe(400);
      expect(word.text).toContain('Upload the minutes as a plain text file');
      const unknown = await submit(s, takerPage, { _form: 'save', text: '## One\n\nx', confidential: 's9' });
      expect(unknown.status).toBe(400);
      expect(unknown.text).toContain('no section s9 in the minutes');
      const saved = await submit(
        s,
        takerPage,
        { _form: 'save', text: '', confidential: 's2' },
        { name: 'minutes.txt', text: '## Discussion\n\nPAGE-MINUTES-BODY\n\n## Police information\n\nPAGE-SECRET' },
      );
      expect(saved.status).toBe(303);
      const v = (await s.api('GET', `/api/conferences/${c.id}/minutes`)).body;
      expect(v).toMatchObject({ version: 2, dueAt: '2027-01-07T11:45:00+00:00', confidentialSections: ['s2'] });

      // The minute taker's page has no approval; a forged approval from it is refused and nothing is sent.
      const forged = await submit(s, takerPage, { _form: 'approve' });
      expect(forged.status).toBe(400);
      expect(forged.text).toContain('only the chair');
      expect((await s.api('GET', `/api/conferences/${c.id}/minutes`)).body.approvedAt).toBeNull();

      expect((await new PageClient(s.url).get(chairPage)).text).toContain('Approve and send the minutes');
      expect((await submit(s, chairPage, { _form: 'approve' })).status).toBe(303);
      await settle(s);
      // Every copy gone (the posted one waits for the print room).
      await until(
        'every copy sent',
        async () =>
          (await s.api('GET', `/api/conferences/${c.id}/minutes`)).body.recipients.every((r: any) =>
            ['sent', 'not-sent', 'waiting-to-print'].includes(r.status),
          ),
        30_000,
      );
      const jade = s.smtp.messages.filter((m) => m.envelopeTo.includes('jade@family.example.com') && isMinutes(m));
      expect(jade).toHaveLength(1);
      expect(jade[0]!.parsed.text).toContain('PAGE-MINUTES-BODY');
      expect(jade[0]!.parsed.text).not.toContain('PAGE-SECRET');
      const hv = s.smtp.messages.filter((m) => m.envelopeTo.includes('hv@nhs.example.org') && isMinutes(m));
      expect(hv).toHaveLength(1);
      expect(hv[0]!.parsed.text).toContain('PAGE-SECRET');
      // Marcus's posted copy waits for the print room: the audit does not say "circulated" until it is printed (#18 trial finding 3).
      const audit = async () =>
        (await s.rt.deps.store.readAudit(c.id)).filter((e) => e.action.startsWith('minutes.circulated'));
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      await until('minutes circulation recorded', async () => ((await audit()).length ? true : undefined), 30_000);
      expect((await audit()).map((e) => [e.action, (e.detail as any).summary])).toEqual([
        ['minutes.circulated-except-post', 'circulated except 1 posted copy awaiting print'],
      ]);
      const letter = (await s.api('GET', `/api/conferences/${c.id}`)).body.hardCopies.find(
        (h: any) => h.attendeeId === marcus.id && /minutes/.test(h.document),
      );
      expect((await s.api('POST', `/api/conferences/${c.id}/hard-copies/${letter.blobId}/printed`, {})).status).toBe(
        200,
      );
      expect((await audit()).map((e) => e.action)).toEqual(['minutes.circulated-except-post', 'minutes.circulated']);

      // The chair corrects them on their own page; the minute taker cannot, and nothing goes out before the chair approves.
      expect((await new PageClient(s.url).get(chairPage)).text).toContain('Correct the minutes');
      const before = (await s.api('GET', `/api/conferences/${c.id}/minutes`)).body.version;
      const fix = {
        text: '## Discussion\n\nPAGE-MINUTES-FIXED\n\n## Police information\n\nPAGE-SECRET',
        confidential: 's2',
      };
      const forgedFix = await submit(s, takerPage, { _form: 'correct', ...fix, reason: 'A date was wrong' });
      expect(forgedFix.status).toBe(403);
      expect((await s.api('GET', `/api/conferences/${c.id}/minutes`)).body.version).toBe(before);
      const noReason = await submit(s, chairPage, { _form: 'correct', ...fix, reason: '' });
      expect(noReason.status).toBe(400);
      expect(noReason.text).toContain('why the minutes are corrected');
      expect((await submit(s, chairPage, { _form: 'correct', ...fix, reason: 'A date was wrong' })).status).toBe(303);
      await settle(s);
      const jadeMinutes = () =>
        s.smtp.messages.filter((m) => m.envelopeTo.includes('jade@family.example.com') && isMinutes(m));
      expect(jadeMinutes()).toHaveLength(1);
      expect((await new PageClient(s.url).get(chairPage)).text).toContain('Approve and send the correction');
      expect((await submit(s, chairPage, { _form: 'approve' })).status).toBe(303);
      await settle(s);
      const fixed = await until('the correction', async () => jadeMinutes()[1], 30_000);
      expect(subject(fixed)).toMatch(/^Corrected: /);
      const body = (fixed.parsed.text ?? '').replace(/\s+/g, ' ');
      expect(body).toMatch(/This corrects the minutes sent on \w+ \d+ January 2027: A date was wrong/);
      expect(body).toContain('PAGE-MINUTES-FIXED');
      expect(body).not.toContain('PAGE-SECRET');
    },
  );
});
