/** The coordinator API's operations for conferences, their attendees and the family arrangements. */
import { AddAttendeeBody, RemoveAttendeeBody } from '../../../app/conference/attendees.ts';
import { CorrectAddressBody } from '../../../app/conference/correct-address.ts';
import { FamilyAttendeeListBody, PreMeetingSlotsBody } from '../../../app/conference/family-arrangements.ts';
import { ConfirmBody } from '../../../app/conference/review-draft.ts';
import { ParticipationBody } from '../../../app/meeting-day/participation.ts';
import { TextsBody } from '../../../app/post-and-texts/text-consent.ts';
import { NewLinksBody } from '../../../app/credentials/new-links.ts';
import { SearchQuery } from '../../../app/conference/search.ts';
import { CancelInput, CreateConferenceInput, RescheduleInput } from '../../../app/conference/conference-schemas.ts';
import { C, actor, queryFrom, tagged, type Operation } from './operation.ts';

const conferences = tagged('Conferences');
const family = tagged('Attendees and family');

export const CONFERENCE_OPERATIONS: readonly Operation[] = [
  conferences.get('/policies', 'The policies this service knows (presets and the policy file)'),
  conferences.get(
    '/conferences',
    'Every conference; with any query, found by name, reference or agency through the blind index, filtered, sorted and paged (total in X-Total-Count)',
    {
      query: queryFrom(SearchQuery),
    },
  ),
  conferences.get('/worklist', 'What needs the coordinator across conferences, most urgent first, with counts', {
    query: [
      { name: 'page', description: 'Page number, from 1 (the counts and total are always of everything)' },
      { name: 'pageSize', description: 'Lines per page (default 100, at most 500)' },
    ],
  }),
  conferences.post('/conferences', 'Create a conference: invitations and report requests are scheduled', {
    body: { schema: CreateConferenceInput },
    status: 201,
  }),
  conferences.get(C, 'One conference: timetable, attendees, reports, jobs and audit trail'),
  conferences.post(`${C}/reschedule`, 'Move the conference: everyone gets an update, old reminders go', {
    body: { schema: RescheduleInput },
  }),
  conferences.post(`${C}/postpone`, 'Postpone until a new date is set: invitations withdrawn, reminders stopped', {
    body: { schema: CancelInput },
  }),
  conferences.post(`${C}/cancel`, 'Cancel: everyone is told, every link closes', { body: { schema: CancelInput } }),
  conferences.post(`${C}/confirm`, 'Confirm a drafted review conference (the bot drafts it after approval)', {
    body: { schema: ConfirmBody, optional: true },
  }),
  family.post(`${C}/attendees`, 'Add an attendee: they are invited and asked for a report', {
    body: { schema: AddAttendeeBody },
    status: 201,
  }),
  family.post(`${C}/attendees/:attendeeId/remove`, 'Remove an attendee: their links and reply address stop working', {
    body: { schema: RemoveAttendeeBody },
  }),
  family.post(
    `${C}/attendees/:attendeeId/new-links`,
    'Send a new link: their old links stop working and they are emailed the ones they may use now (once per replaced version)',
    { body: { schema: NewLinksBody }, status: 202 },
  ),
  family.post(
    `${C}/attendees/:attendeeId/address`,
    'Correct an email address the mail server refused: what it refused is sent again',
    { body: { schema: CorrectAddressBody } },
  ),
  family.post(
    `${C}/attendees/:attendeeId/texts`,
    "Record a parent's or carer's mobile and whether they agree to text reminders (agreeing again lifts an earlier reply's stop)",
    { body: { schema: TextsBody } },
  ),
  family.post(
    `${C}/attendees/:attendeeId/texts/stop`,
    "Stop a parent's or carer's text reminders (as a reply to a text does)",
    { body: actor },
  ),
  family.post(`${C}/pre-meeting-slots`, "Set the family's private time with the chair (one slot, or one per parent)", {
    body: { schema: PreMeetingSlotsBody },
  }),
  family.post(`${C}/family-attendee-list`, "The chair approves the list of attendees the family's letters name", {
    body: { schema: FamilyAttendeeListBody },
  }),
  family.get(`${C}/tasks`, 'Arrangements to make (interpreters, accessibility needs) and whether each is done'),
  family.post(`${C}/tasks/:taskId/done`, 'Confirm an arrangement is made: the person’s invitation says so', {
    body: actor,
  }),
  family.get(
    `${C}/participation`,
    'How each child took part (attended, views given another way, or not recorded and why)',
  ),
  family.post(`${C}/participation`, "Record how each child took part: the professionals' decision letter lists it", {
    body: { schema: ParticipationBody },
  }),
];
