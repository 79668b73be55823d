/** The coordinator API's operations for circulation and letters, inbound mail, records, children and census, figures and operations. */
import { BirthBody, ExplainedBody, ReleaseBody } from '../../../app/circulation/circulation-actions.ts';
import { CloseInput } from '../../../app/records/close-conference.ts';
import { PreviousPlansBody } from '../../../app/records/child-records.ts';
import { ClockAdvanceBody } from '../../../app/meeting-day/schemas.ts';
import { InboundDecisionBody } from '../routes/inbound.ts';
import { FiguresQuery } from '../../../app/figures/figures-query.ts';
import { C, actor, queryFrom, tagged, type Operation } from './operation.ts';

const circulation = tagged('Circulation and letters');
const inbound = tagged('Inbound mail');
const records = tagged('Records');
const children = tagged('Children and census');
const figures = tagged('Figures');
const operations = tagged('Operations');

export const RECORD_OPERATIONS: readonly Operation[] = [
  circulation.get('/hard-copies', 'The print queue: letters to post, most urgent first'),
  circulation.get(`${C}/hard-copies`, "This conference's letters to post"),
  circulation.get(`${C}/hard-copies/:blobId`, 'One letter to print, as a PDF', { produces: 'application/pdf' }),
  circulation.post(`${C}/hard-copies/:blobId/printed`, 'Mark a letter printed and posted', { body: actor }),
  circulation.post(
    `${C}/circulation/:attendeeId/told`,
    'A parent whose letter is held (absent, or asked to leave part of the meeting) was told the decision: who told them, how, how they gave their view; their letter goes now',
    { body: { schema: ExplainedBody } },
  ),
  circulation.post(
    `${C}/circulation/:attendeeId/release`,
    'Send a held letter before anyone has recorded telling the parent (they cannot be reached, say), with the reason: audited; the letter says the chair or their social worker will contact them, and the explanation stays on the worklist',
    { body: { schema: ReleaseBody } },
  ),
  circulation.post(`${C}/children/:childId/birth`, 'Record the birth of an unborn child: the core group clock starts', {
    body: { schema: BirthBody },
  }),
  inbound.get(`${C}/inbound`, 'Mail waiting for the coordinator (unproven reports)'),
  inbound.get(`${C}/inbound/:itemId`, 'Read one waiting message'),
  inbound.get(`${C}/inbound/:itemId/attachments/:n`, 'One attachment of a waiting message', {
    produces: 'application/octet-stream',
  }),
  inbound.post(`${C}/inbound/:itemId`, "Confirm a waiting message as that attendee's report, or reject it", {
    body: { schema: InboundDecisionBody },
  }),
  records.post(`${C}/close`, 'Close the conference record', { body: { schema: CloseInput, optional: true } }),
  records.get(`${C}/export`, 'The whole record as JSON (audited)'),
  records.get(`${C}/export.pdf`, 'The whole record as a tagged PDF (audited)', { produces: 'application/pdf' }),
  records.get('/subject-access', 'Everything held about one email address (subject access request)', {
    query: [{ name: 'email', description: 'the data subject’s email address', required: true }],
  }),
  records.post('/retention/run', 'Run the retention sweep now'),
  children.get(
    '/children/:recordId',
    'One child across conferences: each approved decision, each plan (start, end, categories, reviews, previous plans) and its time so far',
  ),
  children.post(
    '/children/:recordId/previous-plans',
    'Give (or correct) how many child protection plans the child had before this service knew them: the census counts previous plans from it',
    { body: { schema: PreviousPlansBody } },
  ),
  children.get(
    '/census',
    'The conference fields of the DfE children in need census for a collection year, per child: JSON with the validation report, CSV, or the census XML layout',
    {
      query: [
        {
          name: 'year',
          description:
            'The collection year by the year it ends: 2027 is 1 April 2026 to 31 March 2027. Not a year that has not started.',
          required: true,
        },
        { name: 'format', description: 'json (default: rows and issues), csv or xml' },
      ],
    },
  ),
  records.get('/retention/log', 'What the retention sweep purged, and when'),
  figures.get(
    '/figures',
    'The figures for a period (timeliness, reports, circulation, participation, outcomes, core groups, plan actions), each with how it is counted; format=csv for a spreadsheet',
    {
      query: queryFrom(FiguresQuery),
    },
  ),
  operations.get('/dev/clock', 'The service clock (simulated or real)'),
  operations.post('/dev/clock', 'Move simulated time forward: due jobs run in order (SIMULATED_CLOCK only)', {
    body: { schema: ClockAdvanceBody },
  }),
  operations.get('/jobs/failed', 'Jobs that failed after every retry'),
  operations.post('/jobs/:id/retry', 'Retry a failed job'),
];
