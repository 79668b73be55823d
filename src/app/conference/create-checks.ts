/**
 * What creating a conference checks beyond its schema: the policy's rules and the clock. They run on
 * whatever parsed (cross-check.ts parseWithChecks), and row by row on the rows whose fields did, so
 * one 400 names a malformed email, a professional without their manager's email, a strategy
 * discussion or a notification after the conference (or still to come) and a conference in the past
 * together (trial finding 5).
 */
import { ValidationError, type FieldIssue } from '../../domain/errors.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { REPORTING_ROLES, type MeetingMode, type Role } from '../../domain/vocabulary.ts';
import type { AppDeps } from '../deps.ts';
import { venueRequired, type CreateConferenceInput } from './conference-schemas.ts';
import { isCalendarDate, parseLondonInstant, toLondonIso } from '../shared/time.ts';

type Row = Record<string, unknown>;
/** The list `key` of the raw body as rows (a row that is not an object is left as an empty one: its own error says so). */
const rowsOf = (raw: Row, key: string): Row[] =>
  Array.isArray(raw[key])
    ? (raw[key] as unknown[]).map((r) => (typeof r === 'object' && r !== null && !Array.isArray(r) ? (r as Row) : {}))
    : [];
const dateIn = (row: Row, key: string): string | undefined =>
  typeof row[key] === 'string' && isCalendarDate(row[key]) ? row[key] : undefined;

/** The policy the body names (or the default); undefined when it names none we know (said in `issues`) or a malformed one. */
function policyOf(
  deps: Pick<AppDeps, 'policies'>,
  valid: Partial<CreateConferenceInput>,
  raw: Row,
  issues: FieldIssue[],
) {
  if (raw['policy'] !== undefined && valid.policy === undefined) return undefined; // malformed: the schema says so
  try {
    return deps.policies.get(valid.policy);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    issues.push(...err.issues);
    return undefined;
  }
}

function policyIssues(policy: Policy, valid: Partial<CreateConferenceInput>, raw: Row): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const modeOk = raw['mode'] === undefined || valid.mode !== undefined;
  const venueOk = raw['venue'] === undefined || valid.venue !== undefined;
  // No mode given: the policy's own first choice, so a policy that meets only in person is not refused its own default.
  const mode: MeetingMode = valid.mode ?? policy.modes[0]!;
  if (modeOk && !policy.modes.includes(mode))
    issues.push({ field: 'mode', message: `the ${policy.shortName} policy allows ${policy.modes.join(', ')}` });
  else if (modeOk && venueOk && mode !== 'virtual' && !valid.venue && valid.mode === undefined)
    issues.push({
      field: 'venue',
      message: `${venueRequired(mode)} (the ${policy.shortName} policy's usual way of meeting)`,
    });
  if (policy.reports.managerEmailRequired)
    rowsOf(raw, 'attendees').forEach((a, i) => {
      if (REPORTING_ROLES.has(a['role'] as Role) && (a['managerEmail'] === undefined || a['managerEmail'] === null))
        issues.push({
          field: `attendees.${i}.managerEmail`,
          message: `the ${policy.shortName} policy asks every professional for their manager's email`,
        });
    });
  return issues;
}

function clockIssues(
  valid: Partial<CreateConferenceInput>,
  raw: Row,
  policy: Policy | undefined,
  now: Date,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const starts = valid.startsAt ? parseLondonInstant(valid.startsAt) : undefined;
  if (starts && starts.toMillis() <= now.getTime())
    issues.push({ field: 'startsAt', message: `must be in the future (it is now ${toLondonIso(now)})` });
  const startDate = starts?.toISODate();
  const today = toLondonIso(now).slice(0, 10);
  // The strategy discussion starts an initial conference's clock: it has happened, so it is not after today
  // (trial finding: a date still to come was taken, and the 15 working days counted from it).
  if (startDate && valid.strategyDiscussionOn && valid.strategyDiscussionOn > startDate)
    issues.push({ field: 'strategyDiscussionOn', message: 'must be on or before the conference date' });
  else if (valid.strategyDiscussionOn && valid.strategyDiscussionOn > today)
    issues.push({
      field: 'strategyDiscussionOn',
      message: `is after today (${today}): give the date the strategy discussion took place`,
    });
  // The other authority's notification starts a transfer-in's clock the same way (trial finding: a date
  // still to come was taken).
  if (startDate && valid.notifiedOn && valid.notifiedOn > startDate)
    issues.push({ field: 'notifiedOn', message: 'must be on or before the conference date' });
  else if (valid.notifiedOn && valid.notifiedOn > today)
    issues.push({
      field: 'notifiedOn',
      message: `is after today (${today}): give the date the other authority told us about the child`,
    });
  rowsOf(raw, 'children').forEach((ch, i) => {
    const born = dateIn(ch, 'dateOfBirth');
    if (born && born > today)
      issues.push({
        field: `children.${i}.dateOfBirth`,
        message: `is after today (${today}): for a baby not yet born set unborn: true with expectedDueDate`,
      });
    // A baby is often late, rarely by more than two weeks: an older due date means the birth should be recorded.
    const due = dateIn(ch, 'expectedDueDate');
    if (!due || !policy) return;
    const grace = policy.timings.expectedDueDateGraceDays;
    const graceStart = toLondonIso(new Date(now.getTime() - grace * 86_400_000)).slice(0, 10);
    if (due < graceStart)
      issues.push({
        field: `children.${i}.expectedDueDate`,
        message: `is more than ${grace === 14 ? 'two weeks' : `${grace} days`} ago: if the baby has been born, give dateOfBirth instead of unborn`,
      });
  });
  return issues;
}

/**
 * A meeting provider this service has no credentials for (or the development one, in production):
 * refused here, since its invitations could never go out (trial: Teams without Graph was booked,
 * and the invitation job failed in the background while the meeting day came and went).
 */
function providerIssues(deps: Pick<AppDeps, 'settings'>, valid: Partial<CreateConferenceInput>): FieldIssue[] {
  const provider = valid.meetingProvider;
  const missing = provider ? deps.settings.meetingProvidersMissing?.[provider] : undefined;
  if (!provider || !missing) return [];
  return [
    {
      field: 'meetingProvider',
      message: `${provider} meetings are not set up on this service (${missing}): leave it out to use ${deps.settings.defaultMeetingProvider}`,
    },
  ];
}

/** Every problem the policy, the clock and the service's set-up find in a conference body, on the fields (and rows) that parsed. */
export function createIssues(
  deps: Pick<AppDeps, 'policies' | 'settings'>,
  valid: Partial<CreateConferenceInput>,
  raw: unknown,
  now: Date,
): FieldIssue[] {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Row;
  const issues: FieldIssue[] = [];
  const policy = policyOf(deps, valid, body, issues);
  if (policy) issues.push(...policyIssues(policy, valid, body));
  issues.push(...providerIssues(deps, valid));
  issues.push(...clockIssues(valid, body, policy, now));
  return issues;
}
