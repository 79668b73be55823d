/**
 * Whoever comes with a parent gets what that parent gets of a core group, never more (issue #19),
 * under every preset, through the running service (real Redis, the SMTP sink): the interpreter and
 * the supporter are invited as companions, not as professionals or as the family — whom they come
 * with (by role, never a name), the language for the interpreter, the parent's core group time
 * (Hampshire's straight after the conference, the others' within the policy's limit) and the
 * parent's video link and dial-in; a new time and a cancellation in the same kind; and nothing of
 * a core group the parent they come with is not in.
 */
import { describe, expect, it } from 'vitest';
import { eventsOf, parseIcs } from '../../src/content/ics.ts';
import { TEAM_MANAGER } from '../helpers/core-group-flow.ts';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { daysAfter, oneService, presetConference, presetsOnMondays } from '../helpers/every-preset.ts';
import { PageClient, plainText, purposeOf } from '../helpers/pages.ts';
import type { TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const s = oneService();

type Msg = TestService['smtp']['messages'][number];
const JADE = 'jade@family.example.com';
const INES = 'ines@interpreters.example.com';
const SALLY = 'sally@friends.example.com';
const NAMES = /Jade|Marcus|Testfamily|Ruby|Leo|Ines|Sally|Tom Manager/;

const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const icsOf = (m: Msg) =>
  m.parsed.attachments.find((a) => /^text\/calendar$/i.test(a.contentType))!.content.toString('utf8');
const startOf = (m: Msg) => new Date(eventsOf(parseIcs(icsOf(m)))[0]!.start).toISOString();

/** Three weeks apart: each preset's core groups are booked, moved and cancelled before the next conference. */
const CASES = presetsOnMondays({ weeksApart: 3 }).map((p) => ({
  ...p,
  // Hampshire's first core group meets straight after the conference (10:00 to 12:00); the others' within 10 working days.
  firstAt: p.policy === 'hampshire' ? `${p.on}T12:00` : `${daysAfter(p.on, 7)}T10:00`,
  firstTime: p.policy === 'hampshire' ? '12:00' : '10:00',
  movedTo: `${daysAfter(p.on, 8)}T14:00`,
}));

describe.each(CASES)('a companion’s core group invitations under $policy', (p) => {
  it(
    'the interpreter and the supporter get the parent’s core group time and joining details, as companions',
    { timeout: 120_000 },
    async () => {
      const b = presetConference(p) as {
        attendees: Record<string, unknown>[];
      } & Record<string, unknown>;
      b.attendees = b.attendees.map((a) =>
        a['email'] === JADE ? { ...a, interpreterNeeded: true, language: 'Polish' } : a,
      );
      // Attendees are numbered in the order given: Jade is a5, Marcus a6 (by post), the team manager a7.
      b.attendees.push(
        TEAM_MANAGER,
        { name: 'Ines Interpreter', email: INES, role: 'interpreter', accompanies: 'a5' },
        { name: 'Sally Supporter', email: SALLY, role: 'supporter', accompanies: 'a6' },
      );
      const c = await create(s, b);
      await settle(s);
      const tm = c.attendees.find((a) => a.email === TEAM_MANAGER.email)!;
      const sally = c.attendees.find((a) => a.email === SALLY)!;
      const sw = byRole(c, 'social-worker');
      const hv = c.attendees.find((a) => a.role === 'professional')!;
      const inesA = c.attendees.find((a) => a.email === INES)!;
      const step = (task: string, owner: string) => ({
        risk: 'Missed health appointments',
        task,
        byWhom: 'as owner',
        timescale: 'next week',
        plannedOutcome: 'All appointments kept',
        ownerAttendeeId: owner,
        dueOn: daysAfter(p.on, 4),
      });
      await holdMeeting(s, c, {
        at: `${p.on}T10:00`,
        decideAt: `${p.on}T11:45`,
        // Marcus's supporter and Jade's interpreter each own a step of the plan.
        plan: [
          step('Go with the father to the first clinic appointment', sally.id),
          step('Interpret at the first clinic appointment', inesA.id),
        ],
        decision: {
          // The chair names both parents and Marcus's supporter; Jade's interpreter comes with Jade.
          coreGroup: [sw.id, hv.id, 'a5', 'a6', sally.id],
          firstCoreGroup: { startsAt: p.firstAt, durationMinutes: 60, mode: 'virtual', chairAttendeeId: tm.id },
        },
      });
      await s.advanceTo(`${p.on}T11:50`);
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);

      const mail = (step: string, cg: string, rev: number, to: string) =>
        s.smtp.messages.find(
          (m) =>
            m.envelopeTo.includes(to) &&
            new RegExp(`^<${step}-${cg}-a\\d+-r${rev}-v1\\.${c.id}@`).test(m.parsed.messageId ?? ''),
        );
      const [jade, ines, sal, pro] = await until('the core group invitations', () => {
        const all = [JADE, INES, SALLY, sw.email!].map((to) => mail('core-group-invites', 'cg1', 1, to));
        return all.every(Boolean) ? (all as [Msg, Msg, Msg, Msg]) : undefined;
      });

      // The parent's own: the family's wording.
      expect(text(jade)).toContain('The core group is you and the main workers who help your family.');
      const video = /Join by video: (\S+)/.exec(text(jade))![1]!;
      const phone = /(\+44[\d ]+), then PIN (\d+)/.exec(text(jade))!;
      expect(video).toContain(`/meet/${c.id}-cg1`);
      for (const [m, kind, verb] of [
        [ines, 'an interpreter', 'interpret for'],
        [sal, 'a supporter', 'come with'],
      ] as const) {
        const t = text(m);
        expect(m.parsed.subject).toBe(`Core group meeting as ${kind} (reference ${c.reference})`);
        expect(t).toContain(
          `You are invited to a core group meeting as ${kind === 'an interpreter' ? 'the interpreter' : kind} for a parent. You come with them: the meeting is about their family.`,
        );
        expect(t).toContain(`Please join at ${p.firstTime}, with the parent you ${verb}.`);
        // The parent's time and joining details: the same calendar start, video link and dial-in.
        expect(startOf(m)).toBe(startOf(jade));
        expect(t).toContain(`Join by video: ${video}`);
        expect(t).toContain(`${phone[1]}, then PIN ${phone[2]}`);
        expect(t).toContain('What you hear is private to the family.');
        // Never the family's wording (it is not their family) nor the professionals' (plan actions, the record).
        expect(t).not.toMatch(
          /The core group is you|your family|You may bring someone|You are a member of the core group/,
        );
        expect(t).not.toMatch(/plan action you own|record is circulated/);
        expect(`${m.parsed.subject}\n${t}\n${icsOf(m)}`).not.toMatch(NAMES);
      }
      expect(text(ines)).toContain('Please interpret in Polish.');
      expect(text(ines)).toContain(
        'If the chair asks the parent to leave for part of the meeting, you leave with them.',
      );
      expect(text(sal)).not.toMatch(/Please interpret|You interpret/);
      // "Who will be there" in their own voice: the parent they come with as that, themselves as "you".
      const who = (m: Msg) => (m.parsed.text ?? '').split('Who will be there')[1]!.split(/\n\s*\n/)[1]!;
      expect(who(ines).split('\n')).toEqual([
        '- the social worker',
        '- someone from Health visiting',
        '- the parent you interpret for',
        '- a parent',
        "- someone from Children's social care (team manager)",
        '- you',
        '- a supporter',
      ]);
      expect(who(sal).split('\n')).toEqual([
        '- the social worker',
        '- someone from Health visiting',
        '- a parent',
        '- the parent you come with',
        "- someone from Children's social care (team manager)",
        '- an interpreter',
        '- you',
      ]);
      // Their answer page greets them as who they are, in plain words (not "Will you attend the core group for ...").
      const page = new PageClient(s.url);
      for (const [m, as] of [
        [ines, 'the interpreter for a parent'],
        [sal, 'a supporter for a parent'],
      ] as const) {
        const link = /https?:\/\/\S+(\/l\/[A-Za-z0-9_.-]+)/.exec(m.parsed.text ?? '')![1]!;
        expect(purposeOf(link)).toBe('core-group');
        const opened = await page.get(link);
        expect(opened.status).toBe(200);
        const shown = plainText(opened.text);
        expect(shown).toContain(`Can you come to the core group meeting as ${as}?`);
        expect(shown).toContain('Your answer so far');
        expect(shown).not.toMatch(/Will you attend/);
        expect(shown).not.toMatch(NAMES);
      }
      // The professionals' invitation is unchanged.
      expect(text(pro)).toContain(`You are a member of the core group for ${c.reference}.`);

      // A new time: the companions are told in the same kind, at the parent's new time.
      const moved = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg1/reschedule`, {
        startsAt: p.movedTo,
        reason: 'room not free',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      await settle(s);
      const [jade2, ines2] = await until('the new time', () => {
        const all = [JADE, INES].map((to) => mail('core-group-invites', 'cg1', 2, to));
        return all.every(Boolean) ? (all as [Msg, Msg]) : undefined;
      });
      expect(ines2.parsed.subject).toBe(`Changed: Core group meeting as an interpreter (reference ${c.reference})`);
      expect(text(ines2)).toContain('The time or place has changed.');
      expect(text(ines2)).toContain('Please join at 14:00, with the parent you interpret for.');
      expect(text(ines2)).toContain('Please interpret in Polish.');
      expect(startOf(ines2)).toBe(startOf(jade2));

      // A core group without Marcus: his supporter is not invited to it; Jade's interpreter is, and is told when it is cancelled.
      const booked = await s.api('POST', `/api/conferences/${c.id}/core-groups`, {
        startsAt: `${daysAfter(p.on, 14)}T14:00`,
        durationMinutes: 60,
        mode: 'virtual',
        chairAttendeeId: tm.id,
        members: [sw.id, hv.id, 'a5', sally.id],
      });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      await settle(s);
      await until('the second core group’s invitations', () => mail('core-group-invites', 'cg2', 1, INES));
      expect(mail('core-group-invites', 'cg2', 1, JADE)).toBeDefined();
      expect(mail('core-group-invites', 'cg2', 1, SALLY)).toBeUndefined();
      const cancelled = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg2/cancel`, {
        reason: 'chair unwell',
      });
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      await settle(s);
      const off = await until('the cancellation', () => mail('core-group-cancellations', 'cg2', 2, INES));
      expect(off.parsed.subject).toBe(`Cancelled: core group meeting (reference ${c.reference})`);
      expect(text(off)).toContain(
        'You do not need to come. Please remove it from your calendar. If it meets on another day, you will be invited again. If you have any questions, contact the social worker.',
      );
      expect(text(off)).not.toMatch(/Your social worker|A new date will follow/);
      expect(icsOf(off)).toContain('METHOD:CANCEL');
      expect(mail('core-group-cancellations', 'cg2', 2, SALLY)).toBeUndefined();

      // Each owner's reminder before the step is due is written for who they are, not for a professional.
      await s.advanceTo(`${daysAfter(p.on, 4)}T08:00`);
      await settle(s);
      const reminder = (to: string) =>
        s.smtp.messages.find(
          (m) =>
            m.envelopeTo.includes(to) &&
            new RegExp(`^<plan-action-reminder-.*\\.${c.id}@`).test(m.parsed.messageId ?? ''),
        );
      const [forSally, forInes] = await until('the plan reminders', () => {
        const all = [SALLY, INES].map(reminder);
        return all.every(Boolean) ? (all as [Msg, Msg]) : undefined;
      });
      for (const [m, as, task] of [
        [forSally, 'a supporter for a parent', 'Go with the father to the first clinic appointment'],
        [forInes, 'the interpreter for a parent', 'Interpret at the first clinic appointment'],
      ] as const) {
        expect(m.parsed.subject).toMatch(
          new RegExp(`^A step in the plan is due on .+ \\(reference ${c.reference}\\)$`),
        );
        const t = text(m);
        expect(t).toContain(`This step in the child protection plan is yours, as ${as}, and is due on`);
        expect(t).toContain(task);
        expect(t).toContain('If you need help with it, or it is done, tell the social worker.');
        // Not the professionals' (the API to post to) nor the family's ("your social worker").
        expect(t).not.toMatch(/POST |plan action \d|Your action|your social worker/);
        expect(`${m.parsed.subject}\n${t}`).not.toMatch(NAMES);
      }
    },
  );

  it(
    'before a core group is booked, a companion named in it is told when it must meet as the parent is, without the children’s names',
    { timeout: 120_000 },
    async () => {
      const on = daysAfter(p.on, 7);
      const b = presetConference({ ...p, on }) as {
        attendees: Record<string, unknown>[];
      } & Record<string, unknown>;
      b.attendees = b.attendees.map((a) =>
        a['email'] === JADE ? { ...a, interpreterNeeded: true, language: 'Polish' } : a,
      );
      b.attendees.push(
        { name: 'Ines Interpreter', email: INES, role: 'interpreter', accompanies: 'a5' },
        { name: 'Sally Supporter', email: SALLY, role: 'supporter', accompanies: 'a6' },
      );
      const c = await create(s, b);
      await settle(s);
      const ines = c.attendees.find((a) => a.email === INES)!;
      const sally = c.attendees.find((a) => a.email === SALLY)!;
      // The chair names Jade, her interpreter and Marcus's supporter, but not Marcus: no core group is booked yet.
      await holdMeeting(s, c, {
        at: `${on}T10:00`,
        decideAt: `${on}T11:45`,
        decision: {
          coreGroup: [
            byRole(c, 'social-worker').id,
            c.attendees.find((a) => a.role === 'professional')!.id,
            'a5',
            ines.id,
            sally.id,
          ],
        },
      });
      await s.advanceTo(`${on}T11:50`);
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      const notice = (to: string) =>
        s.smtp.messages.find(
          (m) =>
            m.envelopeTo.includes(to) &&
            new RegExp(`^<follow-up-core-group-a\\d+-v\\d+\\.${c.id}@`).test(m.parsed.messageId ?? ''),
        );
      const [jade, interpreter] = await until('the core group notices', () => {
        const all = [JADE, INES].map(notice);
        return all.every(Boolean) ? (all as [Msg, Msg]) : undefined;
      });
      // When it must meet, as the parent is told (Hampshire: straight after the conference; the others by a date).
      const when = /The first core group meeting will be ([^.]+)\./.exec(text(jade))![1]!;
      expect(when.startsWith('straight after the conference')).toBe(p.policy === 'hampshire');
      const t = text(interpreter);
      expect(interpreter.parsed.subject).toBe(`First core group meeting (reference ${c.reference})`);
      expect(t).toContain('You come to the core group as the interpreter for a parent.');
      expect(t).toContain(
        `The first core group meeting will be ${when}. You will be invited with the time and how to join.`,
      );
      // Never the professionals' notice, which names the children.
      expect(t).not.toMatch(/Children on a child protection plan|must meet/);
      expect(`${interpreter.parsed.subject}\n${t}`).not.toMatch(NAMES);
      // Marcus is not in it: his supporter is told nothing.
      expect(notice(SALLY)).toBeUndefined();
    },
  );
});
