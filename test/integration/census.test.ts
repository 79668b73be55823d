/**
 * The census return over a small made-up history with known answers, through the running service:
 * - Ruby: an initial conference leads to a plan (neglect), a review ends it (end date recorded),
 *   and she comes back: a new initial conference starts her second plan (one previous plan).
 * - Leo: the same initial conference does not lead to a plan.
 * - Zara: a transfer-in plan (emotional, then neglect as well) reviewed twice, 13 months on a plan
 *   at the end of the next collection year; nobody said how many plans she had before.
 * - An imported record with a plan that has no category and ends the day it starts.
 * Every row is asserted as JSON, CSV and XML (parsed back), with the validation report and the 400s.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { onPlanOverMonths, planHistory } from '../../src/domain/child-record.ts';
import { confirmReview, createFor, decideAndApprove } from '../helpers/child-flow.ts';
import { signedInDashboard, plainText } from '../helpers/pages.ts';
import { startedServices, TEST_API_KEY, type TestService } from '../helpers/service.ts';

const start = startedServices();
const unknownBefore = (id: string | undefined) =>
  `the number of plans the child had before is not known: give it with POST /api/children/${id}/previous-plans`;

/** RFC 4180 as the export writes it: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += ch;
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

const xml = new XMLParser({
  isArray: (name) => ['Child', 'CINdetails', 'CPPreviewDate'].includes(name),
  commentPropName: '#comment',
  parseTagValue: false,
});

async function census(
  s: TestService,
  query: string,
): Promise<{ status: number; body: any; type: string | null; disposition: string | null }> {
  const res = await fetch(`${s.url}/api/census?${query}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
  const text = await res.text();
  return {
    status: res.status,
    body: (res.headers.get('content-type') ?? '').startsWith('application/json') ? JSON.parse(text) : text,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
  };
}

describe('the census return', () => {
  it(
    'gives every row of two collection years as JSON, CSV and XML, with what is missing',
    { timeout: 240_000 },
    async () => {
      const s = await start();
      // 1 December 2026. Ruby (no plans before) and Leo; Zara transfers in from another authority.
      const a = await createFor(s, {
        children: [
          { firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2019-05-02', previousPlans: 0 },
          { firstName: 'Leo', lastName: 'Testfamily', dateOfBirth: '2022-09-17' },
        ],
      });
      const c = await createFor(s, {
        kind: 'transfer-in',
        strategyDiscussionOn: undefined,
        notifiedOn: '2026-11-30',
        startsAt: '2027-02-01T10:00',
        children: [{ firstName: 'Zara', lastName: 'Othername', dateOfBirth: '2018-03-03' }],
      });
      const [ruby, leo] = a.children.map((x) => x.recordId);
      const zara = c.children[0]!.recordId;

      await decideAndApprove(s, a, '2027-01-04T10:00', [
        { childId: 'c1', outcome: 'child-protection-plan', categories: ['neglect'] },
        { childId: 'c2', outcome: 'child-in-need' },
      ]);
      const a1 = await confirmReview(s, a, '2027-03-29T10:00');
      await decideAndApprove(s, c, '2027-02-01T10:00', [
        { childId: 'c1', outcome: 'child-protection-plan', categories: ['emotional'] },
      ]);
      const c1 = await confirmReview(s, c, '2027-04-26T10:00');
      await decideAndApprove(s, a1, '2027-03-29T10:00', [{ childId: 'c1', outcome: 'child-in-need' }]);
      // Ruby comes back: a new strategy discussion and initial conference, linked to her record.
      await s.advanceTo('2027-04-20T09:00');
      const b = await createFor(s, {
        startsAt: '2027-05-10T10:00',
        strategyDiscussionOn: '2027-04-19',
        children: [{ firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2019-05-02', recordId: ruby }],
      });
      expect(b.children[0]!.recordId).toBe(ruby);
      await decideAndApprove(s, c1, '2027-04-26T10:00', [
        { childId: 'c1', outcome: 'child-protection-plan', categories: ['emotional', 'neglect'] },
      ]);
      const c2 = await confirmReview(s, c1, '2027-10-25T10:00');
      await decideAndApprove(s, b, '2027-05-10T10:00', [
        { childId: 'c1', outcome: 'child-protection-plan', categories: ['physical'] },
      ]);

      // The 2027 collection year (1 April 2026 to 31 March 2027), asked for in May 2027.
      const y2027 = await census(s, 'year=2027');
      expect(y2027.status).toBe(200);
      const expected2027 = [
        {
          childRecordId: ruby,
          references: [a.reference, a1.reference],
          strategyDiscussionDate: '2026-12-01',
          // 15 working days: Christmas Day, the Boxing Day substitute (28th) and New Year's Day skipped.
          initialConferenceTarget: '2026-12-22',
          initialConferenceDate: '2027-01-04',
          initialConferenceReference: a.reference,
          initialConferenceKind: 'initial',
          planStartDate: '2027-01-04',
          planEndDate: '2027-03-29',
          planEndReference: a1.reference,
          initialCategory: 'NEG',
          latestCategory: 'NEG',
          reviewDates: ['2027-03-29'],
          previousPlans: 0,
        },
        {
          childRecordId: leo,
          references: [a.reference],
          strategyDiscussionDate: '2026-12-01',
          initialConferenceTarget: '2026-12-22',
          initialConferenceDate: '2027-01-04',
          initialConferenceReference: a.reference,
          initialConferenceKind: 'initial',
          reviewDates: [],
        },
        {
          childRecordId: zara,
          // The review held after 31 March belongs to the next year's return.
          references: [c.reference],
          initialConferenceDate: '2027-02-01',
          initialConferenceReference: c.reference,
          initialConferenceKind: 'transfer-in',
          planStartDate: '2027-02-01',
          initialCategory: 'EMO',
          latestCategory: 'EMO',
          reviewDates: [],
        },
      ];
      const sameDay = (rows: any[]) =>
        [...rows].sort((x, y) =>
          x.initialConferenceDate === y.initialConferenceDate ? (x.childRecordId < y.childRecordId ? -1 : 1) : 0,
        );
      expect(y2027.body).toEqual({
        year: 2027,
        start: '2026-04-01',
        end: '2027-03-31',
        rows: sameDay(expected2027),
        issues: [
          {
            childRecordId: zara,
            references: [c.reference],
            field: 'previousPlans',
            severity: 'missing',
            message: unknownBefore(zara),
          },
        ],
      });

      const csv = await census(s, 'year=2027&format=csv');
      expect(csv.type).toBe('text/csv; charset=utf-8');
      expect(csv.disposition).toBe('attachment; filename="cin-census-2027-conferences.csv"');
      expect(parseCsv(csv.body)).toEqual(
        sameDay(expected2027).map((r: any) => ({
          childRecordId: r.childRecordId,
          conferenceReferences: r.references.join(' '),
          strategyDiscussionDate: r.strategyDiscussionDate ?? '',
          initialConferenceTarget: r.initialConferenceTarget ?? '',
          initialConferenceDate: r.initialConferenceDate,
          initialConferenceReference: r.initialConferenceReference,
          initialConferenceKind: r.initialConferenceKind,
          planStartDate: r.planStartDate ?? '',
          planEndDate: r.planEndDate ?? '',
          planEndReference: r.planEndReference ?? '',
          initialCategory: r.initialCategory ?? '',
          latestCategory: r.latestCategory ?? '',
          reviewDates: r.reviewDates.join(' '),
          previousPlans: r.previousPlans === undefined ? '' : String(r.previousPlans),
          issues: r.childRecordId === zara ? `previousPlans: ${unknownBefore(zara)}` : '',
        })),
      );

      const x2027 = await census(s, 'year=2027&format=xml');
      expect(x2027.type).toBe('application/xml; charset=utf-8');
      const m = xml.parse(x2027.body).Message;
      expect(m.Header.CollectionDetails).toEqual({ Collection: 'CIN', Year: '2027', ReferenceDate: '2027-03-31' });
      expect(m.Header.Source).toMatchObject({ SourceLevel: 'L', SoftwareCode: 'cp-conference-bot' });
      const byId = Object.fromEntries(m.Children.Child.map((ch: any) => [ch.ChildIdentifiers.LAchildID, ch]));
      expect(Object.keys(byId).sort()).toEqual([ruby, leo, zara].sort());
      expect(byId[ruby!]['#comment']).toBe(`conferences: ${a.reference} ${a1.reference}`);
      expect(byId[ruby!].CINdetails).toEqual([
        {
          Section47: {
            S47ActualStartDate: '2026-12-01',
            InitialCPCtarget: '2026-12-22',
            DateOfInitialCPC: '2027-01-04',
            ICPCnotRequired: 'false',
          },
          ChildProtectionPlans: {
            CPPstartDate: '2027-01-04',
            CPPendDate: '2027-03-29',
            InitialCategoryOfAbuse: 'NEG',
            LatestCategoryOfAbuse: 'NEG',
            NumberOfPreviousCPP: '0',
            Reviews: { CPPreviewDate: ['2027-03-29'] },
          },
        },
      ]);
      expect(byId[leo!].CINdetails).toEqual([
        {
          Section47: {
            S47ActualStartDate: '2026-12-01',
            InitialCPCtarget: '2026-12-22',
            DateOfInitialCPC: '2027-01-04',
            ICPCnotRequired: 'false',
          },
        },
      ]);
      // A transfer-in has no section 47 enquiry here: its conference date stands on the CIN details.
      expect(byId[zara!].CINdetails).toEqual([
        {
          DateOfInitialCPC: '2027-02-01',
          ChildProtectionPlans: {
            CPPstartDate: '2027-02-01',
            InitialCategoryOfAbuse: 'EMO',
            LatestCategoryOfAbuse: 'EMO',
          },
        },
      ]);

      // Bad input: each refused naming the field.
      const refused = async (query: string) => {
        const r = await census(s, query);
        expect(r.status, query).toBe(400);
        return r.body.issues;
      };
      expect(await refused('year=2029')).toEqual([
        { field: 'year', message: 'the 2029 collection year starts on 2028-04-01, after today (2027-05-10)' },
      ]);
      expect((await refused('year=27'))[0].field).toBe('year');
      expect((await refused(''))[0].field).toBe('year');
      expect((await refused('year=2027&year=2028'))[0].field).toBe('year');
      expect(await refused('year=2027&format=pdf')).toEqual([
        { field: 'format', message: 'expected one of json, csv, xml' },
      ]);
      expect(await refused('year=2027&policy=hackney')).toEqual([{ field: 'policy', message: 'not a known field' }]);
      expect((await fetch(`${s.url}/api/census?year=2027`)).status).toBe(401);

      // Zara's plan goes on at her second review; an old record imported with a plan that has no
      // category and ended the day it started.
      await decideAndApprove(s, c2, '2027-10-25T10:00', [
        { childId: 'c1', outcome: 'child-protection-plan', categories: ['neglect', 'emotional'] },
      ]);
      const imported = await s.rt.deps.childRecords.mint({ at: '2027-10-25T12:00:00Z' });
      const entry = {
        conferenceId: 'imported1',
        childId: 'c1',
        heldOn: '2027-06-07',
        approvedAt: '2027-06-07T12:00:00Z',
        categories: [],
      };
      await s.rt.deps.childRecords.update(imported.id, (r) => ({
        ...r,
        conferences: [
          { ...entry, reference: 'CPC-2027-0901', kind: 'initial' as const, outcome: 'child-protection-plan' as const },
          {
            ...entry,
            conferenceId: 'imported2',
            reference: 'CPC-2027-0902',
            kind: 'review' as const,
            outcome: 'no-further-action' as const,
          },
        ],
      }));
      await s.advanceTo('2028-03-06T09:00');

      // 13 months on a plan: counted for the figures ("over 12 months") from the same records.
      const zaraPlan = planHistory((await s.rt.deps.childRecords.get(zara!))!)[0]!;
      expect(onPlanOverMonths(zaraPlan, '2028-03-06')).toBe(true);
      expect((await s.api('GET', `/api/children/${zara}`)).body.plans[0].timeOnPlan).toEqual({ days: 399, months: 13 });

      const y2028 = await census(s, 'year=2028');
      expect(y2028.body.rows).toEqual([
        {
          childRecordId: zara,
          references: [c.reference, c1.reference, c2.reference],
          initialConferenceDate: '2027-02-01',
          initialConferenceReference: c.reference,
          initialConferenceKind: 'transfer-in',
          planStartDate: '2027-02-01',
          initialCategory: 'EMO',
          latestCategory: 'MUL',
          reviewDates: ['2027-04-26', '2027-10-25'],
        },
        {
          childRecordId: ruby,
          references: [b.reference],
          strategyDiscussionDate: '2027-04-19',
          // 15 working days: the early May bank holiday (3 May) skipped.
          initialConferenceTarget: '2027-05-11',
          initialConferenceDate: '2027-05-10',
          initialConferenceReference: b.reference,
          initialConferenceKind: 'initial',
          planStartDate: '2027-05-10',
          initialCategory: 'PHY',
          latestCategory: 'PHY',
          reviewDates: [],
          previousPlans: 1,
        },
        {
          childRecordId: imported.id,
          references: ['CPC-2027-0901', 'CPC-2027-0902'],
          initialConferenceDate: '2027-06-07',
          initialConferenceReference: 'CPC-2027-0901',
          initialConferenceKind: 'initial',
          planStartDate: '2027-06-07',
          planEndDate: '2027-06-07',
          planEndReference: 'CPC-2027-0902',
          reviewDates: ['2027-06-07'],
        },
      ]);
      const importedIssues = (field: string, severity: string, message: string) => ({
        childRecordId: imported.id,
        references: ['CPC-2027-0901', 'CPC-2027-0902'],
        field,
        severity,
        message,
      });
      expect(y2028.body.issues).toEqual([
        {
          childRecordId: zara,
          references: [c.reference, c1.reference, c2.reference],
          field: 'previousPlans',
          severity: 'missing',
          message: unknownBefore(zara),
        },
        importedIssues('strategyDiscussionDate', 'missing', 'no strategy discussion date was given for CPC-2027-0901'),
        importedIssues('initialCategory', 'error', 'a plan without a category of abuse (CPC-2027-0901)'),
        importedIssues('latestCategory', 'error', 'a plan without a latest category of abuse (CPC-2027-0902)'),
        importedIssues(
          'planEndDate',
          'error',
          'the plan ends (2027-06-07, CPC-2027-0902) on the day it starts (2027-06-07)',
        ),
        importedIssues('reviewDates', 'error', "a review on 2027-06-07 is not after the plan's start (2027-06-07)"),
        importedIssues('previousPlans', 'missing', unknownBefore(imported.id)),
      ]);
      const x2028 = xml.parse((await census(s, 'year=2028&format=xml')).body).Message.Children.Child;
      expect(x2028.map((ch: any) => [ch.ChildIdentifiers.LAchildID, ch.CINdetails])).toEqual([
        [
          zara,
          [
            {
              ChildProtectionPlans: {
                CPPstartDate: '2027-02-01',
                InitialCategoryOfAbuse: 'EMO',
                LatestCategoryOfAbuse: 'MUL',
                Reviews: { CPPreviewDate: ['2027-04-26', '2027-10-25'] },
              },
            },
          ],
        ],
        [
          ruby,
          [
            {
              Section47: {
                S47ActualStartDate: '2027-04-19',
                InitialCPCtarget: '2027-05-11',
                DateOfInitialCPC: '2027-05-10',
                ICPCnotRequired: 'false',
              },
              ChildProtectionPlans: {
                CPPstartDate: '2027-05-10',
                InitialCategoryOfAbuse: 'PHY',
                LatestCategoryOfAbuse: 'PHY',
                NumberOfPreviousCPP: '1',
              },
            },
          ],
        ],
        [
          imported.id,
          [
            {
              DateOfInitialCPC: '2027-06-07',
              ChildProtectionPlans: {
                CPPstartDate: '2027-06-07',
                CPPendDate: '2027-06-07',
                Reviews: { CPPreviewDate: ['2027-06-07'] },
              },
            },
          ],
        ],
      ]);
      const csv2028 = parseCsv((await census(s, 'year=2028&format=csv')).body);
      expect(csv2028.map((r) => [r.childRecordId, r.conferenceReferences, r.latestCategory, r.reviewDates])).toEqual([
        [zara, `${c.reference} ${c1.reference} ${c2.reference}`, 'MUL', '2027-04-26 2027-10-25'],
        [ruby, b.reference, 'PHY', ''],
        [imported.id, 'CPC-2027-0901 CPC-2027-0902', '', '2027-06-07'],
      ]);
      expect(csv2028[2]!.issues).toContain('initialCategory: a plan without a category of abuse (CPC-2027-0901)');

      // The other authority tells us Zara had two plans before: the number follows, the issue goes.
      expect((await s.api('POST', `/api/children/${zara}/previous-plans`, { previousPlans: -1 })).body.issues).toEqual([
        { field: 'previousPlans', message: 'must be at least 0' },
      ]);
      expect(
        (await s.api('POST', `/api/children/${zara}/previous-plans`, { previousPlans: 2, extra: true })).body.issues,
      ).toEqual([{ field: 'extra', message: 'not a known field' }]);
      expect((await s.api('POST', '/api/children/k999999999999/previous-plans', { previousPlans: 2 })).status).toBe(
        404,
      );
      const given = await s.api('POST', `/api/children/${zara}/previous-plans`, {
        previousPlans: 2,
        by: 'Transfer-in coordinator',
      });
      expect(given.status).toBe(200);
      expect(given.body).toMatchObject({
        previousPlansBefore: 2,
        previousPlansGiven: { at: '2028-03-06T09:00:00+00:00', by: 'Transfer-in coordinator' },
      });
      const after = await census(s, 'year=2028');
      expect(after.body.rows[0]).toMatchObject({ childRecordId: zara, previousPlans: 2 });
      expect(after.body.issues.filter((i: any) => i.childRecordId === zara)).toEqual([]);

      // The dashboard links to it, shows the rows and what is missing, and downloads the files.
      const dash = await signedInDashboard(s.url, TEST_API_KEY);
      expect((await dash.get('/dashboard')).text).toContain(
        '<a href="/dashboard/census">Children in need census return</a>',
      );
      const pageText = plainText((await dash.get('/dashboard/census?year=2028')).text);
      expect(pageText).toContain('3 row(s) for 3 child(ren)');
      expect(pageText).toContain(
        `Would be refused : ${imported.id}, CPC-2027-0901, CPC-2027-0902: initialCategory: a plan without a category of abuse (CPC-2027-0901)`,
      );
      const bad = await dash.get('/dashboard/census?year=2030');
      expect(bad.status).toBe(400);
      expect(plainText(bad.text)).toContain('the 2030 collection year starts on 2029-04-01, after today (2028-03-06)');
      const download = await dash.get('/dashboard/census/download?year=2028&format=csv');
      expect(download.headers.get('content-disposition')).toBe(
        'attachment; filename="cin-census-2028-conferences.csv"',
      );
      expect(parseCsv(download.text).map((r) => r.previousPlans)).toEqual(['2', '1', '']);
    },
  );
});
