/**
 * The words of each audit action (see audit-lines.ts for the lines themselves); audit-words.ts names
 * the people, children, letters and dates in them without an id.
 * Names appear (this is the professionals' record): never in a subject, a preview or a log.
 */
import { CONFERENCE_KINDS, type ConferenceKind } from '../domain/vocabulary.ts';
import { CATEGORY_LABEL, CHECKLIST_LABEL, RECOMMENDATION_LABEL, RSVP_LABEL } from './labels.ts';
import { kindLabel } from './words.ts';
import {
  childWords,
  coreGroupWords,
  escalationRoute,
  joinWords,
  letters,
  letterWords,
  list,
  num,
  people,
  personWords,
  plural,
  roles,
  str,
  whenWords,
  type AuditContext,
  type Detail,
  type Phrase,
} from './audit-words.ts';

const KINDS: ReadonlySet<string> = new Set(CONFERENCE_KINDS);
const VIEW_WORDS: Record<string, string> = {
  'told-them': 'given to whoever told them',
  'in-writing': 'given in writing',
  'through-supporter': 'given through their supporter',
  'did-not-wish': 'they did not wish to give one',
};

const DOCUMENT: Record<string, string> = {
  decision: 'the decision',
  minutes: 'the minutes',
  'record-bundle': 'the record of the conference (minutes and reports)',
};

export const REPORT_STEP: Record<string, string> = {
  'report-request': 'asked for a report from',
  'report-reminder-1': 'sent a first reminder about the report to',
  'report-reminder-2': 'sent a second reminder about the report to',
  'report-reminder-3': 'sent a third reminder about the report to',
  'report-last-reminder': 'sent a last reminder about the report to',
  'report-overdue': 'told the coordinator the report is overdue from',
  'report-escalation': 'escalated the missing report to the manager of',
};

const reason = (d: Detail): string => (str(d['reason']) ? `: “${str(d['reason'])}”` : '');
const version = (d: Detail): string => (num(d['version']) ? ` (version ${num(d['version'])})` : '');
const dueBy = (d: Detail, key = 'dueAt'): string => (str(d[key]) ? `, due by ${whenWords(d[key])}` : '');

/** Who was still waiting when a deadline was missed or at risk. */
function outstanding(c: AuditContext, d: Detail): string {
  const o = list(d['outstanding']) as { recipient?: unknown; status?: unknown }[];
  if (o.length === 0) return '';
  return `; still waiting: ${joinWords(o.map((x) => `${personWords(c, x.recipient)}${str(x.status) ? ` (${str(x.status)})` : ''}`))}`;
}

export const PHRASES: Record<string, Phrase> = {
  'conference.created': (d) =>
    `created the ${KINDS.has(String(d['kind'])) ? kindLabel(d['kind'] as ConferenceKind) : 'conference'}${str(d['startsAt']) ? ` for ${whenWords(d['startsAt'])}` : ''}`,
  'conference.drafted': (d) =>
    `drafted the review conference${str(d['startsAt']) ? ` for ${whenWords(d['startsAt'])}` : ''}`,
  'conference.confirmed': () => 'confirmed the review conference',
  'conference.rescheduled': (d) =>
    `moved the conference${str(d['to']) ? ` to ${whenWords(d['to'])}` : str(d['startsAt']) ? ` to ${whenWords(d['startsAt'])}` : ''}${reason(d)}`,
  'conference.postponed': (d) => `postponed the conference${reason(d)}`,
  'conference.cancelled': (d) => `cancelled the conference${reason(d)}`,
  'conference.closed': (d) => `closed the conference${reason(d)}`,
  'attendee.added': (d, c) => `added ${personWords(c, d['attendeeId'])} to the conference`,
  'attendee.removed': () => 'removed someone from the attendee list',
  'invites.sent': (d) => `sent the invitations${version(d)}`,
  'invites.updated': (d) => `sent the updated invitations${version(d)}`,
  'invites.cancelled': () => 'sent the cancellations',
  'attendee.address-corrected': (d, c) =>
    `corrected the email address${Array.isArray(d['corrected']) && d['corrected'].includes('managerEmail') ? (d['corrected'].includes('email') ? 'es' : ' of the manager') : ''} of ${personWords(c, d['attendeeId'])}`,
  'email.refused': (d, c) =>
    `could not send an email: the mail server refused the address of ${d['attendeeId'] ? `${d['manager'] ? 'the manager of ' : ''}${personWords(c, d['attendeeId'])}` : 'someone no longer on the conference'}`,
  'links.revoked': (d, c) => `withdrew the personal links of ${personWords(c, d['attendeeId'])}`,
  'links.replaced': (d, c) =>
    `replaced the personal links of ${personWords(c, d['attendeeId'])} and sent them new ones`,
  'rsvp.recorded': (d) =>
    `answered the invitation: ${(RSVP_LABEL as Record<string, string>)[String(d['answer'] ?? d['rsvp'])]?.toLowerCase() ?? 'replied'}`,
  'deputy.nominated': () => 'nominated a deputy to send the report',
  'report.received': (d) =>
    `sent their report${str(d['channel']) ? ` by ${str(d['channel'])}` : ''}${d['late'] ? ', late' : ''}`,
  'report.resubmitted': (d) =>
    `sent a new version of their report${str(d['channel']) ? ` by ${str(d['channel'])}` : ''}${d['late'] ? ', late' : ''}`,
  'report.missing-flagged': (d) =>
    `told the chair ${plural(num(d['missing']) ?? 0, 'report')} had not come${num(d['unshared']) ? ` and ${plural(num(d['unshared'])!, 'report')} had not been shared with the family` : ''}`,
  'report.sharing-chased': (d, c) =>
    `reminded ${personWords(c, d['attendeeId'])} to share their report with ${people(c, d['parents'])}`,
  'report.shared-with-family': (d, c) => `shared their report with ${people(c, d['parents'])}`,
  'report.family-version': () => 'sent a version of their report for the family',
  'meeting.parents-slot': (d, c) =>
    `sent the family the time to join${list(d['invitationsNotGone']).length ? `; the invitation had not gone to ${people(c, d['invitationsNotGone'])}` : ''}`,
  'meeting.professionals-join': () => 'sent the professionals the time to join',
  'meeting.started': () => 'started the meeting',

  'attendance.recorded': (d) =>
    `recorded attendance: ${plural(num(d['present']) ?? 0, 'person', 'people')} present, ${plural(num(d['apologies']) ?? 0, 'apology', 'apologies')}${d['quorate'] === false ? ', not quorate' : ''}`,
  'exclusion.recorded': (d, c) =>
    `asked ${personWords(c, d['attendeeId'])} to leave for part of the meeting${str(d['part']) ? ` (${str(d['part'])})` : ''}`,
  'checklist.ticked': (d) =>
    `ticked “${(CHECKLIST_LABEL as Record<string, string>)[String(d['item'])] ?? 'an item'}” on the chair's checklist`,
  'views.opened': () => 'opened the round of views',
  'views.closed': (d) => `closed the round of views${num(d['views']) ? ` (${plural(num(d['views'])!, 'view')})` : ''}`,
  'views.cards-sent': () => 'sent the view cards in Teams',
  'views.links-sent': () => 'sent the links to give a view',
  'view.recorded': (d, c) => {
    const rec = (RECOMMENDATION_LABEL as Record<string, string>)[String(d['recommendation'])];
    const whose =
      d['voice'] === 'family'
        ? "the family's view"
        : d['voice'] === 'child'
          ? "the child's own view"
          : `the view of ${personWords(c, d['attendeeId'])}`;
    return `recorded ${whose} for ${childWords(c, d['childId'])}${rec ? `: ${rec.toLowerCase()}` : ''}`;
  },
  'decision.recorded': (d, c) => decisionWords('recorded the decision', d, c),
  'decision.corrected': (d, c) => decisionWords('corrected the decision', d, c),
  'decision.approved': () => 'approved the decision',
  'decision.letter-held': (d, c) =>
    `held the decision letter to ${personWords(c, d['attendeeId'])} until someone records telling them${d['reason'] === 'excluded' ? ' (they left part of the meeting)' : ''}${str(d['until']) ? `, late after ${whenWords(d['until'])}` : ''}`,
  'decision.told-in-person': (d, c) =>
    `recorded that ${personWords(c, d['attendeeId'])} was told the decision${d['explainedBy'] ? ` by ${d['explainedBy'] === 'chair' ? 'the chair' : 'the social worker'}` : ''}${d['how'] ? ` (${String(d['how']).replace('-', ' ')})` : ''}${d['view'] ? `, their view: ${VIEW_WORDS[String(d['view'])] ?? String(d['view'])}` : ''}`,
  'advocacy.referral-overdue': () =>
    'reminded the social worker and told the coordinator that an advocacy referral was not made by its due date',
  'decision.letter-late': (d, c) =>
    `reminded the social worker and told the chair and the coordinator that nobody has recorded telling ${personWords(c, d['attendeeId'])} the decision: their letter is still held`,
  'decision.letter-released-unexplained': (d, c) =>
    `sent the held decision letter to ${personWords(c, d['attendeeId'])} before anyone recorded telling them${str(d['why']) ? `, because: ${str(d['why'])}` : ''}`,
  'decision.letter-sent-unexplained': (d, c) =>
    `sent the held decision letter to ${personWords(c, d['attendeeId'])} at its time with nobody recorded as having told them, and told the chair and the coordinator`,
  'child-plans.recorded': (d, c) =>
    `updated the plan history of ${joinWords(list(d['children']).map((x) => childWords(c, (x as Detail)['childId'])))}`,
  'child.born': (d, c) =>
    `recorded the birth of ${childWords(c, d['childId'])}${str(d['bornOn']) ? ` on ${whenWords(d['bornOn'])}` : ''}`,
  'escalation.opened': (d, c) =>
    `escalated ${d['party'] === 'family' ? "the family's" : "a professional's"} disagreement with the decision for ${childWords(c, d['childId'])}${d['attendeeId'] ? ` (${personWords(c, d['attendeeId'])})` : ''}${str(d['dueAt']) ? `, outcome due ${whenWords(d['dueAt'])}` : ''}`,
  'escalation.notified': (d) =>
    `told everyone on the route of escalation ${str(d['escalationId']) ?? ''} (${escalationRoute(d)})`,
  'escalation.overdue': (d) =>
    `told everyone on the route that escalation ${str(d['escalationId']) ?? ''} has no outcome by its due date (${escalationRoute(d)})`,
  'escalation.resolved': (d, c) =>
    `recorded the outcome of escalation ${str(d['escalationId']) ?? ''} for ${childWords(c, d['childId'])}`,
  'escalation.outcome-sent': (d) =>
    `told everyone on the route the outcome of escalation ${str(d['escalationId']) ?? ''} (${escalationRoute(d)})`,
  'participation.recorded': (d, c) =>
    `recorded how ${joinWords(list(d['children']).map((x) => childWords(c, (x as Detail)['childId'])))} took part`,
  'follow-ups.scheduled': () => 'planned the follow-up reminders (core group and review)',
  'follow-up.review-drafted': (d) =>
    `drafted the review conference${str(d['startsAt']) ? ` for ${whenWords(d['startsAt'])}` : ''}${dueBy(d, 'reviewBy')}`,
  'follow-up.core-group': (d, c) =>
    `asked for the first core group to be booked${dueBy(d, 'by')}${list(d['members']).length ? `; members ${people(c, d['members'])}` : ''}`,
  'follow-up.core-group-after-birth': (d) => `asked for the core group after the birth to be booked${dueBy(d, 'by')}`,
  'follow-up.birth-plan-overdue': (d, c) =>
    `reminded the social worker and told the coordinator the birth plan for ${joinWords(list(d['children']).map((x) => childWords(c, x)))} is not recorded as agreed`,
  'follow-up.minutes-reminder': (d) => `reminded the ${roles(d['to']) || 'chair'} the minutes are due${dueBy(d)}`,
  'follow-up.record-bundle-reminder': (d) =>
    `reminded the ${roles(d['to']) || 'chair'} the record of the conference is due${dueBy(d)}`,
  'core-group.booked': (d) =>
    `booked ${coreGroupWords(d['coreGroup'])}${str(d['startsAt']) ? ` for ${whenWords(d['startsAt'])}` : ''}`,
  'core-group.rescheduled': (d) =>
    `moved ${coreGroupWords(d['coreGroup'])}${str(d['startsAt']) ? ` to ${whenWords(d['startsAt'])}` : ''}`,
  'core-group.cancelled': (d) => `cancelled ${coreGroupWords(d['coreGroup'])}${reason(d)}`,
  'core-group.rsvp': (d) =>
    `answered the invitation to ${coreGroupWords(d['coreGroup'])}: ${(RSVP_LABEL as Record<string, string>)[String(d['answer'] ?? d['rsvp'])]?.toLowerCase() ?? 'replied'}`,
  'core-group.invites-sent': (d) => `sent the invitations to ${coreGroupWords(d['coreGroup'])}`,
  'core-group.invites-updated': (d) => `sent the updated invitations to ${coreGroupWords(d['coreGroup'])}`,
  'core-group.cancellations-sent': (d) => `sent the cancellations of ${coreGroupWords(d['coreGroup'])}`,
  'core-group.recorded': (d) => `recorded ${coreGroupWords(d['coreGroup'])}`,
  'core-group.record-circulated': (d) => `sent the record of ${coreGroupWords(d['coreGroup'])} to its members`,
  'core-group.record-missed': (d) =>
    `found the record of ${coreGroupWords(d['coreGroup'])} not circulated by its deadline${dueBy(d, 'dueAt')}`,
  'core-group.nag': (d) => `reminded the ${roles(d['to']) || 'chair'} that no core group is booked${dueBy(d, 'dueBy')}`,
  'plan.action-updated': () => 'updated an action in the plan',
  'plan.action-reminded': (d, c) => `reminded ${personWords(c, d['owner'])} of their plan action${dueBy(d, 'dueOn')}`,
  'plan.action-overdue': (d) =>
    `told the ${roles(d['to']) || 'social worker'} a plan action is overdue${dueBy(d, 'dueOn')}`,
  'minutes.saved': (d) =>
    `saved the minutes${version(d)}${d['source'] === 'draft' ? ', drafted from the record' : ''}${list(d['confidential']).length ? `, ${plural(list(d['confidential']).length, 'confidential section')}` : ''}`,
  'minutes.approved': (d) =>
    `approved the minutes${version(d)}${num(d['corrects']) ? `, correcting version ${num(d['corrects'])}` : ''}`,
  'minutes.corrected': (d) =>
    `corrected the minutes${version(d)}${num(d['corrects']) ? `, replacing version ${num(d['corrects'])}` : ''}${reason(d)}`,
  'hard-copy.queued': (d, c) => `put the ${letterWords(c, d['blobId'])} on the print queue${dueBy(d)}`,
  'hard-copy.printed': (d, c) => `printed the ${letterWords(c, d['blobId'])}`,
  'hard-copy.posted': (d, c) => `posted the ${letterWords(c, d['blobId'])}`,
  'hard-copy.sent-to-notify': (d, c) => `sent the ${letterWords(c, d['blobId'])} to GOV.UK Notify to post`,
  'hard-copy.notify-refused': (d, c) =>
    `recorded that GOV.UK Notify could not post the ${letterWords(c, d['blobId'])}${reason(d)}`,
  'hard-copy.superseded': (d, c) => `replaced the ${letters(c, d['blobIds'])} with a newer letter`,
  'hard-copy.withdrawn': (d, c) => `withdrew the unprinted ${letters(c, d['blobIds'])}`,
  'hard-copy.overdue': (d, c) =>
    `told the coordinator the ${letters(c, d['letters'])} ${list(d['letters']).length === 1 ? 'is' : 'are'} not printed yet${num(d['workingDaysOverdue']) ? ` (${plural(num(d['workingDaysOverdue'])!, 'working day')} late)` : ''}`,
  'hard-copy.all-printed': () => 'recorded that every posted copy is printed',
  'hard-copy.too-late-for-post': (d, c) =>
    `warned that post cannot bring the ${letterWords(c, d['blobId'])} in time${str(d['neededBy']) ? ` (needed by ${whenWords(d['neededBy'])})` : ''}: phone them or deliver it by hand`,
  'texts.started': (d, c) => `started text reminders to ${personWords(c, d['attendeeId'])}`,
  'texts.stopped': (d, c) =>
    `stopped text reminders to ${personWords(c, d['attendeeId'])}${str(d['why']) ? ` (${str(d['why'])})` : ''}`,
  'texts.number-changed': (d, c) => `changed the mobile number of ${personWords(c, d['attendeeId'])}`,
  'family.pre-meeting-slots-set': () => 'set the times to meet the family before the meeting',
  'family.attendee-list-approved': () => 'approved the list of who will be there, for the family',
  'inbound.confirmed': () => 'confirmed a message as a report',
  'inbound.rejected': () => 'rejected a message',
  'inbound.ignored-automatic': (d, c) =>
    `ignored an automatic reply (an out-of-office or a bounce) to ${personWords(c, d['attendeeId'])}'s reply address: not filed, their reminders go on`,
  'inbound.superseded': (d) =>
    `set aside an unproven message (no longer needed: ${d['because'] === 'conference-ended' ? 'the conference ended' : 'their own report was filed'})`,
  'task.done': (d) => `marked a task done${str(d['kind']) ? ` (${str(d['kind'])!.replace(/-/g, ' ')})` : ''}`,
  'record.exported': (d) => `exported the record${str(d['format']) ? ` as ${str(d['format'])!.toUpperCase()}` : ''}`,
  'subject-access.exported': () => 'answered a subject access request that includes this conference',
  'audit.refused': () =>
    'left out an entry stored in this trail that was not sealed for this conference (the log names the conference, never the content)',
  'job.retried': () => 'retried a failed job',
};

/** Circulation and its watchdog, for each document that is circulated (`decision`, `minutes`, `record-bundle`). */
for (const [key, words] of Object.entries(DOCUMENT)) {
  const prefix = key === 'decision' ? 'circulation' : key;
  PHRASES[`${key}.circulated`] = (d) =>
    `sent ${words} to every recipient${num(d['recipients']) ? ` (${plural(num(d['recipients'])!, 'recipient')})` : ''}`;
  PHRASES[`${key}.circulated-except-post`] = (d) =>
    `sent ${words} to every recipient except ${plural(num(d['waitingToPrint']) ?? 1, 'posted copy', 'posted copies')} waiting to be printed`;
  PHRASES[`${key}.on-time`] = (d) => `recorded that ${words} went out on time${dueBy(d)}`;
  PHRASES[`${prefix}.on-time`] ??= PHRASES[`${key}.on-time`]!;
  PHRASES[`${prefix}.missed`] = (d, c) =>
    `told the coordinator ${words} missed the deadline${dueBy(d)}${outstanding(c, d)}`;
  PHRASES[`${prefix}.at-risk`] = (d, c) => `warned that ${words} may miss the deadline${dueBy(d)}${outstanding(c, d)}`;
  PHRASES[`${prefix}.not-approved`] = (d) =>
    `warned that ${words} ${key === 'decision' ? 'is' : 'are'} not approved yet${dueBy(d)}`;
}

function decisionWords(verb: string, d: Detail, c: AuditContext): string {
  const outcomes = list(d['outcomes']).map((x) => {
    const o = x as Detail;
    const label = (RECOMMENDATION_LABEL as Record<string, string>)[String(o['outcome'])]?.toLowerCase() ?? 'an outcome';
    const cats = list(o['categories']).map((k) => (CATEGORY_LABEL as Record<string, string>)[String(k)]?.toLowerCase());
    return `${childWords(c, o['childId'])}: ${label}${cats.filter(Boolean).length ? ` (${joinWords(cats.filter(Boolean) as string[])})` : ''}`;
  });
  const overrides = list(d['overrides']).length;
  return `${verb}${outcomes.length ? `: ${outcomes.join('; ')}` : ''}${overrides ? `; the chair gave ${plural(overrides, 'reason')} for setting a safeguard aside` : ''}`;
}
