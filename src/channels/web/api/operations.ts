/**
 * Every coordinator API operation with the zod schema its use-case parses the body with. The
 * OpenAPI document (`/api/openapi.json`, `docs/openapi.json`) is built from this list, and a test
 * compares it with the routes express actually serves, so the two cannot drift apart.
 */
import type { z } from 'zod/v4';
import { AddAttendeeBody, RemoveAttendeeBody } from '../../../app/attendees.ts';
import { BirthBody, ExplainedBody } from '../../../app/circulation-actions.ts';
import {
  CoreGroupBody,
  CoreGroupCancelBody,
  CoreGroupRecordBody,
  CoreGroupRescheduleBody,
  CoreGroupRsvpBody,
} from '../../../app/core-group-schemas.ts';
import { PlanActionBody } from '../../../app/plan-schemas.ts';
import { FamilyAttendeeListBody, PreMeetingSlotsBody } from '../../../app/family-arrangements.ts';
import { CloseInput } from '../../../app/records/close-conference.ts';
import { MinutesActorBody, MinutesBody } from '../../../app/minutes/schemas.ts';
import { ConfirmBody } from '../../../app/review-draft.ts';
import { PreviousPlansBody } from '../../../app/child-records.ts';
import { ParticipationBody } from '../../../app/participation.ts';
import { TextsBody } from '../../../app/text-consent.ts';
import { SearchQuery } from '../../../app/search.ts';
import { CancelInput, CreateConferenceInput, RescheduleInput } from '../../../app/conference-schemas.ts';
import {
  ActorBody,
  AttendanceBody,
  ChecklistBody,
  ClockAdvanceBody,
  DecisionBody,
  ExclusionBody,
  ViewBody,
} from '../../../app/schemas.ts';
import { InboundDecisionBody } from '../routes/inbound.ts';
import { FiguresQuery } from '../../../app/figures/figures-query.ts';

export type Method = 'get' | 'post';
export type Tag =
  | 'Conferences'
  | 'Attendees and family'
  | 'Meeting'
  | 'Core groups'
  | 'Minutes'
  | 'Circulation and letters'
  | 'Inbound mail'
  | 'Records'
  | 'Children and census'
  | 'Figures'
  | 'Operations';

export interface Operation {
  readonly method: Method;
  /** Express-style path under `/api` (`/conferences/:id`). */
  readonly path: string;
  readonly tag: Tag;
  readonly summary: string;
  /** The schema the use-case validates the JSON body with; `optional` when an empty body is accepted. */
  readonly body?: { readonly schema: z.ZodType; readonly optional?: boolean };
  /** Query parameters (all strings). */
  readonly query?: readonly { readonly name: string; readonly description: string; readonly required?: boolean }[];
  /** What a success returns when it is not JSON. */
  readonly produces?: 'application/pdf' | 'application/octet-stream';
  readonly status?: 200 | 201;
  /** Who is refused with 403 (someone other than the chair named as approving). */
  readonly forbidden?: string;
}

const actor = { schema: ActorBody, optional: true } as const;
const C = '/conferences/:id';

export const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/policies',
    tag: 'Conferences',
    summary: 'The policies this service knows (presets and the policy file)',
  },
  {
    method: 'get',
    path: '/conferences',
    tag: 'Conferences',
    summary:
      'Every conference; with any query, found by name, reference or agency through the blind index, filtered, sorted and paged (total in X-Total-Count)',
    query: Object.entries(SearchQuery.shape).map(([name, schema]) => ({
      name,
      description: schema.description ?? name,
    })),
  },
  {
    method: 'get',
    path: '/worklist',
    tag: 'Conferences',
    summary: 'What needs the coordinator across conferences, most urgent first, with counts',
    query: [
      { name: 'page', description: 'Page number, from 1 (the counts and total are always of everything)' },
      { name: 'pageSize', description: 'Lines per page (default 100, at most 500)' },
    ],
  },
  {
    method: 'post',
    path: '/conferences',
    tag: 'Conferences',
    summary: 'Create a conference: invitations and report requests are scheduled',
    body: { schema: CreateConferenceInput },
    status: 201,
  },
  {
    method: 'get',
    path: C,
    tag: 'Conferences',
    summary: 'One conference: timetable, attendees, reports, jobs and audit trail',
  },
  {
    method: 'post',
    path: `${C}/reschedule`,
    tag: 'Conferences',
    summary: 'Move the conference: everyone gets an update, old reminders go',
    body: { schema: RescheduleInput },
  },
  {
    method: 'post',
    path: `${C}/postpone`,
    tag: 'Conferences',
    summary: 'Postpone until a new date is set: invitations withdrawn, reminders stopped',
    body: { schema: CancelInput },
  },
  {
    method: 'post',
    path: `${C}/cancel`,
    tag: 'Conferences',
    summary: 'Cancel: everyone is told, every link closes',
    body: { schema: CancelInput },
  },
  {
    method: 'post',
    path: `${C}/confirm`,
    tag: 'Conferences',
    summary: 'Confirm a drafted review conference (the bot drafts it after approval)',
    body: { schema: ConfirmBody, optional: true },
  },
  {
    method: 'post',
    path: `${C}/attendees`,
    tag: 'Attendees and family',
    summary: 'Add an attendee: they are invited and asked for a report',
    body: { schema: AddAttendeeBody },
    status: 201,
  },
  {
    method: 'post',
    path: `${C}/attendees/:attendeeId/remove`,
    tag: 'Attendees and family',
    summary: 'Remove an attendee: their links and reply address stop working',
    body: { schema: RemoveAttendeeBody },
  },
  {
    method: 'post',
    path: `${C}/attendees/:attendeeId/texts`,
    tag: 'Attendees and family',
    summary:
      "Record a parent's or carer's mobile and whether they agree to text reminders (agreeing again lifts an earlier reply's stop)",
    body: { schema: TextsBody },
  },
  {
    method: 'post',
    path: `${C}/attendees/:attendeeId/texts/stop`,
    tag: 'Attendees and family',
    summary: "Stop a parent's or carer's text reminders (as a reply to a text does)",
    body: actor,
  },
  {
    method: 'post',
    path: `${C}/pre-meeting-slots`,
    tag: 'Attendees and family',
    summary: "Set the family's private time with the chair (one slot, or one per parent)",
    body: { schema: PreMeetingSlotsBody },
  },
  {
    method: 'post',
    path: `${C}/family-attendee-list`,
    tag: 'Attendees and family',
    summary: "The chair approves the list of attendees the family's letters name",
    body: { schema: FamilyAttendeeListBody },
  },
  {
    method: 'get',
    path: `${C}/tasks`,
    tag: 'Attendees and family',
    summary: 'Arrangements to make (interpreters, accessibility needs) and whether each is done',
  },
  {
    method: 'post',
    path: `${C}/tasks/:taskId/done`,
    tag: 'Attendees and family',
    summary: 'Confirm an arrangement is made: the person’s invitation says so',
    body: actor,
  },
  {
    method: 'get',
    path: `${C}/participation`,
    tag: 'Attendees and family',
    summary: 'How each child took part (attended, views given another way, or not recorded and why)',
  },
  {
    method: 'post',
    path: `${C}/participation`,
    tag: 'Attendees and family',
    summary: "Record how each child took part: the professionals' decision letter lists it",
    body: { schema: ParticipationBody },
  },
  {
    method: 'post',
    path: `${C}/start`,
    tag: 'Meeting',
    summary: 'The meeting starts: report links close',
    body: actor,
  },
  {
    method: 'post',
    path: `${C}/checklist`,
    tag: 'Meeting',
    summary: "Tick an item of the chair's pre-meeting checklist",
    body: { schema: ChecklistBody },
  },
  {
    method: 'post',
    path: `${C}/attendance`,
    tag: 'Meeting',
    summary: 'Record who attended (and the quorum it gives)',
    body: { schema: AttendanceBody },
  },
  {
    method: 'post',
    path: `${C}/exclusions`,
    tag: 'Meeting',
    summary: 'Record that someone was excluded from part of the meeting',
    body: { schema: ExclusionBody },
  },
  {
    method: 'post',
    path: `${C}/views/open`,
    tag: 'Meeting',
    summary: 'Open the round of views: cards in Teams, links by email',
    body: actor,
  },
  { method: 'post', path: `${C}/views/close`, tag: 'Meeting', summary: 'Close the round of views', body: actor },
  { method: 'get', path: `${C}/views`, tag: 'Meeting', summary: 'The views given, per child' },
  {
    method: 'post',
    path: `${C}/views`,
    tag: 'Meeting',
    summary: "Record a professional's view for a child",
    body: { schema: ViewBody },
    status: 201,
  },
  {
    method: 'post',
    path: `${C}/decision`,
    tag: 'Meeting',
    summary: "Record the chair's decision per child (and the first core group)",
    body: { schema: DecisionBody },
  },
  {
    method: 'post',
    path: `${C}/decision/approve`,
    tag: 'Meeting',
    summary: 'The chair approves the decision: circulation starts',
    body: actor,
    forbidden: '`by` names someone other than the chair: only the chair approves; nothing changed',
  },
  {
    method: 'get',
    path: `${C}/core-groups`,
    tag: 'Core groups',
    summary: 'The core groups booked for this conference',
  },
  {
    method: 'post',
    path: `${C}/core-groups`,
    tag: 'Core groups',
    summary: 'Book a core group: members are invited by their contact preference',
    body: { schema: CoreGroupBody },
    status: 201,
  },
  {
    method: 'post',
    path: `${C}/core-groups/:cg/reschedule`,
    tag: 'Core groups',
    summary: 'Move a core group: the same calendar entry is updated',
    body: { schema: CoreGroupRescheduleBody },
  },
  {
    method: 'post',
    path: `${C}/core-groups/:cg/cancel`,
    tag: 'Core groups',
    summary: 'Cancel a core group',
    body: { schema: CoreGroupCancelBody },
  },
  {
    method: 'post',
    path: `${C}/core-groups/:cg/rsvp`,
    tag: 'Core groups',
    summary: "Record a member's answer to a core group invitation",
    body: { schema: CoreGroupRsvpBody },
  },
  {
    method: 'get',
    path: `${C}/minutes`,
    tag: 'Minutes',
    summary: 'The minutes: sections with their text, the text to edit, who gets which copy and where each has got to',
  },
  {
    method: 'post',
    path: `${C}/minutes`,
    tag: 'Minutes',
    summary: 'Save the minutes (text, `## ` headings start sections) and which sections are confidential',
    body: { schema: MinutesBody },
    status: 201,
  },
  {
    method: 'post',
    path: `${C}/minutes/draft`,
    tag: 'Minutes',
    summary: 'Build a draft of the minutes from the record, saved as the next version to edit',
    body: { schema: MinutesActorBody, optional: true },
    status: 201,
  },
  {
    method: 'post',
    path: `${C}/minutes/approve`,
    tag: 'Minutes',
    summary: 'The chair approves the minutes: each recipient gets their copy (or the record bundle)',
    body: { schema: MinutesActorBody, optional: true },
  },
  {
    method: 'post',
    path: `${C}/core-groups/:cg/record`,
    tag: 'Core groups',
    summary:
      "Record a core group (attendance, progress per action, scaling, notes): it goes to the members, the family's copy without the confidential notes",
    body: { schema: CoreGroupRecordBody },
    status: 201,
  },
  {
    method: 'post',
    path: `${C}/plan/:action`,
    tag: 'Core groups',
    summary:
      'Record progress on a plan action (p1, p2, …), or change its owner or due date: its reminders are planned again',
    body: { schema: PlanActionBody },
  },
  {
    method: 'get',
    path: '/hard-copies',
    tag: 'Circulation and letters',
    summary: 'The print queue: letters to post, most urgent first',
  },
  {
    method: 'get',
    path: `${C}/hard-copies`,
    tag: 'Circulation and letters',
    summary: "This conference's letters to post",
  },
  {
    method: 'get',
    path: `${C}/hard-copies/:blobId`,
    tag: 'Circulation and letters',
    summary: 'One letter to print, as a PDF',
    produces: 'application/pdf',
  },
  {
    method: 'post',
    path: `${C}/hard-copies/:blobId/printed`,
    tag: 'Circulation and letters',
    summary: 'Mark a letter printed and posted',
    body: actor,
  },
  {
    method: 'post',
    path: `${C}/circulation/:attendeeId/told`,
    tag: 'Circulation and letters',
    summary:
      'A parent whose letter is held (absent, or asked to leave part of the meeting) was told the decision: who told them, how, how they gave their view; their letter goes now',
    body: { schema: ExplainedBody },
  },
  {
    method: 'post',
    path: `${C}/children/:childId/birth`,
    tag: 'Circulation and letters',
    summary: 'Record the birth of an unborn child: the core group clock starts',
    body: { schema: BirthBody },
  },
  {
    method: 'get',
    path: `${C}/inbound`,
    tag: 'Inbound mail',
    summary: 'Mail waiting for the coordinator (unproven reports)',
  },
  { method: 'get', path: `${C}/inbound/:itemId`, tag: 'Inbound mail', summary: 'Read one waiting message' },
  {
    method: 'get',
    path: `${C}/inbound/:itemId/attachments/:n`,
    tag: 'Inbound mail',
    summary: 'One attachment of a waiting message',
    produces: 'application/octet-stream',
  },
  {
    method: 'post',
    path: `${C}/inbound/:itemId`,
    tag: 'Inbound mail',
    summary: "Confirm a waiting message as that attendee's report, or reject it",
    body: { schema: InboundDecisionBody },
  },
  {
    method: 'post',
    path: `${C}/close`,
    tag: 'Records',
    summary: 'Close the conference record',
    body: { schema: CloseInput, optional: true },
  },
  { method: 'get', path: `${C}/export`, tag: 'Records', summary: 'The whole record as JSON (audited)' },
  {
    method: 'get',
    path: `${C}/export.pdf`,
    tag: 'Records',
    summary: 'The whole record as a tagged PDF (audited)',
    produces: 'application/pdf',
  },
  {
    method: 'get',
    path: '/subject-access',
    tag: 'Records',
    summary: 'Everything held about one email address (subject access request)',
    query: [{ name: 'email', description: 'the data subject’s email address', required: true }],
  },
  { method: 'post', path: '/retention/run', tag: 'Records', summary: 'Run the retention sweep now' },
  {
    method: 'get',
    path: '/children/:recordId',
    tag: 'Children and census',
    summary:
      'One child across conferences: each approved decision, each plan (start, end, categories, reviews, previous plans) and its time so far',
  },
  {
    method: 'post',
    path: '/children/:recordId/previous-plans',
    tag: 'Children and census',
    summary:
      'Give (or correct) how many child protection plans the child had before this service knew them: the census counts previous plans from it',
    body: { schema: PreviousPlansBody },
  },
  {
    method: 'get',
    path: '/census',
    tag: 'Children and census',
    summary:
      'The conference fields of the DfE children in need census for a collection year, per child: JSON with the validation report, CSV, or the census XML layout',
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
  { method: 'get', path: '/retention/log', tag: 'Records', summary: 'What the retention sweep purged, and when' },
  {
    method: 'get',
    path: '/figures',
    tag: 'Figures',
    summary:
      'The figures for a period (timeliness, reports, circulation, participation, outcomes, core groups, plan actions), each with how it is counted; format=csv for a spreadsheet',
    query: Object.entries(FiguresQuery.shape).map(([name, schema]) => ({
      name,
      description: schema.description ?? '',
    })),
  },
  { method: 'get', path: '/dev/clock', tag: 'Operations', summary: 'The service clock (simulated or real)' },
  {
    method: 'post',
    path: '/dev/clock',
    tag: 'Operations',
    summary: 'Move simulated time forward: due jobs run in order (SIMULATED_CLOCK only)',
    body: { schema: ClockAdvanceBody },
  },
  { method: 'get', path: '/jobs/failed', tag: 'Operations', summary: 'Jobs that failed after every retry' },
  { method: 'post', path: '/jobs/:id/retry', tag: 'Operations', summary: 'Retry a failed job' },
];
