/**
 * The coordinator's worklist in words: what each item is and what to do about it, and what each
 * printed letter is ("Core group 2 invitation", never `core-group-cg2`). For the coordinator's own
 * desk (dashboard, API, CLI): names are shown, as on the conference page; never in a subject or log.
 */
import type { Conference } from '../domain/conference.ts';
import type { Urgency, WorkItem, WorkKind } from '../domain/worklist.ts';
import { calendarDate, london, shortDate, time } from './format.ts';
import type { TaskKind } from '../domain/tasks.ts';
import { attendeeWithName, childWithAge, taskWhat } from './labels.ts';

const FIXED_LETTERS: Record<string, string> = {
  invitation: 'Invitation to the conference',
  'updated-invitation': 'Updated invitation to the conference',
  cancellation: 'Cancellation of the conference',
  'decision-letter': 'Letter about the decision',
  minutes: 'Minutes of the conference',
  'record-bundle': 'Record of the conference (minutes and reports)',
};

/**
 * What a letter on the print queue is, in words. Core group letters share one document name per
 * core group (`core-group-cg2`), so the ledger key's step tells an invitation from a cancellation.
 */
export function letterTitle(document: string, ledgerKey?: string): string {
  const fixed = FIXED_LETTERS[document];
  // A correction's copy is sent per version (`circulate-minutes-a6-m3-v1`): the print room sees it is the corrected one.
  if (fixed && (document === 'minutes' || document === 'record-bundle') && /-m\d+-v\d+$/.test(ledgerKey ?? ''))
    return `Corrected ${fixed.charAt(0).toLowerCase()}${fixed.slice(1)}`;
  if (fixed) return fixed;
  const record = /^core-group-record-cg(\d+)$/.exec(document);
  if (record) return `Record of core group meeting ${record[1]}`;
  const cg = /^core-group-cg(\d+)$/.exec(document);
  if (cg)
    return ledgerKey?.startsWith('core-group-cancellations')
      ? `Cancellation of core group meeting ${cg[1]}`
      : `Invitation to core group meeting ${cg[1]}`;
  const action = /^plan-action-p(\d+)$/.exec(document);
  if (action) return `Reminder of plan action ${action[1]}`;
  return `Letter (${document.replace(/-/g, ' ')})`;
}

export const WORK_KIND_LABEL: Record<WorkKind, string> = {
  'failed-job': 'Failed jobs',
  'report-overdue': 'Reports overdue',
  'letter-to-print': 'Letters to print and post',
  'mail-to-confirm': 'Mail to confirm',
  arrangement: 'Arrangements to make',
  'explain-to-child': 'Decisions to explain to children',
  'birth-plan-due': 'Birth plans to agree',
  'invitation-unanswered': 'Invitations unanswered',
  'decision-to-approve': 'Decisions waiting for approval',
  'circulation-due': 'Decisions to circulate',
  'explanation-to-record': 'Parents to tell the decision',
  'minutes-due': 'Minutes due',
  'core-group-to-book': 'Core groups to book',
  'core-group-record-due': 'Core group records due',
  'review-to-confirm': 'Review conferences to confirm',
  'escalation-open': 'Disagreements escalated',
  'plan-action-overdue': 'Plan actions overdue',
  'follow-on-pending': 'Changes not yet carried out',
};

/** "Mon 4 Jan 2027 10:00". */
export const shortWhen = (iso: string): string => `${shortDate(iso)} ${time(iso)}`;

/** "3 days overdue", "due today at 17:00", "due Mon 4 Jan 2027 17:00". */
export function dueWords(urgency: Urgency, dueAt: string | undefined, now: Date): string {
  if (!dueAt) return 'now';
  if (urgency === 'today') return `due today at ${time(dueAt)}`;
  if (urgency === 'soon') return `due ${shortWhen(dueAt)}`;
  const late = now.getTime() - Date.parse(dueAt);
  const days = Math.floor(late / 86_400_000);
  const hours = Math.floor(late / 3_600_000);
  return days >= 1
    ? `${days} day${days === 1 ? '' : 's'} overdue (was due ${shortWhen(dueAt)})`
    : hours >= 1
      ? `${hours} hour${hours === 1 ? '' : 's'} overdue (was due ${time(dueAt)})`
      : `overdue (was due ${time(dueAt)})`;
}

/** The next thing to do about a task, by its kind. */
const TASK_NEXT: Record<TaskKind, string> = {
  'book-interpreter': 'Book the interpreter, then record it as booked and confirmed.',
  'arrange-accessibility': 'Arrange it, then record it as arranged.',
  'refer-to-advocacy': 'Make the referral, then record it as referred.',
  'explain-decision': 'Ask the social worker to explain it to the child, then record it as explained.',
  'agree-birth-plan': 'Ask the social worker for the birth plan, then record it as agreed.',
};

/**
 * What the item is and the next thing to do, for the coordinator. The person (or child) it is about
 * by name, as on the conference's page: "Child 1: Ruby Testfamily, aged 13", never an id.
 */
export function workWords(
  item: WorkItem,
  c: Pick<Conference, 'attendees' | 'children' | 'decision'>,
  now: Date,
): { what: string; next: string } {
  const a = item.attendeeId ? c.attendees.find((x) => x.id === item.attendeeId) : undefined;
  const child = !a && item.attendeeId ? c.children.find((x) => x.id === item.attendeeId) : undefined;
  const who = a ? attendeeWithName(a) : child ? childWithAge(c, child, now, true) : 'someone no longer listed';
  switch (item.kind) {
    case 'failed-job': {
      if (item.refused?.length) {
        const whose = item.refused.map((r) => {
          const x = r.attendeeId ? c.attendees.find((p) => p.id === r.attendeeId) : undefined;
          const person = x
            ? attendeeWithName(x)
            : r.attendeeId
              ? 'someone no longer listed'
              : 'an address not on the conference';
          return `${r.manager ? `the manager of ${person}` : person} (${r.reason})`;
        });
        return {
          what: `The mail server refused the email address of ${whose.join('; and of ')}: ${item.step ?? 'an email'} not sent`,
          next: 'Check the address with them, then correct it (Attendees: Correct an email address): the email is then sent again.',
        };
      }
      return {
        what: `A job failed: ${item.step ?? 'unknown step'} (${item.reason ?? 'no reason given'})`,
        next: 'Check the reason, then retry the job.',
      };
    }
    case 'report-overdue':
      return {
        what: `Report overdue from ${who}${item.escalated ? ' (escalated to their manager)' : ''}`,
        next: item.escalated
          ? 'Phone them or their manager: the reminders and the escalation have gone.'
          : 'Phone them: the reminders have gone.',
      };
    case 'letter-to-print':
      return {
        what: `${letterTitle(item.document ?? '', item.ledgerKey)} for ${who}, by post`,
        next: 'Print the letter, post it, then mark it printed.',
      };
    case 'mail-to-confirm':
      return {
        what: `Mail that looks like ${who}’s report is waiting`,
        next: 'Check with them, then confirm it as their report or reject it.',
      };
    case 'arrangement':
    case 'explain-to-child':
    case 'birth-plan-due':
      return item.taskKind
        ? { what: `${taskWhat(item.taskKind, item.detail)}: for ${who}`, next: TASK_NEXT[item.taskKind] }
        : { what: `An arrangement for ${who} is not yet confirmed`, next: 'Book it, then record it as arranged.' };
    case 'invitation-unanswered':
      return { what: `${who} has not answered the invitation`, next: 'Phone them to check they can come.' };
    case 'decision-to-approve':
      return {
        what: 'The chair’s decision is waiting for approval',
        next: 'Ask the chair to approve the decision so it can be circulated.',
      };
    case 'circulation-due':
      return {
        what: 'The approved decision is still being circulated',
        next: 'Check who is still waiting for their copy.',
      };
    case 'explanation-to-record':
      return {
        what: `Nobody has recorded telling ${who} the decision (their letter is held until it is, or was released without it)`,
        next: 'Ask the chair or the social worker to tell them and record it, with how they gave their view. If they cannot be reached, the chair or you can send a held letter without it, saying why.',
      };
    case 'minutes-due':
      return {
        what: 'The minutes have not been circulated',
        next: 'Chase the minutes with the minute taker and the chair.',
      };
    case 'core-group-to-book':
      return { what: 'The first core group meeting is not booked', next: 'Book the first core group meeting.' };
    case 'core-group-record-due':
      return {
        what: `The record of core group ${(item.detail ?? '').replace(/^cg/, '')} has not gone to its members`,
        next: 'Ask the core group chair to record the meeting so it is circulated.',
      };
    case 'review-to-confirm':
      return {
        what: 'A drafted review conference is waiting for you',
        next: 'Check its date and attendees, then confirm it.',
      };
    case 'plan-action-overdue': {
      const row = c.decision?.plan.find((r) => r.id === item.detail);
      const n = (item.detail ?? '').replace(/^p/, '');
      const due = row?.dueOn ? ` (due ${calendarDate(row.dueOn)})` : '';
      return {
        what: `Plan action ${n} is overdue${due}: ${row?.task ?? 'an action no longer in the plan'}, ${item.attendeeId ? `owned by ${who}` : `by ${row?.byWhom ?? 'nobody named'}`}`,
        next: 'Ask the owner how it stands, then record it as done or give it a new date.',
      };
    }
    case 'follow-on-pending':
      return {
        what: `${FOLLOW_ON_WHAT[item.detail ?? ''] ?? 'A saved change'} could not be queued yet (retried automatically)`,
        next: 'Nothing to change on the conference. If it stays, ask the service’s support to check the job queue.',
      };
    case 'escalation-open': {
      const ch = c.children.find((x) => x.id === item.childId);
      const about = ch ? childWithAge(c, ch, now, true) : 'a child no longer on the conference';
      return {
        what: `${a ? attendeeWithName(a) : 'The family'} disagrees with the decision for ${about}: escalated`,
        next: 'Follow it up with the people on its route, then record the outcome.',
      };
    }
  }
}

/** The follow-on work still to do, by its kind (domain/follow-on.ts). */
const FOLLOW_ON_WHAT: Record<string, string> = {
  create: 'The new conference’s invitations and report requests',
  approve: 'The approved decision’s letters',
  replan: 'The invitations for the new time',
  withdraw: 'The notices telling everyone invited that the meeting is not going ahead',
  close: 'The removal of the closed conference’s reminders',
  effects: 'What follows from a saved change (an invitation, a notice, a reminder)',
};

/** Whole London days from `now` to `iso`: 0 today, 1 tomorrow, -1 yesterday. */
function daysAway(iso: string, now: Date): number {
  const a = london(iso).startOf('day');
  const b = london(now.toISOString()).startOf('day');
  return Math.round(a.diff(b, 'days').days);
}

/** "Mon 4 Jan 2027 10:00 (in 3 days)", "(today)", "(tomorrow)", "(2 days ago)". */
export function whenRelative(iso: string, now: Date): string {
  const d = daysAway(iso, now);
  const rel =
    d === 0 ? 'today' : d === 1 ? 'tomorrow' : d === -1 ? 'yesterday' : d > 0 ? `in ${d} days` : `${-d} days ago`;
  return `${shortWhen(iso)} (${rel})`;
}

/**
 * A conference's time as both sides see it: "Mon 4 Jan 2027: parents 10:00, professionals 10:30
 * (in 3 days)", or one time where the parents have no slot of their own.
 */
export function meetingTimes(
  t: { parentsJoinAt?: string; professionalsJoinAt: string; startsAt: string },
  now: Date,
): string {
  const pros = t.professionalsJoinAt || t.startsAt;
  const d = daysAway(pros, now);
  const rel =
    d === 0 ? 'today' : d === 1 ? 'tomorrow' : d === -1 ? 'yesterday' : d > 0 ? `in ${d} days` : `${-d} days ago`;
  if (t.parentsJoinAt && t.parentsJoinAt !== pros)
    return `${shortDate(pros)}: parents ${time(t.parentsJoinAt)}, professionals ${time(pros)} (${rel})`;
  return `${shortDate(pros)} ${time(pros)} (${rel})`;
}
