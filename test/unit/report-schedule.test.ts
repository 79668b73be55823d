/**
 * The report-chasing plan (domain/report-schedule.ts) for the fixture conference under the statutory
 * preset: reports due Friday 19 March 2027 10:00, professionals join Monday 22 March 10:00.
 */
import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { conferencePackAt, planReportChasing } from '../../src/domain/report-schedule.ts';
import { makeConference } from '../helpers/fixtures.ts';

const calendar = new WorkingDayCalendar();
const statutory = getPreset('statutory');
const NOW = new Date('2027-03-01T09:00:00Z');
const plan = (c: Conference, now = NOW) => planReportChasing(c, statutory, calendar, now);
const forAttendee = (c: Conference, id: string, now = NOW) =>
  plan(c, now)
    .filter((j) => j.attendeeId === id)
    .map((j) => [j.step, j.runAt]);

describe('planReportChasing', () => {
  it("chases a professional's report: sharing check at the deadline, request now, reminders 3 and 1 working days before, the due date, then the chaser", () => {
    const c = makeConference();
    expect(forAttendee(c, 'a3')).toEqual([
      ['report-sharing-check', '2027-03-19T10:00:00+00:00'],
      ['report-request', '2027-03-01T09:00:00+00:00'],
      ['report-reminder-1', '2027-03-16T09:00:00+00:00'],
      ['report-reminder-2', '2027-03-18T09:00:00+00:00'],
      ['report-last-reminder', '2027-03-19T09:00:00+00:00'],
      // The next working day at 09:00 is still before the 10:00 meeting.
      ['report-overdue', '2027-03-22T09:00:00+00:00'],
      // The working day after the chaser (or an hour after it) would fall once the meeting has begun:
      // the manager is told an hour after the report's due time (Fri 10:00) instead.
      ['report-escalation', '2027-03-19T11:00:00+00:00'],
    ]);
  });

  it('a report already in is checked for sharing at the deadline of the rescheduled meeting, not the one it was sent against', () => {
    const base = makeConference();
    const received = { ...base.reports.a3!, status: 'received' as const };
    // Moved a week earlier: the old deadline (Fri 19 March) would fall after the meeting and never be checked.
    const earlier = makeConference({
      startsAt: '2027-03-15T10:00:00.000Z',
      reports: { ...base.reports, a3: received },
      timetable: {
        ...base.timetable,
        reportsDue: '2027-03-12T10:00:00+00:00',
        professionalsJoinAt: '2027-03-15T10:00:00+00:00',
      },
    });
    expect(forAttendee(earlier, 'a3')).toEqual([['report-sharing-check', '2027-03-12T10:00:00+00:00']]);
    // Moved a week later: the author has until the new deadline, and is not chased a week early.
    const later = makeConference({
      startsAt: '2027-03-29T10:00:00.000Z',
      reports: { ...base.reports, a3: received },
      timetable: {
        ...base.timetable,
        reportsDue: '2027-03-25T10:00:00+00:00',
        professionalsJoinAt: '2027-03-30T10:00:00+01:00',
      },
    });
    expect(forAttendee(later, 'a3')).toEqual([['report-sharing-check', '2027-03-25T10:00:00+00:00']]);
  });

  it('over Easter 2027 the manager of a report due Thu 25 March is told an hour after its due time, not dropped', () => {
    // Good Friday and Easter Monday: the chaser goes at 09:00 on Tue 30 March, the conference morning.
    const base = makeConference();
    const c = makeConference({
      startsAt: '2027-03-30T09:00:00.000Z',
      reports: { ...base.reports, a3: { ...base.reports.a3!, dueAt: '2027-03-25T10:00:00+00:00' } },
      timetable: { ...base.timetable, professionalsJoinAt: '2027-03-30T10:00:00+01:00' },
    });
    expect(forAttendee(c, 'a3').filter(([step]) => step === 'report-overdue' || step === 'report-escalation')).toEqual([
      ['report-overdue', '2027-03-30T09:00:00+01:00'],
      ['report-escalation', '2027-03-25T11:00:00+00:00'],
    ]);
    // Asked for after that hour (someone added late), the report is chased but not escalated at once.
    expect(forAttendee(c, 'a3', new Date('2027-03-26T09:00:00Z')).map(([step]) => step)).not.toContain(
      'report-escalation',
    );
  });

  it('escalates to the manager a working day after the chaser when there is time before the meeting', () => {
    const c = makeConference({
      startsAt: '2027-03-25T10:00:00.000Z',
      timetable: { ...makeConference().timetable, professionalsJoinAt: '2027-03-25T10:00:00+00:00' },
    });
    expect(forAttendee(c, 'a3').slice(-2)).toEqual([
      ['report-overdue', '2027-03-22T09:00:00+00:00'],
      ['report-escalation', '2027-03-23T09:00:00+00:00'],
    ]);
  });

  it('escalates only where there is a manager to escalate to (the police officer has none)', () => {
    expect(forAttendee(makeConference(), 'a4').map(([step]) => step)).not.toContain('report-escalation');
  });

  it('stops chasing a report once it is received, and chases no one who does not write reports', () => {
    const c = makeConference();
    const received: Conference = { ...c, reports: { ...c.reports, a3: { ...c.reports.a3!, status: 'received' } } };
    expect(
      forAttendee(received, 'a3')
        .map(([step]) => step)
        .filter((s) => s !== 'report-sharing-check'),
    ).toEqual([]);
    for (const id of ['a1', 'a5', 'a6']) expect(forAttendee(c, id)).toEqual([]);
  });

  it('flags missing reports to the chair once, after the last chase and before the meeting', () => {
    const flags = plan(makeConference()).filter((j) => j.step === 'reports-missing-flag');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.attendeeId).toBeUndefined();
    // A working day before the meeting (Friday) is before the last chaser (Monday 09:00), and an hour
    // after that is the meeting itself: half an hour before professionals join.
    expect(flags[0]!.runAt).toBe('2027-03-22T09:30:00+00:00');
  });

  it('plans nothing at or after the moment professionals join, and nothing before now', () => {
    const c = makeConference();
    const late = new Date('2027-03-18T12:00:00Z');
    for (const j of plan(c, late)) {
      expect(Date.parse(j.runAt)).toBeLessThan(Date.parse(c.timetable.professionalsJoinAt));
      expect(Date.parse(j.runAt)).toBeGreaterThanOrEqual(late.getTime());
    }
    expect(forAttendee(c, 'a3', late).map(([step]) => step)).not.toContain('report-reminder-1');
  });
});

describe('conferencePackAt', () => {
  it('goes as the report deadline passes; an hour before the meeting once that has gone; never once the meeting is near', () => {
    const c = makeConference();
    expect(conferencePackAt(c, NOW)?.toISOString()).toBe('2027-03-19T10:00:00.000Z');
    expect(conferencePackAt(c, new Date('2027-03-20T09:00:00Z'))?.toISOString()).toBe('2027-03-22T09:00:00.000Z');
    expect(conferencePackAt(c, new Date('2027-03-22T09:30:00Z'))).toBeUndefined();
    expect(conferencePackAt({ ...c, reports: {} }, NOW)).toBeUndefined();
  });
});
