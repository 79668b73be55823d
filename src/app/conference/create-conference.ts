import { lateConferenceWarning } from '../../content/late-conference.ts';
import type { Attendee, Child } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { ReportRecord } from '../../domain/report-record.ts';
import { ValidationError } from '../../domain/errors.ts';
import { notWorkingDayWarningOn, outsideWorkingHoursWarning } from '../../content/words.ts';
import { slotIssues, unlinkedWarnings } from '../../domain/family-slots.ts';
import { countersFor } from '../../domain/ids.ts';
import { buildTimetable } from '../../domain/timetable-build.ts';
import { REPORTING_ROLES } from '../../domain/vocabulary.ts';
import type { AppDeps } from '../deps.ts';
import { parseWithChecks } from '../shared/cross-check.ts';
import { createIssues } from './create-checks.ts';
import { withFollowOn } from '../../domain/follow-on.ts';
import { followOnAfterWrite } from './follow-on.ts';
import { withArrangementTasks } from './tasks.ts';
import { childRecordIdsFor } from '../records/child-records.ts';
import { CreateConferenceInput } from './conference-schemas.ts';
import { londonDate, parseLondonInstant, toLondonIso } from '../shared/time.ts';

export interface CreatedConference {
  conference: Conference;
  warnings: string[];
}

export function buildAttendees(
  input: CreateConferenceInput['attendees'],
  firstIndex = 1,
  firstFamilyNumber = 1,
): Attendee[] {
  let family = firstFamilyNumber;
  return input.map((a, i) => {
    const attendee: Attendee = {
      id: `a${firstIndex + i}`,
      name: a.name,
      role: a.role,
      interpreterNeeded: a.interpreterNeeded,
      accessibilityNeeds: a.accessibilityNeeds,
      contactPreference: a.role === 'child' ? 'via-social-worker' : (a.contactPreference ?? 'email'),
      rsvp: 'needs-action',
    };
    for (const k of ['email', 'agency', 'managerEmail', 'phone', 'teamsUserId', 'language'] as const) {
      if (a[k] !== undefined) attendee[k] = a[k];
    }
    if (a.accompanies) attendee.accompanies = a.accompanies;
    if (a.solicitor) attendee.solicitor = true;
    if (a.childIds) attendee.childIds = [...new Set(a.childIds)];
    if (a.postalAddress) attendee.postalAddress = a.postalAddress;
    if (a.mobile) attendee.mobile = a.mobile;
    if (a.textReminders !== undefined) attendee.textReminders = a.textReminders;
    if (a.role === 'parent' || a.role === 'carer') attendee.familyNumber = family++;
    if (a.preMeetingStartsAt)
      attendee.preMeetingSlot = { startsAt: toLondonIso(parseLondonInstant(a.preMeetingStartsAt)!) };
    return attendee;
  });
}

export function reportRecords(attendees: Attendee[], timetable: Conference['timetable']): Record<string, ReportRecord> {
  const out: Record<string, ReportRecord> = {};
  for (const a of attendees) {
    if (!REPORTING_ROLES.has(a.role)) continue;
    const dueAt =
      a.role === 'social-worker' ? (timetable.socialWorkerReportDue ?? timetable.reportsDue) : timetable.reportsDue;
    out[a.id] = {
      attendeeId: a.id,
      status: 'not-requested',
      submissions: [],
      history: [],
      ...(dueAt ? { dueAt } : {}),
    };
  }
  return out;
}

/** Creates a conference: validates, builds its timetable, stores it, and queues its invites and report chasing. */
/** `actor` is who the door proved: the coordinator's key, or a signed-in dashboard user. */
export async function createConference(deps: AppDeps, raw: unknown, actor = 'coordinator'): Promise<CreatedConference> {
  const now = deps.clock.now();
  // The schema, the policy and the clock together: one 400 names every problem (create-checks.ts).
  const parsed = parseWithChecks(CreateConferenceInput, raw, 'conference', (valid) =>
    createIssues(deps, valid, raw, now),
  );
  const policy = deps.policies.get(parsed.policy);
  const input = { ...parsed, mode: parsed.mode ?? policy.modes[0]! };
  const starts = parseLondonInstant(input.startsAt)!;
  const startDate = starts.toISODate()!;

  const expectedDueDate = input.children.find((c) => c.unborn)?.expectedDueDate;
  const timetable = buildTimetable(
    {
      policy,
      kind: input.kind,
      startsAt: toLondonIso(starts),
      durationMinutes: input.durationMinutes,
      ...(input.strategyDiscussionOn ? { strategyDiscussionOn: input.strategyDiscussionOn } : {}),
      ...(input.notifiedOn ? { notifiedOn: input.notifiedOn } : {}),
      ...(expectedDueDate ? { expectedDueDate } : {}),
    },
    deps.calendar,
  );

  const warnings: string[] = [];
  if (timetable.latestConferenceDate && starts.toISO()! > timetable.latestConferenceDate)
    warnings.push(
      lateConferenceWarning(policy, input.kind, timetable.latestConferenceDate, {
        strategyDiscussionOn: input.strategyDiscussionOn,
        notifiedOn: input.notifiedOn,
      }),
    );
  // Not refused (an urgent conference may need to be), but nobody should book one by mistake.
  const notWorking = notWorkingDayWarningOn(deps.calendar, startDate);
  if (notWorking) warnings.push(notWorking);
  const offHours = outsideWorkingHoursWarning(starts.toISO()!, policy.timings.workingHours);
  if (offHours) warnings.push(offHours);
  if (input.kind === 'initial' && !input.strategyDiscussionOn)
    warnings.push(
      'No strategyDiscussionOn given: the statutory 15-working-day limit for an initial conference cannot be checked.',
    );
  if (timetable.reportsDue && Date.parse(timetable.reportsDue) <= now.getTime())
    warnings.push('The report deadline has already passed: reports are requested now and chased at once.');
  if ((input.kind === 'initial' || input.kind === 'pre-birth') && !input.attendees.some((a) => a.role === 'police'))
    warnings.push(
      // The quorum rule is the initial conference's (quorum.ts): a pre-birth one is not told it.
      `No police attendee: police are invited to every ${input.kind === 'pre-birth' ? 'pre-birth' : 'initial'} conference${policy.quorum.policeAtInitial && input.kind === 'initial' ? `, and the ${policy.shortName} policy needs them there for the conference to be quorate` : ''}.`,
    );

  const attendees = buildAttendees(input.attendees);
  const slotProblems = slotIssues(
    timetable,
    attendees,
    (a) => `attendees.${Number(a.id.slice(1)) - 1}.preMeetingStartsAt`,
  );
  if (slotProblems.length) throw new ValidationError('Invalid conference', slotProblems);
  warnings.push(...unlinkedWarnings(timetable, attendees));
  const id = deps.newId();
  const at = toLondonIso(now);
  // After every check: a conference refused mints no record.
  const recordIds = await childRecordIdsFor(deps, input.children, at);
  const children: Child[] = input.children.map((c, i) => {
    const child: Child = { id: `c${i + 1}`, recordId: recordIds[i]!, unborn: c.unborn };
    for (const k of ['firstName', 'lastName', 'dateOfBirth', 'expectedDueDate'] as const)
      if (c[k] !== undefined) child[k] = c[k];
    return child;
  });
  const conference: Conference = {
    id,
    reference: await deps.store.nextReference(starts.year),
    policyId: policy.id,
    kind: input.kind,
    state: 'scheduled',
    version: 1,
    rev: 1,
    startsAt: toLondonIso(starts),
    durationMinutes: input.durationMinutes,
    mode: input.mode,
    meetingProvider: input.meetingProvider ?? deps.settings.defaultMeetingProvider,
    children,
    attendees,
    timetable,
    reports: reportRecords(attendees, timetable),
    views: [],
    idCounters: countersFor(attendees, children),
    calendarUidPerAttendee: true,
    history: [],
    createdAt: at,
    updatedAt: at,
    ...(input.strategyDiscussionOn ? { strategyDiscussionOn: input.strategyDiscussionOn } : {}),
    ...(input.notifiedOn ? { notifiedOn: input.notifiedOn } : {}),
    ...(input.venue ? { venue: input.venue } : {}),
  };
  // Interpreter and accessibility needs become the coordinator's tasks (due before the meeting).
  // Its jobs and its audit entry follow from a marker stored with it (follow-on.ts): a failure
  // after the store leaves a booked conference whose invitations still go, never a half-booked one.
  const audit = {
    at,
    actor,
    action: 'conference.created',
    detail: {
      reference: conference.reference,
      policy: policy.id,
      kind: input.kind,
      startsAt: conference.startsAt,
      date: londonDate(conference.startsAt),
    },
  };
  const withTasks = withArrangementTasks(
    { ...conference, followOn: withFollowOn(undefined, { kind: 'create', version: 1, since: at, audit }) },
    policy,
    deps,
  );
  await deps.store.create(withTasks);
  const stored = await followOnAfterWrite(deps, withTasks);
  deps.logger.info('conference created', { conferenceId: id, reference: conference.reference, policy: policy.id });
  return { conference: stored, warnings };
}
