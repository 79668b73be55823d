/**
 * A father whose decision letter is held (asked to leave part of the meeting, under every preset; not
 * at it, where the policy asks for a visit: Cumbria) hears nothing of the core group before his letter:
 * no invitation for him or his interpreter until someone records telling him, then the letter and
 * after it the invitation, once each. The mother, at the whole meeting, is invited at once. A core
 * group cancelled while the letter waited is never mentioned to him. One service for the file.
 */
import { describe, expect, it } from 'vitest';
import { create, extraAttendees, holdMeeting, settle, toldTheDecision } from '../helpers/decision-flow.ts';
import { daysAfter, oneService, presetConference, presetsOnMondays } from '../helpers/every-preset.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';

type Sent = SmtpSink['messages'][number];
const s = oneService();

const PRESETS = presetsOnMondays();
const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const INTERPRETER = 'interpreter@language.example.com';
const subject = (m: Sent) => m.parsed.subject ?? '';

async function heldFather(p: (typeof PRESETS)[number], how: 'excluded' | 'absent') {
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
      ...extraAttendees(),
    ],
  });
  await settle(s);
  const id = (email: string) => c.attendees.find((a) => a.email === email)!.id;
  const [sw, hv] = [id('sw@example.gov.uk'), id('hv@nhs.example.org')];
  const policy = s.rt.deps.policies.get(p.policy);
  await holdMeeting(s, c, {
    at: `${p.on}T10:00`,
    decideAt: `${p.on}T11:45`,
    ...(how === 'absent'
      ? { absent: [id(MARCUS), id(INTERPRETER)] }
      : {
          exclude: {
            attendeeId: id(MARCUS),
            part: 'police information about a third party',
            ground: policy.exclusionGrounds[0]!,
          },
        }),
    decision: {
      coreGroup: [sw, hv, id(JADE), id(MARCUS), id(INTERPRETER)],
      firstCoreGroup: {
        startsAt: `${daysAfter(p.on, 3)}T14:00`,
        durationMinutes: 60,
        mode: 'in-person',
        venue: 'Civic Offices, Room 2',
        chairAttendeeId: hv,
      },
    },
  });
  await s.advanceTo(`${p.on}T11:50`);
  const approved = await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {});
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await settle(s);
  const ours = (m: Sent) => subject(m).includes(c.reference);
  /** A mailbox's decision letters and core group invitations of this conference, in the order sent. */
  const mailbox = (address: string) =>
    s.smtp.messages
      .filter((m) => m.envelopeTo.includes(address) && ours(m))
      .map((m) =>
        /^The decision of your child protection meeting/.test(subject(m))
          ? 'letter'
          : // The family's invitation, or the one written for the interpreter who comes with the father.
            subject(m) === `Core group meeting (reference ${c.reference})` ||
              subject(m) === `Core group meeting as an interpreter (reference ${c.reference})`
            ? 'invitation'
            : '',
      )
      .filter(Boolean);
  return { c, id, mailbox };
}

describe.each(PRESETS)('a father asked to leave part of the meeting under $policy', (p) => {
  it(
    'is invited to the core group only after his held letter, as is his interpreter',
    { timeout: 90_000 },
    async () => {
      const { c, id, mailbox } = await heldFather(p, 'excluded');
      // The mother heard the whole meeting: her letter and her invitation at once.
      expect(mailbox(JADE)).toEqual(expect.arrayContaining(['letter', 'invitation']));
      // The father and his interpreter: neither the letter nor the invitation.
      expect(mailbox(MARCUS)).toEqual([]);
      expect(mailbox(INTERPRETER)).toEqual([]);

      await toldTheDecision(s, c, id(MARCUS));
      await settle(s);
      expect(mailbox(MARCUS)).toEqual(['letter', 'invitation']);
      expect(mailbox(INTERPRETER)).toEqual(['letter', 'invitation']);
      expect(mailbox(JADE).filter((x) => x === 'invitation')).toHaveLength(1);
    },
  );
});

describe('a father not at the meeting under cumbria (the letter waits for a visit)', () => {
  const p = presetsOnMondays({ from: '2027-03-01' }).find((x) => x.policy === 'cumbria')!;
  it(
    'is invited after his letter, and never to a core group cancelled while it waited',
    { timeout: 90_000 },
    async () => {
      const { c, id, mailbox } = await heldFather(p, 'absent');
      expect(mailbox(JADE)).toEqual(expect.arrayContaining(['letter', 'invitation']));
      expect(mailbox(MARCUS)).toEqual([]);
      expect(mailbox(INTERPRETER)).toEqual([]);

      // A second core group booked and cancelled while his letter waits: the mother hears of both.
      const booked = await s.api('POST', `/api/conferences/${c.id}/core-groups`, {
        startsAt: `${daysAfter(p.on, 10)}T14:00`,
        durationMinutes: 60,
        mode: 'in-person',
        venue: 'Civic Offices, Room 2',
        chairAttendeeId: id('hv@nhs.example.org'),
      });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      await settle(s);
      const cancelled = await s.api('POST', `/api/conferences/${c.id}/core-groups/cg2/cancel`, { reason: 'moved' });
      expect(cancelled.status).toBe(200);
      await settle(s);
      expect(mailbox(JADE).filter((x) => x === 'invitation')).toHaveLength(2);
      expect(mailbox(MARCUS)).toEqual([]);

      await toldTheDecision(s, c, id(MARCUS), { explainedBy: 'social-worker' });
      await settle(s);
      // The letter, then the one core group still to come: nothing about the cancelled one.
      expect(mailbox(MARCUS)).toEqual(['letter', 'invitation']);
      expect(mailbox(INTERPRETER)).toEqual(['letter', 'invitation']);
    },
  );
});
