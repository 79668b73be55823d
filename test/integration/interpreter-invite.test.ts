/**
 * An interpreter gets what the parent they interpret for gets, never more (issue #19 item 1), under
 * every preset, through the running service (real Redis, the SMTP sink): an invitation written for
 * them, not the professionals' — whom they interpret for (by role, never a name), which language
 * (the parent's Polish; British Sign Language for a parent who asked for it), the parent's own time
 * (the parent's slot with the chair, where the policy has one, never the professionals' time or the
 * other parent's slot) and the parent's joining details, with nothing of the professionals' (the
 * names of the children, reports). A new time and a cancellation reach them in the same kind.
 * One service for the file: each preset's conference and messages are found by its id.
 */
import { describe, expect, it } from 'vitest';
import { eventsOf, parseIcs } from '../../src/content/ics.ts';
import { create, settle } from '../helpers/decision-flow.ts';
import { oneService, PRESETS, presetConference } from '../helpers/every-preset.ts';
import { runDueJobs, type TestService } from '../helpers/service.ts';
import { PageClient, plainText } from '../helpers/pages.ts';
import { until } from '../helpers/wait.ts';

const s = oneService();

type Msg = TestService['smtp']['messages'][number];
const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
/** Jade's interpreter (Polish, from Jade's record) and Marcus's (British Sign Language, from his needs). */
const INES = 'ines@interpreters.example.com';
const BEA = 'bea@signlanguage.example.org';
const NAMES = /Jade|Marcus|Testfamily|Ruby|Leo|Ines|Bea/;

/** Hackney and Cumbria give the parents time with the chair (10:00, professionals at 10:30): Marcus has his own at 10:15. */
const TIMES: Record<string, { jade: string; marcus: string; others?: string }> = {
  hackney: { jade: '10:00', marcus: '10:15', others: '10:30' },
  cumbria: { jade: '10:00', marcus: '10:15', others: '10:30' },
};
const CASES = PRESETS.map((p) => ({ ...p, ...(TIMES[p.policy] ?? { jade: '10:00', marcus: '10:00' }) }));

const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const icsOf = (m: Msg) =>
  m.parsed.attachments.find((a) => /^text\/calendar$/i.test(a.contentType))!.content.toString('utf8');
const startOf = (m: Msg) => new Date(eventsOf(parseIcs(icsOf(m)))[0]!.start).toISOString();
const html = (m: Msg) => (typeof m.parsed.html === 'string' ? m.parsed.html : '');

describe.each(CASES)('the interpreter’s invitation under $policy', (p) => {
  it(
    'says whom they interpret for, the language, the parent’s time and joining details, and nothing more',
    { timeout: 120_000 },
    async () => {
      const b = presetConference(p) as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
      b.attendees = b.attendees.map((a) =>
        a['email'] === JADE
          ? // As the API takes it, by code (trial finding: the letters said "an interpreter who speaks pl").
            { ...a, interpreterNeeded: true, language: 'pl' }
          : a['name'] === 'Marcus Testfamily'
            ? {
                name: 'Marcus Testfamily',
                role: 'parent',
                email: MARCUS,
                interpreterNeeded: true,
                accessibilityNeeds: ['bsl'],
                ...(p.others ? { preMeetingStartsAt: `2027-01-04T${p.marcus}` } : {}),
              }
            : a,
      );
      // Attendees are numbered in the order given: Jade is a5, Marcus a6.
      b.attendees.push(
        { name: 'Ines Interpreter', email: INES, role: 'interpreter', accompanies: 'a5' },
        { name: 'Bea Signer', email: BEA, role: 'interpreter', accompanies: 'a6' },
      );
      const c = await create(s, b);
      await settle(s);
      const mail = (step: string, to: string, v = 1) =>
        s.smtp.messages.find(
          (x) =>
            x.envelopeTo.includes(to) && new RegExp(`^<${step}-a\\d+-v${v}\\.${c.id}@`).test(x.parsed.messageId ?? ''),
        );
      const [jade, marcus, ines, bea] = await until('the invitations', () => {
        const all = [JADE, MARCUS, INES, BEA].map((to) => mail('send-invites', to));
        return all.every(Boolean) ? (all as [Msg, Msg, Msg, Msg]) : undefined;
      });

      // Jade's language in words, as she and the coordinator read it.
      expect(text(jade)).toContain('We are arranging an interpreter who speaks Polish for you.');
      const tasks = (await s.api('GET', `/api/conferences/${c.id}/tasks`)).body;
      expect(JSON.stringify(tasks)).toContain('an interpreter who speaks Polish');
      // The parents are asked to come at their own time; each interpreter at that parent's.
      expect(text(jade)).toContain(`Please join at ${p.jade}`);
      expect(text(marcus)).toContain(`Please join at ${p.marcus}`);
      const subject = `Child protection meeting on Mon 4 Jan 2027, as an interpreter (reference ${c.reference})`;
      for (const [m, parent, language, time, notTime] of [
        [ines, jade, 'Polish', p.jade, p.marcus],
        [bea, marcus, 'British Sign Language', p.marcus, p.jade],
      ] as const) {
        const t = text(m);
        expect(m.parsed.subject).toBe(subject);
        expect(t).toContain(
          'You are invited to a child protection meeting (called a conference) as the interpreter for a parent. You come with them: the meeting is about their family.',
        );
        expect(t).toContain(`Please interpret in ${language}.`);
        expect(t).toContain(
          p.others
            ? `Please join at ${time}, with the parent you interpret for, before the other people join at ${p.others}.`
            : `Please join at ${time}, with the parent you interpret for.`,
        );
        expect(t).toContain('If the chair asks the parent to leave for part of the meeting, you leave with them.');
        expect(startOf(m)).toBe(startOf(parent));
        // Their answer page greets them as who they are: plain words, no colleague to send in their place.
        const link = /https?:\/\/\S+?(\/l\/[A-Za-z0-9_.-]+)/.exec(m.parsed.text ?? '')![1]!;
        const page = plainText((await new PageClient(s.url).get(link)).text);
        expect(page).toContain('Can you come to the meeting as the interpreter for a parent?');
        expect(page).toContain(`please come at ${time}`);
        expect(page).not.toMatch(/Will you attend|Your role|a colleague to go in your place/);
        // The parent's joining details: the video link and the dial-in with its PIN, or the venue.
        if (p.mode === 'in-person') expect(t).toContain('Civic Offices, Room 2');
        else {
          const video = /Join by video: (\S+)/.exec(text(parent))![1]!;
          const phone = /(\+44[\d ]+), then PIN (\d+)/.exec(text(parent))!;
          expect(t).toContain(`Join by video: ${video}`);
          expect(t).toContain(`${phone[1]}, then PIN ${phone[2]}`);
        }
        // Never the professionals' invitation: no names, no report, not their early time.
        expect(t).not.toMatch(/Who the conference is about|born 2 May 2019|Your report|Your role|written report/);
        expect(t).not.toContain('09:45');
        if (time !== notTime) expect(`${t}\n${icsOf(m)}`).not.toContain(notTime);
        // No name in what a lock screen or a shared calendar shows.
        expect(m.parsed.subject).not.toMatch(NAMES);
        expect(/<div[^>]*display:\s*none[^>]*>([^<]*)</i.exec(html(m))?.[1] ?? '').not.toMatch(NAMES);
        expect(icsOf(m)).not.toMatch(NAMES);
        expect(t).not.toMatch(NAMES);
      }

      // A new time: each interpreter is told in the same kind, at their parent's new time.
      const moved = await s.api('POST', `/api/conferences/${c.id}/reschedule`, {
        startsAt: '2027-01-06T14:00',
        reason: 'The chair is ill',
        requestedBy: 'Chair Person',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      await runDueJobs(s);
      const again = await until('the new invitation', () => mail('send-invites', INES, 2));
      expect(again.parsed.subject).toBe(
        `New time for a child protection meeting you are coming to as an interpreter: Wed 6 Jan 2027 (reference ${c.reference})`,
      );
      expect(text(again)).toContain('This replaces the earlier invitation: the time has changed.');
      expect(text(again)).toContain('Please interpret in Polish.');
      expect(text(again)).toContain('Please join at 14:00, with the parent you interpret for');

      // Cancelled: told as someone who comes with the family, not as a professional with a report to send.
      const cancelled = await s.api('POST', `/api/conferences/${c.id}/cancel`, {
        reason: 'No longer needed',
        requestedBy: 'Chair Person',
      });
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      await runDueJobs(s);
      const off = await until('the cancellation', () => mail('send-cancellations', INES, 3));
      expect(off.parsed.subject).toBe(
        `Child protection meeting on Wed 6 Jan 2027 is cancelled (reference ${c.reference})`,
      );
      expect(text(off)).toContain('The meeting on Wednesday 6 January 2027 at 14:00 will not go ahead.');
      expect(text(off)).toContain('You do not need to come. Please remove it from your calendar.');
      expect(text(off)).toContain('If you have any questions, reply to this email or contact the social worker.');
      expect(text(off)).not.toMatch(/report|your social worker/i);
      expect(`${off.parsed.subject} ${text(off)}`).not.toMatch(NAMES);
    },
  );
});
