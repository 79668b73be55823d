/**
 * Review and step-down letters (issue #19.6), per preset, through the running service (real Redis,
 * real SMTP sink, simulated clock): at a review conference Ruby's plan continues and Leo's ends and
 * steps down to a child in need plan. Jade's email, Marcus's printed letter (read from its PDF) and
 * the professionals' letter (its PDF) each say so, and the family's say what a child in need plan
 * means; nothing says a plan starts. The family's letters name the chair who checked them and the
 * social worker with how to reach them; the professionals' register names everyone with role and agency.
 */
import { describe, expect, it } from 'vitest';
import { hardCopyPdf } from '../../src/app/post-and-texts/hard-copies.ts';
import {
  byRole,
  create,
  decidedConference,
  FAMILY_REASON,
  holdMeeting,
  PRO_REASON_C1,
  PRO_REASON_C2,
  settle,
} from '../helpers/decision-flow.ts';
import { oneService, presetConference, presetsOnMondays } from '../helpers/every-preset.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import type { TestService } from '../helpers/service.ts';

type Msg = TestService['smtp']['messages'][number];
// One service for the file: each preset's conference a week after the last (the clock only goes forward).
const s = oneService();
/** The social worker's work phone: how the family's letters say to reach them (never another attendee's email). */
const withPhone = (attendees: unknown) =>
  (attendees as Record<string, unknown>[]).map((a) =>
    a['role'] === 'social-worker' ? { ...a, phone: '020 7946 0018' } : a,
  );
const flat = (s: string) => s.replace(/\s+/g, ' ');
const subject = (m: Msg) => m.parsed.subject ?? '';
const pdfOf = (m: Msg) => flat(pdfText(m.parsed.attachments.find((a) => a.contentType === 'application/pdf')!.content));

const PRESETS = presetsOnMondays();

describe.each(PRESETS)('review and step-down letters under $policy', (p) => {
  it(
    'say the plan continues for one child and ends with a child in need plan for the other',
    { timeout: 120_000 },
    async () => {
      const { strategyDiscussionOn: _none, ...body } = presetConference(p, { kind: 'review' });
      const { c, decision: decided } = await decidedConference(s, {
        body: { ...body, attendees: withPhone(body.attendees) },
        meeting: { at: `${p.on}T10:00`, decideAt: `${p.on}T11:45` },
        approveAt: `${p.on}T11:50`,
      });
      // Recorded; a warning (not an error) that Leo has no reasons in plain words for the family.
      expect(decided.warnings).toEqual([
        'c2: no reasons in plain words for the family: their letter will say the social worker will explain why, until you add them',
      ]);

      const jade = byRole(c, 'parent');
      const family = s.smtp.messages.find(
        (m) =>
          m.envelopeTo.includes(jade.email!) &&
          subject(m).includes(c.reference) &&
          subject(m).startsWith('The decision of your child protection meeting'),
      )!;
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      const copy = (v.hardCopies as { blobId: string; attendeeId: string; document: string }[]).find(
        (h) => h.attendeeId === marcus.id && h.document.includes('decision'),
      )!;
      // Read across page breaks: the page footers ("CPC-2027-0001 · page 1 of 3") left out.
      const printed = flat(pdfText((await hardCopyPdf(s.rt.deps, c.id, copy.blobId)).data)).replace(
        / ?CPC-\d{4}-\d{4} · page \d+ of \d+ ?/g,
        ' ',
      );
      for (const letter of [flat(family.parsed.text ?? ''), printed]) {
        expect(letter).toContain('review child protection meeting');
        expect(letter).toContain("The decision: Ruby's child protection plan continues.");
        expect(letter).toContain(
          "The decision: Leo's child protection plan ends. Leo will have a child in need plan instead.",
        );
        expect(letter).toContain('What a child in need plan means: your family keeps getting help');
        expect(letter).toContain('It is not a child protection plan: there is no core group and no review conference.');
        expect(letter).not.toContain('will have a child protection plan');
        // The chair who checked it and the social worker with how to reach them, by name.
        expect(letter).toContain('The chair, Chair Person, has checked it.');
        expect(letter).toContain('contact your social worker, Sam Social (phone 020 7946 0018).');
        // The chair's reasons in plain words for Ruby; none for Leo, so the social worker will explain.
        // Never the professional rationale word for word.
        expect(letter).toContain(`Why the chair decided this: ${FAMILY_REASON}`);
        expect(letter).toContain('Your social worker will explain to you why the chair decided this.');
        expect(letter).not.toContain(PRO_REASON_C1);
        expect(letter).not.toContain(PRO_REASON_C2);
      }

      const hv = c.attendees.find((a) => a.role === 'professional')!;
      const pro = s.smtp.messages.find(
        (m) =>
          m.envelopeTo.includes(hv.email!) &&
          subject(m).includes(c.reference) &&
          subject(m).startsWith('Decision of child protection conference'),
      )!;
      const proPdf = pdfOf(pro);
      for (const letter of [flat(pro.parsed.text ?? ''), proPdf]) {
        expect(letter).toContain('review child protection conference');
        expect(letter).toContain('Outcome: Child protection plan continues');
        expect(letter).toContain('Outcome: Child protection plan ends: steps down to a child in need plan');
        expect(letter).not.toContain('Child protection plan starts');
        // The professionals keep the chair's professional rationale.
        expect(letter).toContain(`Rationale: ${PRO_REASON_C1}`);
        expect(letter).toContain(`Rationale: ${PRO_REASON_C2}`);
        expect(letter).not.toContain(FAMILY_REASON);
        // The register and the chair: names with role and agency.
        expect(letter).toContain('Chair: Chair Person, Chair (Safeguarding and Reviewing)');
        expect(letter).toContain(
          'Present: Chair Person, Chair (Safeguarding and Reviewing), Sam Social, Social worker',
        );
        expect(letter).toContain('Hana Health, Professional (Health visiting), Pat Police, Police');
      }
    },
  );
});

/**
 * No further action (issue #19.6), per preset, after the review and step-down letters (later Mondays,
 * the clock only goes forward): at an initial conference neither child has a plan (Cumbria's
 * policy has no such outcome: the decision is refused naming the field); at a review (the
 * statutory preset only: these words come from content/templates/outcome-words.ts, which takes no
 * policy) Ruby's plan ends with no further action. Each letter says so, and nothing says a plan
 * starts, continues or that a core group meets.
 */
const NFA_REASON = 'NFA-MARKER the worries were not borne out';
const NFA_FAMILY = 'The social worker found the children safe and well looked after at home';
const nfa = (childId: string, familyRationale = NFA_FAMILY) => ({
  childId,
  outcome: 'no-further-action',
  categories: [],
  rationale: NFA_REASON,
  familyRationale,
  scale: 8,
});
const LATER = presetsOnMondays({ from: '2027-02-08' });

async function lettersAfter(p: (typeof LATER)[number], kind: 'initial' | 'review') {
  const { strategyDiscussionOn: _none, ...initial } = presetConference(p);
  const body = kind === 'review' ? { ...presetConference(p, { kind }), strategyDiscussionOn: undefined } : initial;
  const c = await create(s, { ...body, attendees: withPhone(body.attendees) });
  await settle(s);
  await holdMeeting(s, c, {
    at: `${p.on}T10:00`,
    decideAt: `${p.on}T11:45`,
    decision: {
      outcomes: kind === 'review' ? [nfa('c1'), { ...nfa('c2'), outcome: 'child-in-need' }] : [nfa('c1'), nfa('c2')],
      plan: [],
      coreGroup: [],
    },
  });
  await s.advanceTo(`${p.on}T11:50`);
  const approved = await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {});
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await settle(s);
  const letterTo = (email: string, start: string) =>
    flat(
      s.smtp.messages.find(
        (m) => m.envelopeTo.includes(email) && subject(m).includes(c.reference) && subject(m).startsWith(start),
      )?.parsed.text ?? '',
    );
  return {
    family: letterTo(byRole(c, 'parent').email!, 'The decision of your child protection meeting'),
    pro: letterTo('hv@nhs.example.org', 'Decision of child protection conference'),
  };
}

describe.each(LATER)('no further action letters under $policy', (p) => {
  it('say neither child will have a plan, with no core group and no review', { timeout: 120_000 }, async () => {
    if (p.policy === 'cumbria') {
      // Cumbria's policy decides only a plan or a child in need plan (views.recommendations): refused, naming the field.
      await expect(lettersAfter(p, 'initial')).rejects.toThrow(
        /"field":"outcomes.0.outcome","message":"one of child-protection-plan, child-in-need"/,
      );
      return;
    }
    const { family, pro } = await lettersAfter(p, 'initial');
    expect(family).toContain('The decision: Ruby will have no further action under child protection procedures.');
    expect(family).toContain('The decision: Leo will have no further action under child protection procedures.');
    expect(family).toContain(
      'There will be no core group and no review meeting. Your social worker will explain what happens now.',
    );
    expect(family).toContain(`Why the chair decided this: ${NFA_FAMILY}`);
    expect(family).not.toMatch(/will have a child protection plan|plan continues|core group meets/);
    expect(family).not.toContain('NFA-MARKER');
    expect(pro).toContain('Outcome: No child protection plan: no further action under child protection procedures');
    expect(pro).toContain(`Rationale: ${NFA_REASON}`);
    expect(pro).not.toContain('Child protection plan starts');
  });
});

describe('a plan that ends with no further action', () => {
  it(
    'statutory review: the letters say the plan ends and nothing more happens under child protection',
    {
      timeout: 120_000,
    },
    async () => {
      const { family, pro } = await lettersAfter({ ...LATER[0]!, on: '2027-03-15', spoken: '' }, 'review');
      expect(family).toContain(
        "The decision: Ruby's child protection plan ends. There will be no further action under child protection procedures.",
      );
      expect(family).toContain(
        "The decision: Leo's child protection plan ends. Leo will have a child in need plan instead.",
      );
      expect(family).not.toMatch(/will have a child protection plan|plan continues/);
      expect(pro).toContain('Outcome: Child protection plan ends: no further action under child protection procedures');
      expect(pro).not.toMatch(/Child protection plan (starts|continues)/);
    },
  );
});
