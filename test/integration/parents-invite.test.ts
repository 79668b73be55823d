/**
 * What a parent's invitation promises (issue #19.6, the Cumbria guide for parents, reference 003),
 * per preset, through the running service: who the meeting is about and who chairs it, what happens
 * after it from the policy's own timings (core group, review, a child in need plan), the policy's
 * own "before the meeting" points (Cumbria: what a partner should not hear, care for babies) and the
 * social worker with how to reach them, and a talk with the chair first only where the policy has a
 * parents' slot — in Jade's email and in Marcus's printed letter. The
 * calendar entry, shared with delegates and phones, names no child.
 */
import { describe, expect, it } from 'vitest';
import { hardCopyPdf } from '../../src/app/post-and-texts/hard-copies.ts';
import { byRole, create, settle } from '../helpers/decision-flow.ts';
import { oneService, PRESETS as EVERY_PRESET, presetConference } from '../helpers/every-preset.ts';
import { pdfText } from '../helpers/pdf-text.ts';

// One service for the file: each preset's conference and letters are found by its reference.
const s = oneService();
/** The social worker's work phone: how the family's letters say to reach them (never another attendee's email). */
const withPhone = (attendees: unknown) =>
  (attendees as Record<string, unknown>[]).map((a) =>
    a['role'] === 'social-worker' ? { ...a, phone: '020 7946 0018' } : a,
  );
const flat = (s: string) => s.replace(/\s+/g, ' ');
/** What each preset's invitation says of the core group: when it first meets, and how often after. */
const CORE_GROUP: Record<string, { coreGroup: string; cadence: string }> = {
  statutory: { coreGroup: 'the core group meets within 10 working days.', cadence: '' },
  hackney: { coreGroup: 'the core group meets within 10 working days.', cadence: '' },
  cumbria: {
    coreGroup: 'the core group meets within 10 working days.',
    cadence: 'After that, it meets at least every 4 weeks.',
  },
  hampshire: {
    coreGroup: 'the core group meets straight after the meeting.',
    cadence: 'After that, it meets at least every 6 weeks.',
  },
  bexley: { coreGroup: 'the core group meets within 10 working days.', cadence: '' },
};
const PRESETS = EVERY_PRESET.map((p) => ({ ...p, ...CORE_GROUP[p.policy]! }));
/** The presets with a parents' time with the chair before professionals join (Hackney 004, Cumbria 003). */
const SLOT = new Set(['hackney', 'cumbria']);
const GUIDE = [
  'Is there something about your past your partner should not hear? Tell the professional working with you before the meeting.',
  'Babies and young children cannot come to the meeting. Please arrange for someone to look after them.',
];

describe.each(PRESETS)("the parents' invitation under $policy", (p) => {
  it("carries what the policy's guide for parents promises", { timeout: 90_000 }, async () => {
    const body = presetConference(p);
    const c = await create(s, { ...body, attendees: withPhone(body.attendees) });
    await settle(s);
    const jade = byRole(c, 'parent');
    const email = s.smtp.messages.find(
      (m) =>
        m.envelopeTo.includes(jade.email!) &&
        /^Your /.test(m.parsed.subject ?? '') &&
        (m.parsed.subject ?? '').includes(c.reference),
    )!;
    const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
    const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
    const copy = (v.hardCopies as { blobId: string; attendeeId: string }[]).find((h) => h.attendeeId === marcus.id)!;
    const printed = flat(pdfText((await hardCopyPdf(s.rt.deps, c.id, copy.blobId)).data)).replace(
      / ?CPC-\d{4}-\d{4} · page \d+ of \d+ ?/g,
      ' ',
    );
    for (const letter of [flat(email.parsed.text ?? ''), printed]) {
      expect(letter).toContain('The meeting is about Ruby and Leo.');
      expect(letter).toContain('The chair is Chair Person. The chair is independent and runs the meeting.');
      expect(letter).toContain('What happens after the meeting');
      expect(letter).toContain(`With a child protection plan, ${p.coreGroup}`);
      if (p.cadence) expect(letter).toContain(p.cadence);
      expect(letter).toContain('A review meeting is held within 3 months.');
      expect(letter).toContain('Without a child protection plan, you may be offered a child in need plan.');
      expect(letter).toContain('contact your social worker, Sam Social (phone 020 7946 0018).');
      for (const g of GUIDE) expect(letter.includes(g), g).toBe(p.policy === 'cumbria');
      // Only a policy with a parents' slot promises a talk with the chair before the others join.
      if (SLOT.has(p.policy)) {
        expect(letter).toContain('Please join at 10:00 to talk with the chair before the other people join at 10:30.');
        expect(letter).toContain('The chair will talk with you first, check you have seen the reports');
      } else {
        expect(letter).toContain('Please join at 10:00, when the meeting starts.');
        expect(letter).toContain(
          'When the meeting starts, the chair will welcome everyone, check you have seen the reports, and explain how the meeting will run.',
        );
        expect(letter).not.toMatch(/talk with you first|a little early|talk with the chair/);
      }
    }
    const calendar = email.parsed.attachments
      .filter((a) => /calendar/i.test(a.contentType))
      .map((a) => a.content.toString('utf8'))
      .join('\n');
    expect(calendar).toContain('BEGIN:VCALENDAR');
    expect(calendar).not.toMatch(/Ruby|Leo/);
  });
});
