/**
 * A parent asked to leave part of the meeting, under every preset: her letter, and her interpreter's
 * copy of it, wait until the chair records on the chair's page that she was told why and what was
 * decided, and how she gave her view; the letter then says so. A blank record is refused naming each
 * question and sends nothing. Until it is recorded the worklist shows it. The father, absent, waits
 * for the social worker's visit only where the policy asks for one (Cumbria). One service for the
 * file: each preset's meeting on its own Monday, its messages found by its reference.
 */
import { describe, expect, it } from 'vitest';
import { create, extraAttendees, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { daysAfter, oneService, presetConference, presetsOnMondays } from '../helpers/every-preset.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';
import { PageClient, csrfOf, linkPath, plainText } from '../helpers/pages.ts';
import { until } from '../helpers/wait.ts';
import { familyDisagreeContacts } from '../../src/content/templates/escalation-notice.ts';

type Sent = SmtpSink['messages'][number];
const s = oneService();

/** Mondays a week apart from 4 January 2027; `next`, the day after the meeting. */
const PRESETS = presetsOnMondays().map((p) => ({ ...p, next: daysAfter(p.on, 1) }));
const JADE = 'jade@family.example.com';
const INTERPRETER = 'interpreter@language.example.com';
const subject = (m: Sent) => m.parsed.subject ?? '';
const text = (m: Sent) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const to = (address: string) => s.smtp.messages.filter((m) => m.envelopeTo.includes(address));

describe.each(PRESETS)('a parent asked to leave part of the meeting under $policy', (p) => {
  it(
    'holds her letter and her interpreter’s until the chair records telling her, then sends them saying so',
    { timeout: 90_000 },
    async () => {
      const base = presetConference(p);
      const c = await create(s, {
        ...base,
        attendees: [
          ...base.attendees,
          ...extraAttendees(),
          { name: 'Ola Interpreter', email: INTERPRETER, role: 'interpreter', language: 'Polish', accompanies: 'a5' },
        ],
      });
      await settle(s);
      const policy = s.rt.deps.policies.get(p.policy);
      const ours = (m: Sent) => subject(m).includes(c.reference);
      const isDecision = (m: Sent) => ours(m) && /^The decision of your child protection meeting/.test(subject(m));
      const jade = c.attendees.find((a) => a.email === JADE)!;
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      await holdMeeting(s, c, {
        at: `${p.on}T10:00`,
        decideAt: `${p.on}T11:45`,
        absent: [marcus.id],
        exclude: {
          attendeeId: jade.id,
          part: 'police information about a third party',
          ground: policy.exclusionGrounds[0]!,
        },
      });
      const chairPath = await linkPath(s, c.id, 'a1', 'chair');
      const chair = new PageClient(s.url);
      let page = await chair.get(chairPath);
      expect((await chair.post(chairPath, { _csrf: csrfOf(page.text), action: 'approve' })).status).toBe(303);
      await settle(s);

      // The social worker is asked; neither Jade nor her interpreter has the letter; the worklist says so.
      await until('the task to explain', () =>
        to('sw@example.gov.uk').find((m) => ours(m) && subject(m).includes('who left part of the meeting')),
      );
      expect(to(JADE).filter(isDecision)).toHaveLength(0);
      expect(to(INTERPRETER).filter(isDecision)).toHaveLength(0);
      const explanations = async () =>
        (await s.api('GET', '/api/worklist')).body.items.filter(
          (i: any) => i.kind === 'explanation-to-record' && i.conferenceId === c.id && i.attendeeId === jade.id,
        );
      const work = await explanations();
      expect(work).toMatchObject([{ attendeeId: jade.id, dueAt: `${p.next}T09:00:00+00:00`, place: 'held-letters' }]);
      expect(work[0].what).toContain('Nobody has recorded telling Jade Testfamily');

      // The chair's page lists her with the three questions.
      page = await chair.get(chairPath);
      expect(page.text).toContain('Parents to tell the decision');
      expect(page.text).toContain('Jade Testfamily');
      expect(page.text).toContain('asked to leave part of the meeting');
      for (const q of ['Who told them', 'How they gave their view of the decision']) expect(page.text).toContain(q);
      // The absent father waits for the social worker's visit only where the policy asks for one.
      const told = plainText(page.text.split('<h2 id="told-h">')[1]?.split('<h2')[0] ?? '');
      if (policy.circulation.tellAbsentParentsInPerson) expect(told).toContain('Marcus Testfamily');
      else expect(told).not.toContain('Marcus Testfamily');

      // Nothing chosen: refused, naming each question; nothing sent.
      const blank = await chair.post(chairPath, { _csrf: csrfOf(page.text), action: 'told', attendeeId: jade.id });
      expect(blank.status).toBe(400);
      for (const m of ['Choose who told them', 'Choose how they were told', 'Choose how they gave their view'])
        expect(blank.text).toContain(m);
      await settle(s);
      expect(to(JADE).filter(isDecision)).toHaveLength(0);

      const done = await chair.post(chairPath, {
        _csrf: csrfOf(page.text),
        action: 'told',
        attendeeId: jade.id,
        explainedBy: 'chair',
        how: 'video',
        view: 'through-supporter',
      });
      expect(done.status, done.text).toBe(303);
      expect((await chair.get(done.location!)).text).toContain('Recorded that the parent was told the decision');
      await settle(s);

      const letter = text(await until('Jade’s letter', () => to(JADE).find(isDecision)));
      expect(letter).toContain('You were asked to leave part of the meeting.');
      expect(letter).toContain(
        'the chair spoke to you on a video call to explain why you were asked to leave part of the meeting, and what was decided. Your supporter gave your view for you, and it is part of the conference record.',
      );
      expect(letter).not.toContain('third party');
      // How to disagree or complain: the policy's family route, its named contacts, its complaints wording.
      expect(letter).toContain(
        `Your disagreement is recorded and taken to ${policy.views.disagreement.familyRoute}, and you should have an answer within ${policy.views.disagreement.escalation.family.resolveWithinWorkingDays} working days.`,
      );
      for (const contact of familyDisagreeContacts(policy)) expect(letter).toContain(contact);
      expect(letter).toContain(policy.complaints.replace(/\s+/g, ' ').trim());
      // Her interpreter gets exactly her letter, no more, and only now.
      const theirs = text(await until('the interpreter’s copy', () => to(INTERPRETER).find(isDecision)));
      expect(theirs).toContain('the chair spoke to you on a video call');
      expect(theirs).not.toContain('third party');
      expect(to(JADE).filter(isDecision)).toHaveLength(1);

      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      expect(v.heldLetters.find((h: any) => h.attendeeId === jade.id)).toMatchObject({
        attendeeId: jade.id,
        reason: 'excluded',
        explained: { by: 'chair', how: 'video', view: 'through-supporter', recordedBy: 'a1' },
      });
      expect(v.audit.find((a: any) => a.action === 'decision.told-in-person').actor).toBe('a1');
      expect(await explanations()).toEqual([]);

      // Recording it twice is refused, and a parent who heard the whole meeting has nothing to record.
      const again = await s.api('POST', `/api/conferences/${c.id}/circulation/${jade.id}/told`, {
        explainedBy: 'chair',
        how: 'phone',
        view: 'told-them',
      });
      expect(again.status).toBe(409);
      const bad = await s.api('POST', `/api/conferences/${c.id}/circulation/${jade.id}/told`, {
        explainedBy: 'neighbour',
        how: 'phone',
        view: 'told-them',
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('explainedBy');
    },
  );
});
