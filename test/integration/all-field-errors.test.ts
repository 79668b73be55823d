/**
 * Trial finding 5: one 400 names every problem at once. A body with a missing or malformed field and a
 * cross-field problem (a venue for an in-person meeting, a chair, a core group in the past, a writer who
 * may not write the minutes) lists them all, each by its field, and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();
const fields = (body: any) => (body.issues as { field: string }[]).map((i) => i.field).sort();

describe('every field error in one response', () => {
  it('create conference: a missing field, the venue, the chair and a duplicate address together', async () => {
    const s = await start();
    const body = hackneyInitialBody({ mode: 'in-person' }) as Record<string, any>;
    delete body['kind'];
    body['attendees'] = body['attendees'].filter((a: any) => a.role !== 'chair');
    body['attendees'].push({ name: 'Sam Again', email: 'SW@example.gov.uk', role: 'professional', agency: 'X' });
    body['children'][0].dateOfBirth = 'not-a-date';
    delete body['children'][1].firstName;
    // Only the policy-and-clock checks see this one (create-checks.ts).
    body['strategyDiscussionOn'] = '2027-02-01';
    const r = await s.api('POST', '/api/conferences', body);
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual(
      expect.arrayContaining([
        { field: 'kind', message: expect.any(String) },
        { field: 'venue', message: expect.stringMatching(/^required/) },
        { field: 'attendees', message: 'a conference needs exactly one chair (found 0)' },
        { field: 'attendees.5.email', message: 'same address as attendees.0.email' },
        { field: 'children.0.dateOfBirth', message: 'expected a real date as YYYY-MM-DD' },
        { field: 'children.1.firstName', message: 'required (or set unborn: true with expectedDueDate)' },
        { field: 'strategyDiscussionOn', message: 'must be on or before the conference date' },
      ]),
    );
    // Each field once, in the issues and in the message (it used to list the schema's issues twice).
    expect(new Set(fields(r.body)).size).toBe(r.body.issues.length);
    expect(r.body.message).toBe(
      `Invalid conference: ${r.body.issues.map((i: any) => `${i.field}: ${i.message}`).join('; ')}`,
    );
    // Nothing was created.
    expect((await s.api('GET', '/api/conferences')).body.conferences ?? []).toHaveLength(0);
  });

  it(
    'core group and minutes bodies: the missing field and the cross-field problems together',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      const chair = byRole(c, 'chair');
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, { by: chair.id })).status).toBe(200);
      await settle(s);
      // Once approved, the decision is not re-recorded, and the refusal says why (not "start the meeting").
      const again = await s.api('POST', `/api/conferences/${c.id}/decision`, {
        outcomes: [
          { childId: 'c1', outcome: 'child-in-need', rationale: 'x' },
          { childId: 'c2', outcome: 'child-in-need', rationale: 'x' },
        ],
      });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(
        /: the chair has approved the decision and it has gone out, so it can no longer be changed\. Nothing was changed\.$/,
      );

      // No mode (required), a date in the past, a member who is not an attendee and a parent as chair.
      const parent = byRole(c, 'parent');
      const booking = await s.api('POST', `/api/conferences/${c.id}/core-groups`, {
        startsAt: '2027-01-01T10:00',
        chairAttendeeId: parent.id,
        members: ['a99'],
      });
      expect(booking.status).toBe(400);
      expect(fields(booking.body)).toEqual(['chairAttendeeId', 'members.0', 'mode', 'startsAt']);
      expect(booking.body.issues).toContainEqual({
        field: 'startsAt',
        message: expect.stringMatching(/is in the past: a core group is booked for a time still to come$/),
      });
      expect(booking.body.issues).toContainEqual({
        field: 'chairAttendeeId',
        message: `${parent.id} is parent: a core group is chaired by a professional`,
      });
      expect((await s.api('GET', `/api/conferences/${c.id}`)).body.coreGroups ?? []).toHaveLength(0);

      // Minutes with no text, written "by" the police officer (who may not write them).
      const police = byRole(c, 'police');
      const minutes = await s.api('POST', `/api/conferences/${c.id}/minutes`, { by: police.id });
      expect(minutes.status).toBe(400);
      expect(fields(minutes.body)).toEqual(['by', 'text']);
      expect(minutes.body.issues).toContainEqual({ field: 'text', message: expect.stringMatching(/^required/) });
      // A section id beyond the text and a writer who may not write: both, with the text given.
      const more = await s.api('POST', `/api/conferences/${c.id}/minutes`, {
        text: '## One\n\nText',
        confidentialSections: ['s4', 7],
        by: police.id,
      });
      expect(more.status).toBe(400);
      expect(fields(more.body)).toEqual(['by', 'confidentialSections.1']);
      expect((await s.api('GET', `/api/conferences/${c.id}/minutes`)).body.version ?? null).toBeNull();

      // An escalation with no concern for a child who is not in the conference, raised by the chair: all three.
      const escalation = await s.api('POST', `/api/conferences/${c.id}/escalations`, {
        childId: 'c9',
        attendeeId: chair.id,
        concern: '',
      });
      expect(escalation.status).toBe(400);
      expect(fields(escalation.body)).toEqual(['attendeeId', 'childId', 'concern']);
      expect((await s.api('GET', `/api/conferences/${c.id}`)).body.escalations ?? []).toHaveLength(0);
    },
  );

  it(
    "decision: one malformed child's outcome does not hide the other outcomes' problems",
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      const before = (await s.api('GET', `/api/conferences/${c.id}`)).body.decision;
      // Child 1's outcome is not a word the bot knows; child 2's plan has no category and a key
      // worker who is not there, and a third row names a child who is not in the conference.
      const r = await s.api('POST', `/api/conferences/${c.id}/decision`, {
        outcomes: [
          { childId: 'c1', outcome: 'maybe', categories: [], rationale: 'Neglect' },
          { childId: 'c2', outcome: 'child-protection-plan', categories: [], rationale: 'Neglect', keyWorker: 'a99' },
          { childId: 'c9', outcome: 'no-further-action', categories: [], rationale: 'None' },
        ],
        withoutReportsReason: 'Reports were given orally at the meeting',
      });
      expect(r.status).toBe(400);
      expect(fields(r.body)).toEqual([
        'outcomes.0.outcome',
        'outcomes.1.categories',
        'outcomes.1.keyWorker',
        'outcomes.2.childId',
      ]);
      expect(r.body.issues).toContainEqual({
        field: 'outcomes.1.categories',
        message: 'give at least one category of harm when recommending a child protection plan',
      });
      expect(r.body.issues).toContainEqual({
        field: 'outcomes.1.keyWorker',
        message: '"a99" is not an attendee (give the social worker\'s attendee id)',
      });
      expect((await s.api('GET', `/api/conferences/${c.id}`)).body.decision).toEqual(before);
    },
  );

  it('attendance and exclusion: an unknown attendee and a malformed field together', { timeout: 60_000 }, async () => {
    const s = await start();
    const c = await create(s, hackneyInitialBody());
    await settle(s);
    await s.advanceTo('2027-01-04T10:00');
    expect((await s.api('POST', `/api/conferences/${c.id}/start`, {})).status).toBe(200);
    const before = (await s.api('GET', `/api/conferences/${c.id}`)).body;
    const attendance = await s.api('POST', `/api/conferences/${c.id}/attendance`, {
      present: ['a99'],
      apologies: 'a1',
    });
    expect(attendance.status).toBe(400);
    expect(fields(attendance.body)).toEqual(['apologies', 'present']);
    expect(attendance.body.issues).toContainEqual({ field: 'present', message: 'not attendees: a99' });
    const exclusion = await s.api('POST', `/api/conferences/${c.id}/exclusions`, {
      attendeeId: 'a99',
      ground: 'because',
    });
    expect(exclusion.status).toBe(400);
    expect(fields(exclusion.body)).toEqual(['attendeeId', 'ground', 'part']);
    expect(exclusion.body.issues).toContainEqual({ field: 'attendeeId', message: `no attendee a99 in ${c.reference}` });
    const after = (await s.api('GET', `/api/conferences/${c.id}`)).body;
    expect(after.attendance ?? null).toEqual(before.attendance ?? null);
    expect(after.exclusions ?? []).toEqual(before.exclusions ?? []);
  });
});
