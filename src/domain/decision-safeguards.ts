/**
 * What the chair must account for before deciding: statutory safeguards that are enforced, not
 * only warned about. A conference may still decide without the social work report, or while
 * inquorate, but only with the chair's recorded reason, which goes into the record and the
 * professionals' letter. Pure: the app passes the conference and the chair's reasons.
 */
import type { Attendee } from './conference-parts.ts';
import type { ChildOutcome, Conference, SafeguardOverride } from './conference.ts';
import type { FieldIssue } from './errors.ts';
import type { Policy } from './policy/schema.ts';
import { checkQuorum } from './quorum.ts';

export interface SafeguardReasons {
  withoutReportsReason?: string | undefined;
  inquorateReason?: string | undefined;
}

/** Whether no report, or no social work report, has been received. */
function missingReports(c: Pick<Conference, 'attendees' | 'reports'>): SafeguardOverride['rule'] | undefined {
  const received = Object.values(c.reports).filter((r) => r.status === 'received');
  if (received.length === 0) return 'no-reports';
  const sw = c.attendees.filter((a) => a.role === 'social-worker').map((a) => a.id);
  return received.some((r) => sw.includes(r.attendeeId)) ? undefined : 'no-social-work-report';
}

/**
 * The safeguards this decision sets aside (each needs a reason) and the issues for those without
 * one. A reason given where no safeguard applies is not kept.
 */
export function decisionSafeguards(
  policy: Policy,
  c: Pick<Conference, 'attendees' | 'reports' | 'attendance' | 'kind'>,
  reasons: SafeguardReasons,
): { issues: FieldIssue[]; overrides: SafeguardOverride[] } {
  const issues: FieldIssue[] = [];
  const overrides: SafeguardOverride[] = [];
  const reports = missingReports(c);
  if (reports) {
    const missing =
      reports === 'no-reports' ? ['every report (none has been received)'] : ["the social worker's report"];
    if (reasons.withoutReportsReason) overrides.push({ rule: reports, missing, reason: reasons.withoutReportsReason });
    else
      issues.push({
        field: 'withoutReportsReason',
        message:
          reports === 'no-reports'
            ? 'no report has been received, not even the social worker’s: record why the conference is deciding without reports'
            : 'the social worker’s report has not been received: record why the conference is deciding without it',
      });
  }
  const quorum = c.attendance
    ? checkQuorum(policy, c, c.attendance.present)
    : { quorate: false, missing: ['the attendance register (who was present has not been recorded)'] };
  if (!quorum.quorate) {
    if (reasons.inquorateReason)
      overrides.push({ rule: 'inquorate', missing: quorum.missing, reason: reasons.inquorateReason });
    else
      issues.push({
        field: 'inquorateReason',
        message: `the conference is not quorate under the ${policy.shortName} policy (missing: ${quorum.missing.join('; ')}): record the attendance, or why the conference is deciding anyway`,
      });
  }
  return { issues, overrides };
}

/**
 * Fields the policy requires on each child's decision: the chair's overall scale (Cumbria), and for
 * a child protection plan the key worker and how often they visit the child (Hampshire).
 */
export function requiredDecisionFields(
  policy: Policy,
  attendees: readonly Pick<Attendee, 'id' | 'role'>[],
  outcomes: readonly (ChildOutcome | undefined)[],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const rules = policy.childProtectionPlan;
  outcomes.forEach((o, i) => {
    if (!o) return; // a malformed row: its own errors say what is wrong
    if (policy.views.chairOverallScale && o.scale === undefined)
      issues.push({
        field: `outcomes.${i}.scale`,
        message: `required: the ${policy.shortName} policy asks for the chair's overall scale for each child`,
      });
    const onPlan = o.outcome === 'child-protection-plan';
    if (o.keyWorker !== undefined) {
      const a = attendees.find((x) => x.id === o.keyWorker);
      if (!onPlan)
        issues.push({
          field: `outcomes.${i}.keyWorker`,
          message: 'a key worker goes only with a child protection plan',
        });
      else if (!a)
        issues.push({
          field: `outcomes.${i}.keyWorker`,
          message: `"${o.keyWorker}" is not an attendee (give the social worker's attendee id)`,
        });
      else if (a.role !== 'social-worker')
        issues.push({
          field: `outcomes.${i}.keyWorker`,
          message: `${o.keyWorker} is ${a.role}: the key worker is the lead social worker`,
        });
    } else if (onPlan && rules.keyWorker)
      issues.push({
        field: `outcomes.${i}.keyWorker`,
        message: `required for a child protection plan under the ${policy.shortName} policy (the lead social worker's attendee id)`,
      });
    if (o.visitingFrequency !== undefined && !onPlan)
      issues.push({
        field: `outcomes.${i}.visitingFrequency`,
        message: 'a visiting frequency goes only with a child protection plan',
      });
    else if (onPlan && rules.visitingFrequency && o.visitingFrequency === undefined)
      issues.push({
        field: `outcomes.${i}.visitingFrequency`,
        message: `required for a child protection plan under the ${policy.shortName} policy (how often the key worker sees the child, e.g. "at least every 10 working days")`,
      });
  });
  return issues;
}
