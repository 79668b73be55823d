/**
 * Fixtures for the email channel: a Hackney-like policy (parents' slot 10:00, professionals 10:30,
 * reports shared with the family first) and a summer conference, so BST is exercised.
 */
import { PolicySchema, type Policy, type PolicyInput } from '../../../src/domain/policy/schema.ts';
import type { MeetingDetails } from '../../../src/domain/conference-parts.ts';
import type { Conference } from '../../../src/domain/conference.ts';
import { makeConference } from '../../helpers/fixtures.ts';

const input: PolicyInput = {
  id: 'email-test',
  name: 'Email test policy',
  authority: 'Example Council',
  example: true,
  basis: 'test fixture',
  timeZone: 'Europe/London',
  sender: { name: 'Example Council conferences', address: 'cp-invites@council.example' },
  reportsMailbox: 'cp-reports@council.example',
  conferenceTiming: {},
  parentsSlot: { minutes: 30 },
  modes: ['virtual', 'blended', 'in-person'],
  reports: {
    due: { initial: { amount: 3, unit: 'working-days' }, review: { amount: 5, unit: 'working-days' } },
    socialWorkerDue: {},
    sharedWithFamilyFirst: true,
    format: {
      name: 'strengths-based',
      sections: ['What is working well', 'What are we worried about', 'What needs to change'],
    },
    reminders: {
      workingDaysBefore: [1],
      onDueDate: true,
      chaserAfterWorkingDays: 0,
      escalateAfterWorkingDays: 1,
      flagChairWorkingDaysBefore: 1,
    },
    managerEmailRequired: false,
  },
  views: {
    recommendations: ['child-protection-plan', 'child-in-need', 'no-further-action'],
    categories: ['emotional', 'neglect', 'physical', 'sexual'],
    scale: { min: 0, max: 10, minLabel: 'not safe', maxLabel: 'safe enough to close' },
    chairOverallScale: false,
    whoGivesViews: 'every-attendee',
    disagreement: { recorded: true, escalationRoute: 'the head of service' },
  },
  circulation: { copyManagers: false, watchdogMarginHours: 4, solicitorCopy: true, tellAbsentParentsInPerson: false },
  coreGroup: {},
  review: {},
  quorum: { childrensSocialCare: true, minOtherAgencies: 2, policeAtInitial: false },
  participation: {
    childMayAttend: true,
    advocateOfferedFromAge: 11,
    advocacyService: 'the National Youth Advocacy Service',
  },
  exclusionGrounds: ["the child's interests"],
  complaints:
    'Talk to the chair first. If you are still unhappy, ask the chair for a copy of the complaints procedure, or write to the complaints team at Example Council.',
};

export const policy: Policy = PolicySchema.parse(input);

export const meeting: MeetingDetails = {
  provider: 'google',
  label: 'Google Meet',
  joinUrl: 'https://meet.google.example/abc-defg-hij',
  dialIn: [
    { number: '+44 20 3957 0000', pin: '123 456 789#', region: 'GB', fallback: false },
    { number: '+44 161 000 0000', pin: '987 654 321#', fallback: false },
  ],
  providerIds: { eventId: 'evt1' },
};

/** Monday 14 June 2027: parents with the chair at 10:00 BST (09:00Z), professionals at 10:30. */
export function summerConference(overrides: Partial<Conference> = {}): Conference {
  const base = makeConference({ reference: 'CPC-2027-0042' });
  return {
    ...base,
    startsAt: '2027-06-14T09:00:00.000Z',
    meeting,
    timetable: {
      ...base.timetable,
      reportsDue: '2027-06-09T16:00:00.000Z',
      parentsJoinAt: '2027-06-14T09:00:00.000Z',
      professionalsJoinAt: '2027-06-14T09:30:00.000Z',
      endsAt: '2027-06-14T11:00:00.000Z',
    },
    reports: Object.fromEntries(
      Object.entries(base.reports).map(([id, r]) => [id, { ...r, dueAt: '2027-06-09T16:00:00.000Z' }]),
    ),
    ...overrides,
  };
}

/** Every name in the fixture, family and professional: none may reach a subject or file name. */
export function allNames(conference: Conference): string[] {
  const words = new Set<string>();
  for (const a of conference.attendees) for (const w of a.name.split(/\s+/)) if (w.length > 2) words.add(w);
  for (const c of conference.children) {
    if (c.firstName) words.add(c.firstName);
    if (c.lastName) words.add(c.lastName);
  }
  return [...words];
}
