import { describe, expect, it } from 'vitest';
import type { Conference } from '../../src/domain/conference.ts';
import { attendeeIdField, childIdField } from '../../src/app/shared/field-schemas.ts';
import { allocateIds, ATTENDEE_ID, CHILD_ID, highestAttendeeInKeys, idCounters } from '../../src/domain/ids.ts';

const conference = (extra: Partial<Conference> = {}) =>
  ({
    attendees: [{ id: 'a1' }, { id: 'a2' }, { id: 'a4' }],
    children: [{ id: 'c1' }, { id: 'c2' }],
    reports: { a2: { attendeeId: 'a2', submissions: [] } },
    views: [],
    ...extra,
  }) as unknown as Conference;

describe('id counters', () => {
  it('only go up: the next attendee after a removal is never the removed one', () => {
    let c = conference({ idCounters: { attendee: 5, child: 2, blob: 3 } });
    const first = allocateIds(c, 'attendee', 1);
    expect(first.ids).toEqual(['a6']);
    c = { ...first.conference, attendees: first.conference.attendees.filter((a) => a.id !== 'a4') };
    expect(allocateIds(c, 'attendee', 2).ids).toEqual(['a7', 'a8']);
    expect(allocateIds(c, 'blob', 2).ids).toEqual(['b4', 'b5']);
  });

  it('start above every id an old conference mentions, in the aggregate or outside it', () => {
    // a5 is gone from the list but its link version remains; a9 is only in the audit trail.
    const old = conference({ linkVersions: { a5: 2 } });
    expect(idCounters(old)).toEqual({ attendee: 5, child: 2, blob: 0 });
    expect(
      idCounters(old, { attendee: highestAttendeeInKeys(['a9', 'send-invites-a7-update1-v1', 'coordinator']) }),
    ).toMatchObject({ attendee: 9 });
    expect(highestAttendeeInKeys(['report-thanks-a12-s1-v2', 'dial-in-fallback-alert-chair-v1'])).toBe(12);
  });
});

describe('id shapes', () => {
  it('every form accepts every id the counters can issue, and nothing else', () => {
    const c = conference({ idCounters: { attendee: 99_998, child: 999, blob: 0 } });
    const [attendee] = allocateIds(c, 'attendee', 1).ids;
    const [child] = allocateIds(c, 'child', 1).ids;
    expect([attendee, child]).toEqual(['a99999', 'c1000']);
    expect(attendeeIdField.safeParse(attendee).success).toBe(true);
    expect(childIdField.safeParse(child).success).toBe(true);
    for (const bad of ['a', 'a1x', 'c1', ' a1', 'a1234567']) expect(ATTENDEE_ID.test(bad), bad).toBe(false);
    for (const bad of ['c', 'a1', 'c01x']) expect(CHILD_ID.test(bad), bad).toBe(false);
  });
});
