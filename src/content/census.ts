/**
 * The census return as files: CSV (one line per row, with the conferences it comes from and its
 * problems) and the CIN census XML layout (Message → Header → Children → Child → ChildIdentifiers,
 * CINdetails → Section47, ChildProtectionPlans → Reviews), as far as the public specification
 * describes it (docs/census.md). Each Child element starts with a comment naming its conferences.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { CensusIssue, CensusReturn, CensusRow } from '../domain/census.ts';

export const CENSUS_CSV_COLUMNS = [
  'childRecordId',
  'conferenceReferences',
  'strategyDiscussionDate',
  'initialConferenceTarget',
  'initialConferenceDate',
  'initialConferenceReference',
  'initialConferenceKind',
  'planStartDate',
  'planEndDate',
  'planEndReference',
  'initialCategory',
  'latestCategory',
  'reviewDates',
  'previousPlans',
  'issues',
] as const;

/** A CSV cell: quoted when it must be, and never read as a formula by a spreadsheet. */
function cell(value: string | number | undefined): string {
  let v = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const issuesOf = (row: CensusRow, issues: readonly CensusIssue[]) =>
  issues.filter((i) => i.childRecordId === row.childRecordId && i.references[0] === row.references[0]);

export function censusCsv(r: CensusReturn): string {
  const lines = [CENSUS_CSV_COLUMNS.join(',')];
  for (const row of r.rows) {
    const values: Record<(typeof CENSUS_CSV_COLUMNS)[number], string | number | undefined> = {
      childRecordId: row.childRecordId,
      conferenceReferences: row.references.join(' '),
      strategyDiscussionDate: row.strategyDiscussionDate,
      initialConferenceTarget: row.initialConferenceTarget,
      initialConferenceDate: row.initialConferenceDate,
      initialConferenceReference: row.initialConferenceReference,
      initialConferenceKind: row.initialConferenceKind,
      planStartDate: row.planStartDate,
      planEndDate: row.planEndDate,
      planEndReference: row.planEndReference,
      initialCategory: row.initialCategory,
      latestCategory: row.latestCategory,
      reviewDates: row.reviewDates.join(' '),
      previousPlans: row.previousPlans,
      issues: issuesOf(row, r.issues)
        .map((i) => `${i.field}: ${i.message}`)
        .join('; '),
    };
    lines.push(CENSUS_CSV_COLUMNS.map((c) => cell(values[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

type Node = Record<string, unknown>;
const within = (d: string | undefined, r: CensusReturn) => d !== undefined && d >= r.start && d <= r.end;

/** One CINdetails module per row: its section 47 enquiry and initial conference, and its plan. */
function cinDetails(row: CensusRow, r: CensusReturn): Node {
  const details: Node = {};
  // The section 47 group is the year's: an enquiry or conference from an earlier year is in that year's return.
  const s47 =
    row.strategyDiscussionDate !== undefined &&
    (within(row.strategyDiscussionDate, r) || within(row.initialConferenceDate, r));
  if (row.initialConferenceDate && within(row.initialConferenceDate, r) && !s47)
    details.DateOfInitialCPC = row.initialConferenceDate;
  if (s47)
    details.Section47 = {
      S47ActualStartDate: row.strategyDiscussionDate,
      ...(row.initialConferenceTarget ? { InitialCPCtarget: row.initialConferenceTarget } : {}),
      ...(row.initialConferenceDate ? { DateOfInitialCPC: row.initialConferenceDate } : {}),
      ICPCnotRequired: 'false',
    };
  if (row.planStartDate)
    details.ChildProtectionPlans = {
      CPPstartDate: row.planStartDate,
      ...(row.planEndDate ? { CPPendDate: row.planEndDate } : {}),
      ...(row.initialCategory ? { InitialCategoryOfAbuse: row.initialCategory } : {}),
      ...(row.latestCategory ? { LatestCategoryOfAbuse: row.latestCategory } : {}),
      ...(row.previousPlans !== undefined ? { NumberOfPreviousCPP: row.previousPlans } : {}),
      ...(row.reviewDates.length ? { Reviews: { CPPreviewDate: row.reviewDates } } : {}),
    };
  return details;
}

/**
 * The XML return. `source` fills the header's Source module where the authority has said what to
 * put there (the LA code is not something this service holds).
 */
export function censusXml(
  r: CensusReturn,
  source: { softwareCode: string; release: string; dateTime: string; la?: string },
): string {
  const byChild = new Map<string, CensusRow[]>();
  for (const row of r.rows) byChild.set(row.childRecordId, [...(byChild.get(row.childRecordId) ?? []), row]);
  const children = [...byChild.entries()].map(([id, rows]) => ({
    '#comment': `conferences: ${[...new Set(rows.flatMap((x) => x.references))].join(' ')}`,
    ChildIdentifiers: { LAchildID: id },
    CINdetails: rows.map((row) => cinDetails(row, r)),
  }));
  const message = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Message: {
      Header: {
        CollectionDetails: { Collection: 'CIN', Year: r.year, ReferenceDate: r.end },
        Source: {
          SourceLevel: 'L',
          ...(source.la ? { LEA: source.la } : {}),
          SoftwareCode: source.softwareCode,
          Release: source.release,
          SerialNo: '001',
          DateTime: source.dateTime,
        },
      },
      Children: { Child: children },
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    format: true,
    indentBy: '  ',
    commentPropName: '#comment',
    suppressEmptyNode: true,
  });
  return builder.build(message) as string;
}
