/** The coordinator API's operations for the meeting, the core groups that follow it and the minutes. */
import {
  CoreGroupBody,
  CoreGroupCancelBody,
  CoreGroupRecordBody,
  CoreGroupRescheduleBody,
  CoreGroupRsvpBody,
} from '../../../app/core-groups/core-group-schemas.ts';
import { PlanActionBody } from '../../../app/follow-ups/plan-schemas.ts';
import { OpenEscalationBody, ResolveEscalationBody } from '../../../app/follow-ups/escalations.ts';
import { MinutesActorBody, MinutesBody, MinutesCorrectionBody } from '../../../app/minutes/schemas.ts';
import {
  AttendanceBody,
  ChecklistBody,
  DecisionBody,
  ExclusionBody,
  ViewBody,
} from '../../../app/meeting-day/schemas.ts';
import { C, actor, tagged, type Operation } from './operation.ts';

const meeting = tagged('Meeting');
const coreGroups = tagged('Core groups');
const minutes = tagged('Minutes');

export const MEETING_OPERATIONS: readonly Operation[] = [
  meeting.post(`${C}/start`, 'The meeting starts: report links close', { body: actor }),
  meeting.post(`${C}/checklist`, "Tick an item of the chair's pre-meeting checklist", {
    body: { schema: ChecklistBody },
  }),
  meeting.post(`${C}/attendance`, 'Record who attended (and the quorum it gives)', {
    body: { schema: AttendanceBody },
  }),
  meeting.post(`${C}/exclusions`, 'Record that someone was excluded from part of the meeting', {
    body: { schema: ExclusionBody },
  }),
  meeting.post(`${C}/views/open`, 'Open the round of views: cards in Teams, links by email', { body: actor }),
  meeting.post(`${C}/views/close`, 'Close the round of views', { body: actor }),
  meeting.get(`${C}/views`, 'The views given, per child'),
  meeting.post(`${C}/views`, "Record a professional's view for a child", { body: { schema: ViewBody }, status: 201 }),
  meeting.post(`${C}/decision`, "Record the chair's decision per child (and the first core group)", {
    body: { schema: DecisionBody },
  }),
  meeting.post(`${C}/decision/approve`, 'The chair approves the decision: circulation starts', {
    body: actor,
    forbidden: '`by` names someone other than the chair: only the chair approves; nothing changed',
  }),
  meeting.get(
    `${C}/escalations`,
    'Disagreements with the decision escalated under the policy: who was told, when the outcome is due, open or resolved',
  ),
  meeting.post(
    `${C}/escalations`,
    "Escalate a professional's or the family's disagreement with the decision: everyone on the policy's route is told, the outcome is due in the policy's working days",
    { body: { schema: OpenEscalationBody }, status: 201 },
  ),
  meeting.post(
    `${C}/escalations/:escalationId/resolve`,
    "Record an escalation's outcome: everyone on its route is told",
    {
      body: { schema: ResolveEscalationBody },
    },
  ),
  coreGroups.get(`${C}/core-groups`, 'The core groups booked for this conference'),
  coreGroups.post(`${C}/core-groups`, 'Book a core group: members are invited by their contact preference', {
    body: { schema: CoreGroupBody },
    status: 201,
  }),
  coreGroups.post(`${C}/core-groups/:cg/reschedule`, 'Move a core group: the same calendar entry is updated', {
    body: { schema: CoreGroupRescheduleBody },
  }),
  coreGroups.post(`${C}/core-groups/:cg/cancel`, 'Cancel a core group', { body: { schema: CoreGroupCancelBody } }),
  coreGroups.post(`${C}/core-groups/:cg/rsvp`, "Record a member's answer to a core group invitation", {
    body: { schema: CoreGroupRsvpBody },
  }),
  minutes.get(
    `${C}/minutes`,
    'The minutes: sections with their text, the text to edit, who gets which copy and where each has got to',
  ),
  minutes.post(
    `${C}/minutes`,
    'Save the minutes (text, `## ` headings start sections) and which sections are confidential',
    { body: { schema: MinutesBody }, status: 201 },
  ),
  minutes.post(
    `${C}/minutes/draft`,
    'Build a draft of the minutes from the record, saved as the next version to edit',
    { body: { schema: MinutesActorBody, optional: true }, status: 201 },
  ),
  minutes.post(
    `${C}/minutes/approve`,
    'The chair approves the minutes: each recipient gets their copy (or the record bundle)',
    { body: { schema: MinutesActorBody, optional: true } },
  ),
  minutes.post(
    `${C}/minutes/correction`,
    'The chair corrects approved minutes: the whole corrected text and a reason, saved as the next version; once the chair approves it each recipient gets it once, saying what it corrects and why. Anyone but the chair is refused (403)',
    { body: { schema: MinutesCorrectionBody }, status: 201 },
  ),
  coreGroups.post(
    `${C}/core-groups/:cg/record`,
    "Record a core group (attendance, progress per action, scaling, notes): it goes to the members, the family's copy without the confidential notes",
    { body: { schema: CoreGroupRecordBody }, status: 201 },
  ),
  coreGroups.post(
    `${C}/plan/:action`,
    'Record progress on a plan action (p1, p2, …), or change its owner or due date: its reminders are planned again',
    { body: { schema: PlanActionBody } },
  ),
];
