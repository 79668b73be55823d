import { describe, expect, it } from 'vitest';
import type { Conference } from '../../src/domain/conference.ts';
import { allocateIds, highestAttendeeInKeys, idCounters } from '../../src/domain/ids.ts';

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
    expect(idCounters(old, { attendee: highestAttendeeInKeys(['a9', 'send-invites-a7-update1-v1', 'coordinator']) })).toMatchObject({ attendee: 9 });
    expect(highestAttendeeInKeys(['report-thanks-a12-s1-v2', 'dial-in-fallback-alert-chair-v1'])).toBe(12);
  });
});
