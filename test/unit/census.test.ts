import { describe, expect, it } from 'vitest';
import { categoryCode, collectionYear, rowIssues, type CensusReturn } from '../../src/domain/census.ts';
import { censusCsv } from '../../src/content/census.ts';

describe('census rules', () => {
  it('maps categories to the census codes, more than one to MUL', () => {
    expect([
      categoryCode(['neglect']),
      categoryCode(['physical']),
      categoryCode(['emotional']),
      categoryCode(['sexual']),
      categoryCode(['neglect', 'sexual']),
      categoryCode([]),
    ]).toEqual(['NEG', 'PHY', 'EMO', 'SAB', 'MUL', undefined]);
  });

  it('a collection year runs from 1 April to 31 March', () => {
    expect(collectionYear(2027)).toEqual({ year: 2027, start: '2026-04-01', end: '2027-03-31' });
  });

  it('refuses a plan that ends before it starts, and a strategy discussion after the conference', () => {
    const row = {
      childRecordId: 'kaaaaaaaaaaaa',
      references: ['CPC-2027-0001', 'CPC-2027-0002'],
      strategyDiscussionDate: '2027-02-01',
      initialConferenceDate: '2027-01-10',
      initialConferenceReference: 'CPC-2027-0001',
      initialConferenceKind: 'initial' as const,
      planStartDate: '2027-01-10',
      planEndDate: '2027-01-09',
      planEndReference: 'CPC-2027-0002',
      initialCategory: 'NEG',
      latestCategory: 'NEG',
      reviewDates: [],
      previousPlans: 0,
    };
    expect(rowIssues(row).map((i) => [i.field, i.severity, i.message])).toEqual([
      [
        'strategyDiscussionDate',
        'error',
        'the strategy discussion (2027-02-01) is after the initial conference (2027-01-10)',
      ],
      ['planEndDate', 'error', 'the plan ends (2027-01-09, CPC-2027-0002) before it starts (2027-01-10)'],
    ]);
  });

  it('CSV cells holding commas and quotes are quoted, quotes doubled', () => {
    const r: CensusReturn = {
      year: 2027,
      start: '2026-04-01',
      end: '2027-03-31',
      rows: [{ childRecordId: 'kaaaaaaaaaaaa', references: ['CPC-2027-0001'], reviewDates: [] }],
      issues: [
        {
          childRecordId: 'kaaaaaaaaaaaa',
          references: ['CPC-2027-0001'],
          field: 'previousPlans',
          severity: 'missing',
          message: '=HYPERLINK("x"), said "y"',
        },
      ],
    };
    const line = censusCsv(r).split('\r\n')[1]!;
    expect(line.endsWith(`"previousPlans: =HYPERLINK(""x""), said ""y"""`)).toBe(true);
  });
});
