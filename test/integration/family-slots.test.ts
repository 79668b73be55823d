/**
 * Separate pre-meeting slots for parents and the chair-approved "who will be there" list, through
 * the whole service: each parent's invitation starts at their own slot and never mentions the
 * other's; bad slots and bad lists are refused naming the field; the approved list reaches the
 * family in the next invitation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, parseIcs } from '../../src/content/ics.ts';
import { hackneyInitialBody, runDueJobs, startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];

const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const INTERPRETER = 'interpreter@language.example.com';
const SUPPORTER = 'supporter@womensaid.example.org';

/** Invitations of one schedule version, including updates of one person's own (`send-invites-a6-update1-v1`). */
const invites = (svc: TestService, id: string, version: number) =>
  svc.smtp.messages.filter((m) =>
    new RegExp(`^<send-invites-a\\d+-(?:update\\d+-)?v${version}\\.${id}@`).test(m.parsed.messageId ?? ''),
  );

function icsOf(m: Msg): string {
  const parts = m.parsed.attachments.filter((a) => /^text\/calendar$/i.test(a.contentType));
  expect(parts).toHaveLength(1);
  return parts[0]!.content.toString('utf8');
}

function eventOf(m: Msg) {
  const events = eventsOf(parseIcs(icsOf(m)));
  expect(events).toHaveLength(1);
  return events[0]!;
}

const everything = (m: Msg) =>
  [m.parsed.subject ?? '', m.parsed.text ?? '', typeof m.parsed.html === 'string' ? m.parsed.html : '', icsOf(m)].join(
    '\n',
  );

/** Two separated parents by email, an interpreter, and the slots given. */
function body(slots: { jade?: string; marcus?: string; social?: string } = {}) {
  const b = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  b.attendees = b.attendees.map((a) =>
    a.name === 'Marcus Testfamily' ? { name: 'Marcus Testfamily', role: 'parent', email: MARCUS } : a,
  );
  b.attendees.push({ name: 'Ivan Interpreter', role: 'interpreter', email: INTERPRETER });
  // Marcus's supporter comes with him, and so must never be sent to Jade's private time.
  const marcus = `a${b.attendees.findIndex((a) => a.name === 'Marcus Testfamily') + 1}`;
  b.attendees.push({ name: 'Sally Supporter', role: 'supporter', email: SUPPORTER, accompanies: marcus });
  const set = (name: string, at?: string) => {
    const a = b.attendees.find((x) => x.name === name)!;
    if (at) a.preMeetingStartsAt = at;
  };
  set('Jade Testfamily', slots.jade);
  set('Marcus Testfamily', slots.marcus);
  set('Sam Social', slots.social);
  return b;
}

describe('separate pre-meeting slots and the approved attendee list', () => {
  let svc: TestService;
  let id: string;
  let ids: Record<string, string>;
  let created: { warnings: string[] };

  beforeAll(async () => {
    svc = await startTestService();
    const r = await svc.api('POST', '/api/conferences', body({ jade: '2027-01-04T10:00', marcus: '2027-01-04T10:15' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    created = r.body;
    id = r.body.id;
    ids = Object.fromEntries(
      (r.body.attendees as { id: string; email?: string }[]).filter((a) => a.email).map((a) => [a.email!, a.id]),
    );
    await runDueJobs(svc);
    await until('invitations', () => invites(svc, id, 1).length >= 7);
  });
  afterAll(async () => {
    await svc?.stop();
  });

  const to = (version: number, email: string) => invites(svc, id, version).find((m) => m.envelopeTo[0] === email);

  it("gives each parent an invitation starting at their own slot, never mentioning the other's time", () => {
    const jade = to(1, JADE)!;
    const marcus = to(1, MARCUS)!;
    expect(new Date(eventOf(jade).start).toISOString()).toBe('2027-01-04T10:00:00.000Z');
    expect(new Date(eventOf(marcus).start).toISOString()).toBe('2027-01-04T10:15:00.000Z');
    expect(icsOf(marcus)).toMatch(/DTSTART;TZID=Europe\/London:20270104T101500/);
    expect(jade.parsed.text).toContain(
      'Please join at 10:00 to talk with the chair on your own before the other people join at 10:30.',
    );
    expect(marcus.parsed.text).toContain(
      'Please join at 10:15 to talk with the chair on your own before the other people join at 10:30.',
    );
    expect(everything(jade)).not.toMatch(/10:15|T101500/);
    expect(everything(marcus)).not.toMatch(/10:00|T100000/);
    expect(everything(jade).toLowerCase()).not.toContain(MARCUS);
    expect(everything(marcus).toLowerCase()).not.toContain(JADE);
  });

  it('warns the coordinator that an interpreter linked to nobody will sit in a parent’s own time', async () => {
    const v = (await svc.api('GET', `/api/conferences/${id}`)).body;
    const interpreter = v.attendees.find((a: any) => a.role === 'interpreter').id;
    expect(created.warnings).toContain(
      `${interpreter} (interpreter) comes with no parent or carer, so joins the earliest family time, which is one parent's own time with the chair: link them with accompanies.`,
    );
    // The supporter is linked to Marcus: no warning about them.
    expect(created.warnings.join(' ')).not.toContain('(supporter)');
  });

  it('puts the interpreter in the earliest family slot and professionals at their join time', () => {
    expect(new Date(eventOf(to(1, INTERPRETER)!).start).toISOString()).toBe('2027-01-04T10:00:00.000Z');
    expect(new Date(eventOf(to(1, 'hv@nhs.example.org')!).start).toISOString()).toBe('2027-01-04T10:30:00.000Z');
  });

  it("puts a supporter in the slot of the parent they come with, never the other parent's", () => {
    const supporter = to(1, SUPPORTER)!;
    expect(new Date(eventOf(supporter).start).toISOString()).toBe('2027-01-04T10:15:00.000Z');
    expect(everything(supporter)).not.toMatch(/10:00|T100000/);
  });

  it('refuses a companion linked to someone who is not a parent or carer, or a parent given a companion link, naming the field', async () => {
    const hv = ids['hv@nhs.example.org']!;
    const bad = await svc.api('POST', `/api/conferences/${id}/attendees`, {
      attendee: { name: 'Alex Advocate', role: 'advocate', email: 'advocate@example.org', accompanies: hv },
      requestedBy: 'coordinator',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('attendee.accompanies');
    expect(JSON.stringify(bad.body)).toContain('a companion comes with a parent or carer');
    const created = body();
    created.attendees.find((a) => a.name === 'Jade Testfamily')!.accompanies = 'a1';
    const refused = await svc.api('POST', '/api/conferences', created);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/attendees\.\d+\.accompanies/);
    const dangling = body();
    dangling.attendees.find((a) => a.name === 'Sally Supporter')!.accompanies = 'a99';
    const r = await svc.api('POST', '/api/conferences', dangling);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('no attendee a99');
  });

  it('says the chair will confirm who is coming until the chair approves the list', () => {
    expect(to(1, JADE)!.parsed.text).toContain('The chair will confirm who is coming.');
  });

  it('refuses slots that overlap, fall outside the window or belong to someone who is not a parent, naming the field', async () => {
    const field = async (b: unknown) => {
      const r = await svc.api('POST', '/api/conferences', b);
      expect(r.status).toBe(400);
      return r.body.issues as { field: string; message: string }[];
    };
    const overlap = await field(body({ jade: '2027-01-04T10:10', marcus: '2027-01-04T10:10' }));
    expect(overlap).toEqual([
      expect.objectContaining({
        field: 'attendees.5.preMeetingStartsAt',
        message: expect.stringContaining('overlaps'),
      }),
    ]);
    const shared = await field(body({ marcus: '2027-01-04T10:00' }));
    expect(shared[0]).toMatchObject({
      field: 'attendees.5.preMeetingStartsAt',
      message: expect.stringContaining("shared parents' time"),
    });
    const outside = await field(body({ jade: '2027-01-04T10:00', marcus: '2027-01-04T10:30' }));
    expect(outside).toEqual([
      expect.objectContaining({
        field: 'attendees.5.preMeetingStartsAt',
        message: expect.stringContaining('before professionals join'),
      }),
    ]);
    const early = await field(body({ jade: '2027-01-04T09:50', marcus: '2027-01-04T10:15' }));
    expect(early.map((i) => i.field)).toEqual(['attendees.4.preMeetingStartsAt']);
    const notParent = await field(body({ social: '2027-01-04T10:05' }));
    expect(notParent).toEqual([
      expect.objectContaining({
        field: 'attendees.1.preMeetingStartsAt',
        message: expect.stringContaining('only a parent or carer'),
      }),
    ]);

    const r = await svc.api('POST', `/api/conferences/${id}/pre-meeting-slots`, {
      slots: [{ attendeeId: ids[MARCUS], startsAt: '2027-01-04T10:00' }],
    });
    expect(r.status).toBe(400);
    expect(r.body.issues[0]).toMatchObject({ field: 'slots.0.startsAt', message: expect.stringContaining('overlaps') });
    const social = await svc.api('POST', `/api/conferences/${id}/pre-meeting-slots`, {
      slots: [{ attendeeId: ids['sw@example.gov.uk'], startsAt: '2027-01-04T10:05' }],
    });
    expect(social.body.issues[0]).toMatchObject({
      field: 'slots.0.startsAt',
      message: expect.stringContaining('only a parent or carer'),
    });
    expect((await svc.api('GET', `/api/conferences/${id}`)).body.version).toBe(1);
  });

  it('moves a parent’s slot and updates only the calendar entries that moved, in place', async () => {
    const sentBefore = svc.smtp.messages.length;
    const r = await svc.api('POST', `/api/conferences/${id}/pre-meeting-slots`, {
      slots: [{ attendeeId: ids[MARCUS], startsAt: '2027-01-04T10:20' }],
      by: 'chair',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // Nothing about the conference's deadlines changed: same schedule version, nothing planned again.
    expect(r.body.version).toBe(1);
    expect(r.body.invitationsUpdated.sort()).toEqual([ids[MARCUS], ids[SUPPORTER]].sort());
    await runDueJobs(svc);
    const update = (email: string) =>
      invites(svc, id, 1).find((m) => m.envelopeTo[0] === email && /-update1-v1\./.test(m.parsed.messageId ?? ''));
    const marcus = await until('updated invitation', () => update(MARCUS));
    const supporter = await until('supporter’s update', () => update(SUPPORTER));
    const before = eventOf(to(1, MARCUS)!);
    const after = eventOf(marcus);
    expect(after.uid).toBe(before.uid);
    expect(icsOf(marcus)).toMatch(/SEQUENCE:1/);
    expect(new Date(after.start).toISOString()).toBe('2027-01-04T10:20:00.000Z');
    expect(everything(marcus)).not.toMatch(/10:00|T100000/);
    expect(new Date(eventOf(supporter).start).toISOString()).toBe('2027-01-04T10:20:00.000Z');
    expect(everything(supporter)).not.toMatch(/10:00|T100000/);
    // Jade, the interpreter (with Jade's earlier slot) and the professionals are told nothing.
    await svc.idle();
    expect(
      svc.smtp.messages
        .slice(sentBefore)
        .map((m) => m.envelopeTo[0])
        .sort(),
    ).toEqual([MARCUS, SUPPORTER].sort());
    const v = (await svc.api('GET', `/api/conferences/${id}`)).body;
    expect(v.attendees.find((a: any) => a.id === ids[MARCUS]).rsvp).toBe('needs-action');
    const audit = v.audit as { action: string; actor: string }[];
    // Through the coordinator's key: audited as the coordinator, the chair named in the body as requestedBy.
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'family.pre-meeting-slots-set',
        actor: 'coordinator',
        detail: expect.objectContaining({ requestedBy: 'chair' }),
      }),
    );
  });

  it('refuses an attendee list with an email address or a phone number, naming the line', async () => {
    const email = await svc.api('POST', `/api/conferences/${id}/family-attendee-list`, {
      roles: ['The chair', 'Your social worker (sw@example.gov.uk)'],
      approvedBy: 'Chair',
    });
    expect(email.status).toBe(400);
    expect(email.body.issues).toEqual([
      expect.objectContaining({ field: 'roles.1', message: expect.stringContaining('email address') }),
    ]);
    const phone = await svc.api('POST', `/api/conferences/${id}/family-attendee-list`, {
      roles: ['A police officer, call 020 7946 0123'],
      approvedBy: 'Chair',
    });
    expect(phone.body.issues).toEqual([
      expect.objectContaining({ field: 'roles.0', message: expect.stringContaining('phone number') }),
    ]);
    const named = await svc.api('POST', `/api/conferences/${id}/family-attendee-list`, {
      roles: ['Hana Health from health visiting'],
      approvedBy: 'Chair',
    });
    expect(named.body.issues).toEqual([expect.objectContaining({ field: 'roles.0' })]);
    const long = await svc.api('POST', `/api/conferences/${id}/family-attendee-list`, {
      roles: Array.from({ length: 31 }, () => 'A worker'),
      approvedBy: 'Chair',
    });
    expect(long.body.issues[0].field).toBe('roles');
  });

  it('uses the approved list in the next family invitation (after a reschedule), slots moving with the meeting', async () => {
    const lines = [
      'The chair, who runs the meeting',
      'Your social worker',
      'A health visitor',
      'A police officer',
      'An interpreter',
    ];
    const ok = await svc.api('POST', `/api/conferences/${id}/family-attendee-list`, {
      roles: lines,
      approvedBy: 'Chair Person',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.familyAttendeeList.lines).toEqual(lines);
    const moved = await svc.api('POST', `/api/conferences/${id}/reschedule`, {
      startsAt: '2027-01-05T10:00',
      reason: 'chair unavailable',
      requestedBy: 'Coordinator',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await runDueJobs(svc);
    const jade = await until('jade v2', () => to(2, JADE));
    const marcus = await until('marcus v2', () => to(2, MARCUS));
    // Each SEQUENCE only goes up: Marcus's entry was updated once on its own before.
    expect(icsOf(jade)).toMatch(/SEQUENCE:1/);
    expect(icsOf(marcus)).toMatch(/SEQUENCE:2/);
    for (const line of lines) expect(jade.parsed.text).toContain(line);
    expect(jade.parsed.text).not.toContain('The chair will confirm who is coming');
    expect(new Date(eventOf(marcus).start).toISOString()).toBe('2027-01-05T10:20:00.000Z');
    expect(new Date(eventOf(jade).start).toISOString()).toBe('2027-01-05T10:00:00.000Z');
    const audit = (await svc.api('GET', `/api/conferences/${id}`)).body.audit as { action: string }[];
    expect(audit.map((a) => a.action)).toContain('family.attendee-list-approved');
  });
});
