/**
 * Easy read letters (issue #19.2), through the running service under every preset (one service for
 * the file, each preset's conference a week after the last, found by its reference): a mother who
 * asked for easy read gets her invitation and her decision letter in easy read — short sentences,
 * one idea per line, larger type — with the same subject and facts, and her own time to come (the
 * chair first where the preset has a parents' time); a parent who did not ask gets the standard
 * letters. Where the policy uses Signs of Safety (Cumbria) its sections come in plain headings.
 */
import { describe, expect, it } from 'vitest';
import { findAcronyms } from '../../src/content/templates/family-invite.ts';
import { create, FAMILY_REASON, holdMeeting, PRO_REASON_C1, PRO_REASON_C2, settle } from '../helpers/decision-flow.ts';
import { daysAfter, oneService, presetConference, presetsOnMondays } from '../helpers/every-preset.ts';
import { notAfterToday, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const s = oneService();
type Msg = TestService['smtp']['messages'][number];
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
/** The paragraphs of the text body, between the preview and the footer. */
const lines = (m: Msg) =>
  (m.parsed.text ?? '')
    .split('\n--\n')[0]!
    .split('\n')
    .slice(1)
    .map((x) => x.trim())
    .filter(Boolean);
/** The easy read lines of our own (the policy's complaints text and the joining details aside). */
const own = (m: Msg) => lines(m).filter((x) => !x.includes('complain') && !/https?:|PIN|\+44|reference/i.test(x));
const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';

/** Each preset's conference a week after the last (the simulated clock only goes forward): Mondays from 4 January 2027. */
const PRESETS = presetsOnMondays().map((p) => ({
  ...p,
  // A parents' time with the chair first: Hackney's and Cumbria's.
  parentsFirst: p.policy === 'hackney' || p.policy === 'cumbria',
  // Three weeks less a day before: a working day in each case (29 December, not the 28th's bank holiday).
  strategy: daysAfter(p.on, -20),
}));

/** Signs of Safety's parts, given to the decision under Cumbria. */
const SIGNS_OF_SAFETY = {
  dangerStatements: [{ text: 'We are worried the children will miss health care they need', scale: 3 }],
  safetyGoals: [{ text: 'Every health appointment is kept for six months', dangerStatement: 1, scale: 4 }],
  bottomLines: ['The children are never left without an adult'],
  contingency: 'If an appointment is missed, the health visitor calls the same day',
};

describe.each(PRESETS)('easy read letters under $policy', (p) => {
  it(
    'writes the invitation and the decision letter in easy read for the parent who asked, and only for her',
    { timeout: 90_000 },
    async () => {
      const b = presetConference(p, { strategyDiscussionOn: notAfterToday(s, p.strategy) }) as {
        attendees: Record<string, unknown>[];
      } & Record<string, unknown>;
      b.attendees = b.attendees.map((a) =>
        a['email'] === JADE
          ? { ...a, accessibilityNeeds: ['easy-read'] }
          : a['name'] === 'Marcus Testfamily'
            ? { name: 'Marcus Testfamily', role: 'parent', email: MARCUS, contactPreference: 'email' }
            : a,
      );
      const c = await create(s, b);
      await settle(s);
      const ours = (m: Msg) => (m.parsed.subject ?? '').includes(c.reference);
      const inviteTo = (email: string) =>
        until(`the invitation to ${email}`, () =>
          s.smtp.messages.find(
            (m) =>
              m.envelopeTo.includes(email) &&
              ours(m) &&
              /^Your (child protection )?meeting/.test(m.parsed.subject ?? ''),
          ),
        );
      const jade = await inviteTo(JADE);
      const marcus = await inviteTo(MARCUS);
      expect(jade.parsed.subject).toBe(marcus.parsed.subject);
      const t = text(jade);
      for (const line of [
        'We are inviting you to a meeting.',
        'It is a child protection meeting.',
        'It is also called a conference.',
        `The day is ${p.spoken}.`,
        'Please come at 10:00.',
        'You can say what you think.',
        'You asked for:',
        'Easy read letters',
        'We are arranging these.',
      ])
        expect(t).toContain(line);
      // With a parents' time (Hackney, Cumbria) they talk with the chair first; otherwise everyone comes at the start.
      for (const line of ['First you talk with the chair.', 'Other people come at 10:30.'])
        if (p.parentsFirst) expect(t).toContain(line);
        else expect(t).not.toContain(line);
      // The policy's guide for parents (Cumbria's two points), one sentence a line.
      for (const line of [
        'Is there something about your past your partner should not hear?',
        'Tell the professional working with you before the meeting.',
        'Babies and young children cannot come to the meeting.',
        'Please arrange for someone to look after them.',
      ])
        expect(lines(jade).includes(line), line).toBe(p.policy === 'cumbria');
      // One idea per line: the easy read lines are short.
      expect(own(jade).length).toBeGreaterThan(20);
      for (const para of own(jade)) expect(para.split(/\s+/).length, para).toBeLessThanOrEqual(20);
      expect(findAcronyms(t, c.reference)).toEqual([]);
      // Larger type.
      expect(String(jade.parsed.html)).toContain('font-size:20px');
      // Marcus did not ask: the standard letter, standard type.
      expect(text(marcus)).toContain(
        'You are invited to a child protection meeting (called a conference) about your family.',
      );
      expect(text(marcus)).not.toContain('We are inviting you to a meeting.');
      expect(String(marcus.parsed.html)).toContain('font-size:16px');

      await holdMeeting(s, c, {
        at: `${p.on}T10:30`,
        ...(p.policy === 'cumbria' ? { decision: { signsOfSafety: SIGNS_OF_SAFETY } } : {}),
      });
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      const letterTo = (email: string) =>
        until(
          `the decision letter to ${email}`,
          () =>
            s.smtp.messages.find(
              (m) =>
                m.envelopeTo.includes(email) &&
                ours(m) &&
                /^The decision of your child protection meeting/.test(m.parsed.subject ?? ''),
            ),
          20_000,
        );
      const jl = await letterTo(JADE);
      const ml = await letterTo(MARCUS);
      const jt = text(jl);
      for (const line of [
        'Thank you for coming.',
        'The chair, Chair Person, has checked this letter.',
        'The decision: Ruby will have a child protection plan.',
        'The worry is about: neglect.',
        'People are worried Ruby could be badly hurt.',
        'The plan says what needs to change.',
        'Leo does not need a child protection plan.',
        'A child in need plan is help for your family.',
        'Why the chair decided this:',
        FAMILY_REASON,
        'Your social worker will tell you why the chair decided this.',
        'Take the child to every health appointment.',
        'Who: Parents with the health visitor.',
        'What happens next',
        'If you have a question, ask your social worker, Sam Social.',
      ])
        expect(jt).toContain(line);
      expect(jt).not.toContain('CONFIDENTIAL');
      // The chair's plain-language reasons, never the professional rationale word for word.
      expect(jt).not.toContain(PRO_REASON_C1);
      expect(jt).not.toContain(PRO_REASON_C2);
      expect(findAcronyms(jt, c.reference)).toEqual([]);
      for (const para of own(jl)) expect(para.split(/\s+/).length, para).toBeLessThanOrEqual(20);
      expect(String(jl.parsed.html)).toContain('font-size:20px');
      expect(text(ml)).toContain(
        'This means the people at the meeting are worried that Ruby could be seriously harmed.',
      );
      expect(text(ml)).not.toContain('People are worried Ruby could be badly hurt.');

      // Signs of Safety where the policy uses it (Cumbria): plain headings, not the method's names or scaling numbers.
      const signs = [
        'What we are worried about',
        'We are worried the children will miss health care they need.',
        'What we want to see',
        'Every health appointment is kept for six months.',
        'What must always happen',
        'The children are never left without an adult.',
        'If the plan is not working',
        'If an appointment is missed, the health visitor calls the same day.',
        'A story for your child',
        'Your social worker makes a story in words and pictures.',
      ];
      if (p.policy === 'cumbria') {
        for (const line of signs) expect(jt).toContain(line);
        for (const jargon of ['Danger statement', 'Safety goal', 'bottom lines', 'Contingency', 'Scaling', 'out of 10'])
          expect(jt).not.toContain(jargon);
      } else expect(jt).not.toContain('What must always happen');
    },
  );
});
