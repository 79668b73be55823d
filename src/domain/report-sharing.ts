import type { Attendee } from './conference-parts.ts';
import type { Conference } from './conference.ts';
import type { ReportRecord } from './report-record.ts';
import type { Policy } from './policy/schema.ts';
import { reportSharingTargets } from './disclosure.ts';

/**
 * The parents and carers a received report has not been recorded as shared with, across every
 * version of it (a date given on the upload page, the Teams card or later, by "shared on").
 * Empty when nothing is owed: the report has not arrived, or everyone has had it.
 */
export function notSharedWith(c: Pick<Conference, 'attendees'>, report: ReportRecord | undefined): Attendee[] {
  if (!report || report.status !== 'received') return [];
  return sharingByParent(c, report)
    .filter((x) => !x.sharedOn)
    .map((x) => x.parent);
}

/** Each parent or carer, with the latest date the report was recorded as shared with them (any version). */
export function sharingByParent(
  c: Pick<Conference, 'attendees'>,
  report: ReportRecord,
): { parent: Attendee; sharedOn?: string; withheld?: string }[] {
  const latest = new Map<string, { sharedOn: string; withheld?: string }>();
  for (const s of report.submissions) for (const x of s.sharedWithFamily ?? []) latest.set(x.parentId, x);
  return reportSharingTargets(c.attendees).map((parent) => {
    const s = latest.get(parent.id);
    return { parent, ...(s ? { sharedOn: s.sharedOn, ...(s.withheld ? { withheld: s.withheld } : {}) } : {}) };
  });
}

/** Every report in but not recorded as shared with every parent or carer, where the policy asks for sharing first. */
export function unsharedReports(
  c: Pick<Conference, 'attendees' | 'reports'>,
  policy: Pick<Policy, 'reports'>,
): { author: Attendee; notSharedWith: Attendee[] }[] {
  if (!policy.reports.sharedWithFamilyFirst) return [];
  return Object.values(c.reports).flatMap((r) => {
    const author = c.attendees.find((x) => x.id === r.attendeeId);
    const owed = notSharedWith(c, r);
    return author && owed.length ? [{ author, notSharedWith: owed }] : [];
  });
}

/** "Parent or carer N": the number given when they were added, or (older records) their place among the parents and carers. */
export function familyNumberOf(c: Pick<Conference, 'attendees'>, a: Pick<Attendee, 'id' | 'familyNumber'>): number {
  return a.familyNumber ?? reportSharingTargets(c.attendees).findIndex((x) => x.id === a.id) + 1;
}

/** The number for the next parent or carer added: above every number in use, never one given before in this list. */
export function nextFamilyNumber(c: Pick<Conference, 'attendees'>): number {
  return Math.max(0, ...reportSharingTargets(c.attendees).map((a) => familyNumberOf(c, a))) + 1;
}
