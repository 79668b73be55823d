/**
 * The chair's page records that someone was asked to leave part of the meeting (trial as a chair:
 * the API and the Teams checklist card could, the chair's own page could not, so a chair working
 * from it had no way to keep that part out of the parent's letter). Posted as a browser posts the
 * form: blanks and a ground the policy does not list are refused, each naming its field in the
 * error summary, with nothing changed; a good post is recorded as the chair, and the parent's
 * letter then waits until she is told and leaves the part out, while the professionals' has it.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle, toldTheDecision } from '../helpers/decision-flow.ts';
import { csrfOf, linkPath, PageClient, plainText, snapshot } from '../helpers/pages.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();
const PART = 'EXCLUDED-PART police information about a third party';
type Msg = TestService['smtp']['messages'][number];
const isDecision = (m: Msg) =>
  /^Decision of child protection conference|^The decision of your child protection meeting/.test(
    m.parsed.subject ?? '',
  );
const letterTo = (s: TestService, email: string) =>
  until(
    `the decision letter to ${email}`,
    () => s.smtp.messages.find((m) => m.envelopeTo.includes(email) && isDecision(m)),
    30_000,
  );
const pdfOf = (m: Msg) => pdfText(m.parsed.attachments.find((a) => a.contentType === 'application/pdf')!.content);

describe("recording an exclusion on the chair's page", () => {
  it(
    'refuses a bad form naming each field, records a good one as the chair, and the parent’s letter leaves the part out',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      const chair = byRole(c, 'chair');
      const jade = c.attendees.find((a) => a.email === 'jade@family.example.com')!;
      const ground = s.rt.deps.policies.get('hackney').exclusionGrounds[0]!;
      const path = await linkPath(s, c.id, chair.id, 'chair');
      const client = new PageClient(s.url);
      let page = await client.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('value="exclusion"');
      // Every field has its label; the grounds are the policy's.
      for (const [id, label] of [
        ['excl-who', 'Who was asked to leave'],
        ['excl-part', 'Which part of the meeting'],
        ['excl-ground', 'Ground (from the local policy)'],
      ])
        expect(page.text).toContain(`<label for="${id}">${label}</label>`);
      expect(page.text).toContain(`<option value="${ground}">`);

      // Blank: refused, each field named in the summary and linked to, nothing changed.
      const before = await snapshot(s, c.id);
      const blank = await client.post(path, {
        _csrf: csrfOf(page.text),
        action: 'exclusion',
        attendeeId: '',
        part: '  ',
        ground: '',
      });
      expect(blank.status).toBe(400);
      const summary = /<div class="error-summary"[^]*?<\/div>/.exec(blank.text)?.[0] ?? '';
      expect(summary).toContain('<a href="#excl-who">Who was asked to leave:');
      expect(summary).toContain('<a href="#excl-part">Which part of the meeting: say which part</a>');
      expect(summary).toContain('<a href="#excl-ground">Ground (from the local policy):');
      expect(blank.text).toContain('id="excl-part" name="part"');
      expect(blank.text).toMatch(/id="excl-part-error"/);

      // A ground the policy does not list (a forged post): refused naming the ground, the rest kept as typed.
      const forged = await client.post(path, {
        _csrf: csrfOf(page.text),
        action: 'exclusion',
        attendeeId: jade.id,
        part: PART,
        ground: 'Because I said so',
      });
      expect(forged.status).toBe(400);
      expect(plainText(forged.text)).toContain('Ground (from the local policy): one of the Hackney policy');
      expect(forged.text).toContain(`value="${PART}"`);
      expect(await snapshot(s, c.id)).toEqual(before);
      expect((await s.rt.deps.store.get(c.id))!.exclusions ?? []).toEqual([]);

      const saved = await client.post(path, {
        _csrf: csrfOf(page.text),
        action: 'exclusion',
        attendeeId: jade.id,
        part: PART,
        ground,
      });
      expect(saved.status, saved.text).toBe(303);
      page = await client.get(saved.location!);
      const text = plainText(page.text);
      expect(text).toContain('The exclusion is recorded.');
      expect(text).toContain(`Jade Testfamily, Parent: ${PART}`);
      const stored = (await s.rt.deps.store.get(c.id))!;
      expect(stored.exclusions).toEqual([
        expect.objectContaining({ attendeeId: jade.id, part: PART, ground, recordedBy: chair.id }),
      ]);

      // Approved: Jade's letter waits until she is told, then leaves the part out; the professionals' has it.
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      // Once approved the letters are settled: the form is gone from the chair's page.
      expect((await client.get(path)).text).not.toContain('value="exclusion"');
      const pro = await letterTo(s, 'hv@nhs.example.org');
      expect(pdfOf(pro)).toContain(PART);
      expect(s.smtp.messages.filter((m) => m.envelopeTo.includes('jade@family.example.com') && isDecision(m))).toEqual(
        [],
      );
      await toldTheDecision(s, c, jade.id);
      const hers = await letterTo(s, 'jade@family.example.com');
      expect(pdfOf(hers)).toContain('You were asked to leave part of the meeting');
      expect(pdfOf(hers)).not.toContain(PART);
      expect(hers.parsed.text ?? '').not.toContain(PART);
    },
  );
});
