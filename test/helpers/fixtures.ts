/**
 * Fixtures named for the situation they show. `makeConference()` is an initial conference for
 * two siblings, three weeks out, with a full set of attendees and no reports in yet.
 */
import { randomUUID } from 'node:crypto';
import type { Attendee } from '../../src/domain/conference-parts.ts';
import type { Conference } from '../../src/domain/conference.ts';

/** Every child and family name in the fixture: tests assert none leaks into keys, subjects, job ids. */
export const FIXTURE_FAMILY_NAMES = ['Ruby', 'Leo', 'Testfamily', 'Jade', 'Marcus'] as const;

/**
 * A report as a professional pastes it into a reply to their report request, in Hackney's sections:
 * long enough to be filed straight away. A short note with no file ("Sorry, I will send it on
 * Friday") goes to the coordinator to confirm instead, so tests that file an emailed report use this.
 * `lead` is the first line, for a test to find it again.
 */
export function pastedReport(lead = 'Report for the conference.'): string {
  return [
    lead,
    '',
    'What is working well: the children attend nursery every day, are brought on time and are clean and fed. Their mother keeps their health appointments and has asked for help with the housing.',
    '',
    'What we are worried about: two police call-outs to the home this month after arguments late at night, with the children present on both occasions.',
    '',
    'What needs to change: a safety plan agreed with both parents, and the referral to the domestic abuse service taken up within two weeks.',
  ].join('\n');
}

const attendee = (a: Partial<Attendee> & Pick<Attendee, 'id' | 'name' | 'role'>): Attendee => ({
  interpreterNeeded: false,
  accessibilityNeeds: [],
  contactPreference: 'email',
  rsvp: 'needs-action',
  ...a,
});

export function makeAttendees(): Attendee[] {
  return [
    attendee({
      id: 'a1',
      name: 'Priya Chair',
      role: 'chair',
      email: 'chair@council.example',
      agency: 'Safeguarding Unit',
    }),
    attendee({
      id: 'a2',
      name: 'Sam Social',
      role: 'social-worker',
      email: 'sam.social@council.example',
      agency: "Children's Social Care",
      managerEmail: 'team.manager@council.example',
    }),
    attendee({
      id: 'a3',
      name: 'Helen Visitor',
      role: 'professional',
      email: 'helen.visitor@nhs.example',
      agency: 'Health Visiting',
      managerEmail: 'hv.lead@nhs.example',
    }),
    attendee({
      id: 'a4',
      name: 'DC Pat Officer',
      role: 'police',
      email: 'pat.officer@police.example',
      agency: 'Police',
    }),
    attendee({
      id: 'a5',
      name: 'Jade Testfamily',
      role: 'parent',
      email: 'jade.parent@mail.example',
      contactPreference: 'email',
      accessibilityNeeds: ['easy-read'],
    }),
    attendee({
      id: 'a6',
      name: 'Marcus Testfamily',
      role: 'parent',
      contactPreference: 'post',
      postalAddress: ['Marcus Testfamily', '14 Example Street', 'Testtown', 'TE1 1ST'],
    }),
  ];
}

export function makeConference(overrides: Partial<Conference> = {}): Conference {
  const createdAt = '2027-03-01T09:00:00.000Z';
  return {
    id: randomUUID(),
    reference: 'CPC-2027-0001',
    policyId: 'default',
    kind: 'initial',
    state: 'scheduled',
    version: 1,
    rev: 1,
    startsAt: '2027-03-22T10:00:00.000Z',
    durationMinutes: 120,
    strategyDiscussionOn: '2027-03-01',
    notifiedOn: '2027-03-01',
    mode: 'virtual',
    meetingProvider: 'local',
    children: [
      { id: 'c1', firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2019-06-14', unborn: false },
      { id: 'c2', firstName: 'Leo', lastName: 'Testfamily', dateOfBirth: '2022-01-09', unborn: false },
    ],
    attendees: makeAttendees(),
    timetable: {
      latestConferenceDate: '2027-03-22T23:59:59+00:00',
      reportsDue: '2027-03-19T10:00:00+00:00',
      socialWorkerReportDue: '2027-03-17T10:00:00+00:00',
      parentsJoinAt: '2027-03-22T10:15:00+00:00',
      professionalsJoinAt: '2027-03-22T10:00:00+00:00',
      endsAt: '2027-03-22T12:00:00+00:00',
      decisionCirculationDue: '2027-03-23T12:00:00+00:00',
      planCirculationDue: '2027-04-05T17:00:00+01:00',
      minutesDue: '2027-04-12T17:00:00+01:00',
      firstCoreGroupBy: '2027-04-01T17:00:00+01:00',
      nextReviewBy: '2027-06-21T10:00:00+01:00',
    },
    reports: Object.fromEntries(
      ['a2', 'a3', 'a4'].map((id) => [
        id,
        {
          attendeeId: id,
          status: 'requested' as const,
          dueAt: '2027-03-19T10:00:00+00:00',
          submissions: [],
          history: [],
        },
      ]),
    ),
    views: [],
    history: [],
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}
