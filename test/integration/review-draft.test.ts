/**
 * The draft review conference through the running service: it is a new meeting, so parents' own
 * pre-meeting slots move to its date (and again when the coordinator confirms another time), and
 * nothing that belonged to the last meeting (answers, reports, links) comes with it. A slot that
 * no longer fits the authority's parents' time is dropped with a warning, never kept invalid.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventsOf, parseIcs } from '../../src/content/ics.ts';
import type { Policy } from '../../src/domain/policy/schema.ts';
import { create, holdMeeting, settle, type Created } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { until as pollUntil } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
afterEach(() => {
  vi.restoreAllMocks();
});
const start = startedServices();

const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const SUPPORTER = 'supporter@womensaid.example.org';
const COORDINATOR = 'coordinator@example.gov.uk';
/** These reviews are confirmed after the statutory deadline: the coordinator says why. */
const LATE = 'The family asked for a later date';

const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const ics = (m: Msg) =>
  m.parsed.attachments.find((a) => /^text\/calendar$/i.test(a.contentType))!.content.toString('utf8');
const event = (m: Msg) => eventsOf(parseIcs(ics(m)))[0]!;
const everything = (m: Msg) =>
  [m.parsed.subject ?? '', m.parsed.text ?? '', typeof m.parsed.html === 'string' ? m.parsed.html : '', ics(m)].join(
    '\n',
  );

const until = <T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
) => pollUntil(what, probe, timeoutMs);

const invitation = (s: TestService, id: string, email: string) =>
  s.smtp.messages.find(
    (m) => m.envelopeTo[0] === email && new RegExp(`^<send-invites-a\\d+-v1\\.${id}@`).test(m.parsed.messageId ?? ''),
  );

/** Separated parents by email, each with their own slot, and a supporter who comes with Marcus. */
function separatedParents(slots: { jade: string; marcus: string }) {
  const b = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  b.attendees = b.attendees.map((a) =>
    a.name === 'Jade Testfamily'
      ? { ...a, preMeetingStartsAt: slots.jade }
      : a.name === 'Marcus Testfamily'
        ? { name: 'Marcus Testfamily', role: 'parent', email: MARCUS, preMeetingStartsAt: slots.marcus }
        : a,
  );
  const marcus = `a${b.attendees.findIndex((a) => a.name === 'Marcus Testfamily') + 1}`;
  b.attendees.push({ name: 'Sally Supporter', role: 'supporter', email: SUPPORTER, accompanies: marcus });
  return b;
}

/** Holds the meeting, approves, and returns the drafted review once circulation is done. */
async function toDraft(s: TestService, c: Created): Promise<any> {
  await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
  expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
  await settle(s);
  const done = await until('the review draft', async () => {
    const v = await view(s, c.id);
    return v.state === 'follow-up' && v.reviewDraftId ? v : undefined;
  });
  return view(s, done.reviewDraftId);
}

/** The authority changed its parents' time since the last conference (a new policy file, say). */
const unpatched = new WeakMap<object, TestService['rt']['deps']['policies']['get']>();
function parentsTimeBecomes(s: TestService, minutes: number): void {
  const registry = s.rt.deps.policies;
  if (!unpatched.has(registry)) unpatched.set(registry, registry.get.bind(registry));
  const real = unpatched.get(registry)!;
  vi.spyOn(registry, 'get').mockImplementation((id?: string, field?: string): Policy => {
    const p = real(id, field);
    return p.id === 'hackney' ? { ...p, parentsSlot: { minutes } } : p;
  });
}

describe('the drafted review conference', () => {
  it(
    "carries parents' own slots to its own date and moves them again when confirmed at another time",
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(s, separatedParents({ jade: '2027-01-04T10:00', marcus: '2027-01-04T10:05' }));
      await settle(s);
      const id = (email: string) => c.attendees.find((a) => a.email === email)!.id;
      const draft = await toDraft(s, c);

      // Pencilled in at 10:00 on 2 April 2027 (BST): each parent's slot at the same offset from its start.
      expect(draft.startsAt).toBe('2027-04-02T10:00:00+01:00');
      const slotOf = (conf: any, email: string) =>
        conf.attendees.find((a: any) => a.email === email)?.preMeetingSlot?.startsAt;
      expect(slotOf(draft, JADE)).toBe('2027-04-02T10:00:00+01:00');
      expect(slotOf(draft, MARCUS)).toBe('2027-04-02T10:05:00+01:00');
      expect(draft.attendees.find((a: any) => a.email === SUPPORTER).accompanies).toBe(id(MARCUS));
      // Nothing of the last meeting's: no answers, fresh report records, no links, no attendance.
      for (const a of draft.attendees) {
        expect(a.rsvp, a.id).toBe('needs-action');
        expect(a.rsvpAt, a.id).toBeUndefined();
      }
      for (const a of draft.attendees.filter((x: any) => x.report)) {
        expect(a.report.status, a.id).toBe('not-requested');
        expect(a.report.receivedAt, a.id).toBeUndefined();
        expect(a.report.history, a.id).toEqual([]);
      }
      for (const field of [
        'linkVersions',
        'inviteUpdates',
        'attendance',
        'exclusions',
        'checklist',
        'familyAttendeeList',
        'hardCopies',
        'meeting',
        'decision',
      ]) {
        expect(draft[field] ?? undefined, field).toSatisfy(
          (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0),
        );
      }
      const notice = await until('the coordinator notice', () =>
        s.smtp.messages.find(
          (m) => m.envelopeTo[0] === COORDINATOR && (m.parsed.subject ?? '').includes('review conference'),
        ),
      );
      expect(text(notice)).not.toContain('Check before confirming');

      // Confirmed at another date: the slots move again, and every invitation says only the new date.
      // After the review's statutory deadline, so with the reason (late-review.test.ts covers the refusal).
      const confirmed = await s.api('POST', `/api/conferences/${draft.id}/confirm`, {
        startsAt: '2028-01-12T10:00',
        lateReason: LATE,
      });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      expect(confirmed.body.warnings).toEqual([expect.stringContaining('after its statutory deadline')]);
      const after = await view(s, draft.id);
      expect(slotOf(after, JADE)).toBe('2028-01-12T10:00:00+00:00');
      expect(slotOf(after, MARCUS)).toBe('2028-01-12T10:05:00+00:00');
      await settle(s);
      const marcus = await until('Marcus invitation', () => invitation(s, draft.id, MARCUS));
      const supporter = await until('supporter invitation', () => invitation(s, draft.id, SUPPORTER));
      const jade = await until('Jade invitation', () => invitation(s, draft.id, JADE));
      for (const m of [marcus, supporter]) {
        expect(new Date(event(m).start).toISOString()).toBe('2028-01-12T10:05:00.000Z');
        expect(new Date(event(m).end!).toISOString()).toBe('2028-01-12T12:00:00.000Z');
        expect(ics(m)).toMatch(/DTSTART;TZID=Europe\/London:20280112T100500/);
        expect(text(m)).toContain('Wednesday 12 January 2028');
        expect(text(m)).toContain('10:05');
        // Nothing of the last conference's date, nor of the draft's (DTSTAMP is when it was sent).
        expect(everything(m)).not.toMatch(/Jan 2027|January 2027|Apr 2027|April 2027|(DTSTART|DTEND)[^\n]*2027/);
      }
      expect(new Date(event(jade).start).toISOString()).toBe('2028-01-12T10:00:00.000Z');
      expect(everything(jade)).not.toMatch(/10:05|T100500/);
    },
  );

  it(
    "drops a slot that no longer fits the parents' time, with a warning, when drafting and when confirming",
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(s, separatedParents({ jade: '2027-01-04T10:05', marcus: '2027-01-04T10:15' }));
      await settle(s);
      const jadeId = c.attendees.find((a) => a.email === JADE)!.id;
      const marcusId = c.attendees.find((a) => a.email === MARCUS)!.id;

      // Since the first conference, the authority gives parents 10 minutes instead of 30: Marcus's
      // 10:15 would start after professionals join, so it is dropped and he shares the parents' time.
      parentsTimeBecomes(s, 10);
      const draft = await toDraft(s, c);
      expect(draft.timetable.professionalsJoinAt).toBe('2027-04-02T10:10:00+01:00');
      const slot = (conf: any, attendeeId: string) =>
        conf.attendees.find((a: any) => a.id === attendeeId).preMeetingSlot;
      expect(slot(draft, jadeId)).toEqual({ startsAt: '2027-04-02T10:05:00+01:00' });
      expect(slot(draft, marcusId)).toBeUndefined();
      const drafted = draft.audit.find((a: any) => a.action === 'conference.drafted');
      expect(drafted.detail.slotsDropped).toEqual([
        expect.objectContaining({ attendeeId: marcusId, role: 'parent', startsAt: '2027-04-02T10:15:00+01:00' }),
      ]);
      const notice = await until('the coordinator notice', () =>
        s.smtp.messages.find(
          (m) => m.envelopeTo[0] === COORDINATOR && (m.parsed.subject ?? '').includes('review conference'),
        ),
      );
      expect(text(notice)).toContain('Check before confirming');
      expect(text(notice)).toContain(
        `${marcusId} (parent): their own pre-meeting slot, moved to 2027-04-02T10:15:00+01:00, was dropped`,
      );
      expect(text(notice)).toContain(`/api/conferences/${draft.id}/pre-meeting-slots`);
      expect(`${notice.parsed.subject}\n${notice.parsed.text}`).not.toContain('Testfamily');

      // And 5 minutes by the time it is confirmed: Jade's 10:05 (14:05 now) meets the professionals.
      parentsTimeBecomes(s, 5);
      // Parents kept apart last time are not put together by accident: confirming is refused, naming
      // both parents whose own slots are lost, until the chair agrees (or the slots are set again).
      const refused = await s.api('POST', `/api/conferences/${draft.id}/confirm`, {
        startsAt: '2027-04-06T14:00',
        lateReason: LATE,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.issues[0].field).toBe('startsAt');
      expect(refused.body.issues[0].message).toContain(
        `${jadeId} (parent), ${marcusId} (parent) had their own pre-meeting slot`,
      );
      expect((await view(s, draft.id)).state).toBe('draft');
      const confirmed = await s.api('POST', `/api/conferences/${draft.id}/confirm`, {
        startsAt: '2027-04-06T14:00',
        sharedParentsTimeAgreed: true,
        lateReason: LATE,
      });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      expect(confirmed.body.warnings).toEqual([
        expect.stringContaining('after its statutory deadline'),
        expect.stringContaining(
          `${jadeId} (parent): their own pre-meeting slot, moved to 2027-04-06T14:05:00+01:00, was dropped`,
        ),
      ]);
      const after = await view(s, draft.id);
      expect(after.attendees.filter((a: any) => a.preMeetingSlot)).toEqual([]);
      expect(after.audit.find((a: any) => a.action === 'conference.confirmed').detail.slotsDropped).toEqual([
        expect.objectContaining({ attendeeId: jadeId }),
      ]);
      await settle(s);
      const jade = await until('Jade invitation', () => invitation(s, draft.id, JADE));
      expect(new Date(event(jade).start).toISOString()).toBe('2027-04-06T13:00:00.000Z');
    },
  );
});
