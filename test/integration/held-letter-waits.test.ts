/**
 * A held decision letter waits until someone records telling the parent, however long, under every
 * preset (a parent asked to leave part of the meeting is held under all of them). Two parents asked
 * to leave part of the meeting, the father with his interpreter; one decided conference per preset:
 * - at the hold time nothing reaches either family member: the social worker is reminded, the chair
 *   and the coordinator are told the letter is late, the conference view shows it held and late, and
 *   the follow-ups no longer wait for it;
 * - a release without a reason is refused naming `reason` (API and chair's page) and changes nothing;
 *   the chair releases the father's letter with a reason: audited, his letter and his interpreter's
 *   copy go saying the chair or his social worker will contact him, and his reminders stop;
 * - the circulation deadline passes with letters held on purpose: no miss, no alert (the on-time
 *   record counts them);
 * - the mother's approved minutes, her plan action's reminder, her supporter's and her second chaser
 *   come while her letter waits: the minutes and both reminders wait with it, and follow it once the
 *   chair records telling her (the letter says so).
 * One service for the file: each preset's meeting on its own Monday, two weeks apart.
 */
import { describe, expect, it } from 'vitest';
import { create, extraAttendees, holdMeeting, settle, toldTheDecision } from '../helpers/decision-flow.ts';
import { daysAfter, oneService, presetConference, presetsOnMondays } from '../helpers/every-preset.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';
import { PageClient, csrfOf, linkPath } from '../helpers/pages.ts';
import { TEST_API_KEY } from '../helpers/service.ts';
import { isMinutes } from '../helpers/minutes-flow.ts';

type Sent = SmtpSink['messages'][number];
const s = oneService();

const PRESETS = presetsOnMondays({ weeksApart: 2 });
const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const INTERPRETER = 'interpreter@language.example.com';
const SUPPORTER = 'supporter@family-support.example.org';
const SOLICITOR = 'solicitor@law.example.com';
const SW = 'sw@example.gov.uk';
const CHAIR = 'chair@example.gov.uk';
const COORDINATOR = 'coordinator@example.gov.uk';
const subject = (m: Sent) => m.parsed.subject ?? '';
const text = (m: Sent) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const isLetter = (m: Sent) => /^The decision of your child protection meeting/.test(subject(m));

describe.each(PRESETS)('held letters under $policy', (p) => {
  it(
    'wait until the telling is recorded or the chair releases one with a reason; reminders and minutes wait with them',
    { timeout: 120_000 },
    async () => {
      const base = presetConference(p);
      const attendees = (base.attendees as Record<string, unknown>[]).map((a) =>
        a.name === 'Marcus Testfamily'
          ? { name: 'Marcus Testfamily', email: MARCUS, role: 'parent', contactPreference: 'email' }
          : a,
      );
      const c = await create(s, {
        ...base,
        attendees: [
          ...attendees,
          { name: 'Ola Interpreter', email: INTERPRETER, role: 'interpreter', language: 'Polish', accompanies: 'a6' },
          { name: 'Sam Supporter', email: SUPPORTER, role: 'supporter', accompanies: 'a5' },
          { name: 'Sol Solicitor', email: SOLICITOR, role: 'supporter', solicitor: true, accompanies: 'a5' },
          ...extraAttendees(),
        ],
      });
      await settle(s);
      const id = (email: string) => c.attendees.find((a) => a.email === email)!.id;
      const [jade, marcus] = [id(JADE), id(MARCUS)];
      const policy = s.rt.deps.policies.get(p.policy);
      const ground = policy.exclusionGrounds[0]!;
      const ours = (m: Sent) => subject(m).includes(c.reference);
      const mail = (to: string) => s.smtp.messages.filter((m) => m.envelopeTo.includes(to) && ours(m));
      /** What a family mailbox has had of this conference, in order. */
      const family = (to: string) =>
        mail(to)
          .map((m) =>
            isLetter(m)
              ? 'letter'
              : /^(Something in your plan|A step in the plan) is due/.test(subject(m))
                ? 'reminder'
                : isMinutes(m)
                  ? 'minutes'
                  : '',
          )
          .filter(Boolean);
      const chasers = (parent: string) =>
        mail(SW).filter(
          (m) => subject(m).startsWith(`Reminder: ${c.reference}: please`) && text(m).includes(`(parent, ${parent})`),
        );
      const late = (to: string) => mail(to).filter((m) => subject(m).includes('is held and late'));
      // Her plan action is due a week on Tuesday: its reminder (3 working days before) comes on Thursday.
      const dueOn = daysAfter(p.on, 8);
      await holdMeeting(s, c, {
        at: `${p.on}T10:00`,
        decideAt: `${p.on}T11:45`,
        exclude: [
          { attendeeId: jade, part: 'police information about a third party', ground },
          { attendeeId: marcus, part: 'a health record of another adult', ground },
        ],
        plan: [
          {
            risk: 'Missed health appointments',
            task: 'Take Ruby to every health appointment',
            byWhom: 'Mother',
            timescale: 'Next two weeks',
            plannedOutcome: 'All appointments kept',
            ownerAttendeeId: jade,
            dueOn,
          },
          {
            risk: 'Missed health appointments',
            task: 'Go with the mother to the health appointments',
            byWhom: 'Supporter',
            timescale: 'Next two weeks',
            plannedOutcome: 'All appointments kept',
            ownerAttendeeId: id(SUPPORTER),
            dueOn,
          },
        ],
      });
      await s.advanceTo(`${p.on}T11:50`);
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      expect(family(JADE)).toEqual([]);
      expect(family(MARCUS)).toEqual([]);
      expect(family(INTERPRETER)).toEqual([]);
      expect(family(SUPPORTER)).toEqual([]);

      // The hold time (the next working day at the send time): late, never sent.
      await s.advanceTo(`${daysAfter(p.on, 1)}T10:00`);
      expect(family(JADE)).toEqual([]);
      expect(family(MARCUS)).toEqual([]);
      expect(family(INTERPRETER)).toEqual([]);
      expect(chasers(jade)).toHaveLength(1);
      expect(chasers(marcus)).toHaveLength(1);
      expect(text(chasers(jade)[0]!)).toContain('Their letter is still held: they have not been sent it.');
      for (const to of [CHAIR, COORDINATOR]) {
        expect(late(to)).toHaveLength(2);
        expect(text(late(to)[0]!)).toContain(
          `Under the ${policy.shortName} policy their letter waits until someone does: it has not been sent.`,
        );
      }
      let v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      const status = (who: string) => v.circulation.recipients.find((r: any) => r.key === who);
      for (const who of [jade, marcus, id(INTERPRETER)])
        expect(status(who)).toMatchObject({ status: 'held', late: true });
      expect(
        v.audit
          .filter((a: any) => a.action === 'decision.letter-late')
          .map((a: any) => a.detail.attendeeId)
          .sort(),
      ).toEqual([jade, marcus].sort());
      const item = (await s.api('GET', '/api/worklist')).body.items.find(
        (i: any) => i.kind === 'explanation-to-record' && i.conferenceId === c.id && i.attendeeId === jade,
      );
      expect(item.what).toContain('their letter is held until it is');
      expect(item.next).toContain('the chair or you can send a held letter without it, saying why');
      // Everyone else has theirs: the follow-ups do not wait for letters held on purpose.
      expect(v.state).toBe('follow-up');

      // Releasing without the record needs a reason: refused naming it, and nothing changes.
      for (const body of [{}, { reason: '   ' }]) {
        const bad = await s.api('POST', `/api/conferences/${c.id}/circulation/${marcus}/release`, body);
        expect(bad.status).toBe(400);
        expect(JSON.stringify(bad.body)).toContain('reason');
      }
      const chairPath = await linkPath(s, c.id, 'a1', 'chair');
      const chair = new PageClient(s.url);
      let page = await chair.get(chairPath);
      expect(page.text).toContain('Send the letter now without the record');
      const blank = await chair.post(chairPath, { _csrf: csrfOf(page.text), action: 'release', attendeeId: marcus });
      expect(blank.status).toBe(400);
      expect(blank.text).toContain('Say why the letter should go before anyone has told them');
      await settle(s);
      expect(family(MARCUS)).toEqual([]);
      v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      expect(v.audit.some((a: any) => a.action === 'decision.letter-released-unexplained')).toBe(false);

      // The chair releases the father's letter, saying why: it goes, with his interpreter's copy.
      page = await chair.get(chairPath);
      const released = await chair.post(chairPath, {
        _csrf: csrfOf(page.text),
        action: 'release',
        attendeeId: marcus,
        reason: 'He is working away for a month and cannot be reached',
      });
      expect(released.status, released.text).toBe(303);
      await settle(s);
      expect(family(MARCUS)).toEqual(['letter']);
      expect(family(INTERPRETER)).toEqual(['letter']);
      const his = text(mail(MARCUS).find(isLetter)!);
      expect(his).toContain('You were asked to leave part of the meeting.');
      expect(his).toContain(
        'The chair or your social worker will contact you to explain why, and to hear what you think about the decision.',
      );
      v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      expect(v.audit.find((a: any) => a.action === 'decision.letter-released-unexplained')).toMatchObject({
        actor: 'a1',
        detail: { attendeeId: marcus, why: 'He is working away for a month and cannot be reached' },
      });
      // The explanation is still to be recorded for both parents.
      const explanations = async () =>
        (await s.api('GET', '/api/worklist')).body.items
          .filter((i: any) => i.kind === 'explanation-to-record' && i.conferenceId === c.id)
          .map((i: any) => i.attendeeId)
          .sort();
      expect(await explanations()).toEqual([jade, marcus].sort());

      // The minutes approved while the mother's letter waits: the father has his, she waits.
      const by = c.attendees.find((a) => a.role === 'chair')!.id;
      const minutes = await s.api('POST', `/api/conferences/${c.id}/minutes`, {
        text: '## Discussion\n\nThe plan was agreed.',
        by,
      });
      expect(minutes.status, JSON.stringify(minutes.body)).toBeLessThan(300);
      expect((await s.api('POST', `/api/conferences/${c.id}/minutes/approve`, { by })).status).toBeLessThan(300);
      await settle(s);
      expect(family(MARCUS)).toEqual(['letter', 'minutes']);
      expect(family(JADE)).toEqual([]);
      const copies = (await s.api('GET', `/api/conferences/${c.id}/minutes`)).body.recipients;
      // Where the policy sends her solicitor a copy of the minutes (Cumbria), it waits with her letter too.
      const solicitorCopy = copies.find((r: any) => r.attendeeId === id(SOLICITOR))?.copy === 'solicitor';
      expect(family(SOLICITOR)).toEqual([]);
      if (solicitorCopy)
        expect(copies.find((r: any) => r.attendeeId === id(SOLICITOR))).toMatchObject({ status: 'held' });
      expect(copies.find((r: any) => r.attendeeId === jade)).toMatchObject({
        status: 'held',
        reason: 'waits for their decision letter, held until someone records telling them',
      });

      // The coordinator's page offers the same release, and refuses a blank reason the same way.
      const desk = new PageClient(s.url);
      const signIn = await desk.get('/dashboard/sign-in');
      expect((await desk.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) })).status).toBe(
        303,
      );
      const deskPage = await desk.get(`/dashboard/c/${c.id}`);
      expect(deskPage.text).toContain(`/dashboard/c/${c.id}/circulation/${jade}/release`);
      const deskBlank = await desk.post(`/dashboard/c/${c.id}/circulation/${jade}/release`, {
        _csrf: csrfOf(deskPage.text),
        reason: '',
      });
      expect(deskBlank.status).toBe(400);
      expect(deskBlank.text).toContain('Say why the letter should go before anyone has told them');
      await settle(s);
      expect(family(JADE)).toEqual([]);

      // Thursday: her plan action's reminder is due and her second chaser goes; his reminders stopped.
      await s.advanceTo(`${daysAfter(p.on, 3)}T12:00`);
      expect(family(JADE)).toEqual([]);
      // Her supporter's step of the plan waits with her letter too: they would learn the decision first.
      expect(family(SUPPORTER)).toEqual([]);
      expect(chasers(jade)).toHaveLength(2);
      expect(chasers(marcus)).toHaveLength(1);
      // The circulation deadline has passed: letters held on purpose are no miss, and no alert went for them.
      v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      expect(v.circulation.missed).toBeNull();
      expect(mail(CHAIR).filter((m) => /circulation (at risk|deadline missed)/.test(subject(m)))).toEqual([]);
      if (v.circulation.dueAt)
        expect(v.audit.find((a: any) => a.action === 'circulation.on-time')?.detail.heldLetters).toBeGreaterThan(0);
      const pending = (await s.rt.deps.jobs.pending(c.id)).filter((j) => j.step === 'held-letter-chase');
      expect(pending.map((j) => j.attendeeId)).toEqual([jade]);

      // The chair records telling her: the letter says so, then the minutes and the reminder follow it.
      await toldTheDecision(s, c, jade, { explainedBy: 'chair', how: 'phone', view: 'told-them' });
      const mine = family(JADE);
      expect(mine[0]).toBe('letter');
      expect(mine.slice(1).sort()).toEqual(['minutes', 'reminder']);
      expect(text(mail(JADE).find(isLetter)!)).toContain(
        'the chair spoke to you on the phone to explain why you were asked to leave part of the meeting, and what was decided.',
      );
      const supporter = family(SUPPORTER);
      expect(supporter[0]).toBe('letter');
      expect(supporter.filter((k) => k === 'reminder')).toHaveLength(1);
      expect(text(mail(SUPPORTER).find((m) => subject(m).startsWith('A step in the plan is due'))!)).toContain(
        'This step in the child protection plan is yours, as a supporter for a parent',
      );
      expect(family(SOLICITOR)).toEqual(solicitorCopy ? ['letter', 'minutes'] : ['letter']);
      expect(await explanations()).toEqual([marcus]);
      expect((await s.rt.deps.jobs.pending(c.id)).filter((j) => j.step === 'held-letter-chase')).toEqual([]);
      // Nothing twice.
      await settle(s);
      expect(family(JADE)).toHaveLength(3);
      expect(family(SUPPORTER)).toEqual(supporter);
      expect(family(MARCUS)).toEqual(['letter', 'minutes']);
    },
  );
});
