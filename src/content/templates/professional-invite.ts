/** Invitation for a professional: reference, role, join time, how to join, the report expected. */
import type { Attendee, MeetingDetails } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { REPORTING_ROLES, type ConferenceKind, type MeetingMode, type Role } from '../../domain/vocabulary.ts';
import { dateAndTime, longDate, sameLondonDay, shortDate, time } from '../format.ts';
import { confidentialityBlocks, joiningBlocks } from './joining.ts';
import {
  footer,
  facts,
  heading,
  link,
  list,
  notice,
  p,
  renderEmail,
  type Block,
  type RenderedEmail,
} from './layout.ts';
import { whoItIsAboutBlocks, whoItIsAboutFor, type WhoItIsAbout } from './who-it-is-about.ts';
import { kindLabel, reportSections, roleLabel, SHARE_WITH_FAMILY, whereToSend } from '../words.ts';

export interface ProfessionalInviteInput {
  reference: string;
  kind: ConferenceKind;
  policy: Policy;
  recipient: { role: Role; agency?: string };
  /** When this recipient joins: the chair at the first parents' slot, others when professionals join. ISO instant. */
  joinAt: string;
  /** When professionals join (after the parents' slot, or early where the policy asks). @defaultValue joinAt */
  professionalsJoinAt?: string;
  endsAt: string;
  /** Start of the chair's slot with the parents, when the calendar entry starts before `joinAt`. */
  parentsJoinAt?: string;
  mode: MeetingMode;
  venue?: string;
  meeting?: MeetingDetails;
  /** This recipient's report deadline; absent when they are not asked for a report. */
  reportDueAt?: string;
  /** When their report arrived, if it is in: the invitation thanks them instead of asking for it. */
  reportReceivedAt?: string;
  /** A reschedule: says that this replaces the earlier invitation. */
  updated?: boolean;
  /** This recipient's personal pages (answer, report upload, chair's page): not to be forwarded. */
  personalLinks?: { label: string; href: string }[];
  /** The calendar file's copy: the links stay in the email, and the entry says where to find them. */
  linksInEmailOnly?: boolean;
  /** The children and parents, for a professional (body only); absent for anyone else and in calendar files. */
  whoItIsAbout?: WhoItIsAbout;
  /** The policy keeps names on the personal link page only: the email says where to find them. */
  namesOnPageOnly?: boolean;
  /** The core group meets straight after (Hampshire): the calendar entry runs until then. */
  coreGroupUntil?: string;
}

/**
 * Said in a calendar entry instead of the personal links: calendars are shared with delegates and
 * synced to phones, so the links (which act as the person) stay in the email.
 */
export const CALENDAR_LINK_NOTE = 'See your email for your personal link.';

/** Maps the aggregate onto the template's input for one attendee. */
export function professionalInviteInput(
  conference: Conference,
  attendee: Attendee,
  policy: Policy,
  options: { updated?: boolean } = {},
): ProfessionalInviteInput {
  const t = conference.timetable;
  const report = conference.reports[attendee.id];
  const dueNow = attendee.role === 'social-worker' ? (t.socialWorkerReportDue ?? t.reportsDue) : t.reportsDue;
  // A report already in keeps the deadline it was sent against: a new time's invitation (after a
  // reschedule) thanks its author rather than asking for it by that old date.
  const received = report?.status === 'received' ? report.receivedAt : undefined;
  const reportDueAt = REPORTING_ROLES.has(attendee.role) ? (received ? dueNow : (report?.dueAt ?? dueNow)) : undefined;
  return {
    reference: conference.reference,
    kind: conference.kind,
    policy,
    recipient: { role: attendee.role, ...(attendee.agency ? { agency: attendee.agency } : {}) },
    joinAt: t.professionalsJoinAt,
    professionalsJoinAt: t.professionalsJoinAt,
    endsAt: t.endsAt,
    ...(t.parentsJoinAt ? { parentsJoinAt: t.parentsJoinAt } : {}),
    mode: conference.mode,
    ...(conference.venue ? { venue: conference.venue } : {}),
    ...(conference.meeting ? { meeting: conference.meeting } : {}),
    ...(reportDueAt ? { reportDueAt } : {}),
    ...(reportDueAt && received ? { reportReceivedAt: received } : {}),
    ...(options.updated ? { updated: true } : {}),
    ...whoItIsAboutFor(conference, policy, attendee),
  };
}

function reportBlocks(input: ProfessionalInviteInput): Block[] {
  if (!input.reportDueAt) return [];
  const { policy } = input;
  const f = policy.reports.format;
  if (input.reportReceivedAt)
    return [
      heading('Your report'),
      p(
        `We have your report, received ${dateAndTime(input.reportReceivedAt)}: thank you. If anything has changed, send an updated version by ${dateAndTime(input.reportDueAt)}.`,
      ),
      p(whereToSend(policy, input.reference, 'the-request')),
    ];
  const blocks: Block[] = [
    heading('Your report'),
    p(`Please send a written report by ${dateAndTime(input.reportDueAt)}.`),
    p(`Use the ${f.name} format, with these sections:`),
    list(reportSections(policy, input.kind)),
  ];
  if (f.guidance) blocks.push(p(f.guidance));
  if (policy.reports.sharedWithFamilyFirst) blocks.push(notice(SHARE_WITH_FAMILY));
  blocks.push(p(whereToSend(policy, input.reference, 'the-request')));
  return blocks;
}

export function professionalInvite(input: ProfessionalInviteInput): RenderedEmail {
  const { reference, policy } = input;
  const join = time(input.joinAt);
  const what = input.updated ? 'updated invitation, new time' : 'invitation';
  const subject = `Child protection conference ${reference}: ${what} (join ${join}, ${shortDate(input.joinAt)})`;
  const preview = `${reference}: ${kindLabel(input.kind)} on ${longDate(input.joinAt)}, join at ${join}.`;

  const when = `${longDate(input.joinAt)}, join at ${join}`;
  const ends = sameLondonDay(input.joinAt, input.endsAt) ? time(input.endsAt) : dateAndTime(input.endsAt);
  const blocks: Block[] = [];
  if (input.updated)
    blocks.push(notice('This replaces the earlier invitation: the time has changed. Please update your calendar.'));
  blocks.push(
    p(`You are invited to ${input.kind === 'initial' ? 'an' : 'a'} ${kindLabel(input.kind)}.`),
    facts([
      ['Reference', reference],
      ['Your role', roleLabel(input.recipient.role, input.recipient.agency)],
      ['When', `${when} (London time)`],
      ['Expected to finish', ends],
    ]),
    ...whoItIsAboutBlocks(input.whoItIsAbout, Boolean(input.namesOnPageOnly)),
  );
  const others = input.professionalsJoinAt ?? input.joinAt;
  if (input.parentsJoinAt && input.recipient.role === 'chair' && others !== input.joinAt) {
    blocks.push(
      p(`You meet the parents on their own first, from ${join}; the other professionals join at ${time(others)}.`),
    );
  } else if (input.parentsJoinAt && input.parentsJoinAt !== input.joinAt) {
    blocks.push(
      p(`The chair meets the family first, from ${time(input.parentsJoinAt)}. Please join at ${join}, not before.`),
    );
  } else if (!input.parentsJoinAt && policy.professionalsArriveEarlyMinutes > 0 && input.joinAt === others) {
    // The join time already is the early arrival: say when the conference itself starts. Not for
    // an interpreter, who joins at the start with the person they interpret for.
    const starts = new Date(Date.parse(input.joinAt) + policy.professionalsArriveEarlyMinutes * 60_000).toISOString();
    const early = `${policy.professionalsArriveEarlyMinutes} minutes early`;
    blocks.push(
      p(
        input.recipient.role === 'chair'
          ? `The conference starts at ${time(starts)}. Please join at ${join}, ${early}: the professionals join then to read the reports and speak to you.`
          : `The conference starts at ${time(starts)}. Please join at ${join}, ${early}, to read the reports and speak to the chair.`,
      ),
    );
  }
  if (input.coreGroupUntil)
    blocks.push(
      notice(
        `Where a child protection plan is made, the core group meets straight after the conference: this entry runs until ${time(input.coreGroupUntil)} to cover it.`,
      ),
    );
  blocks.push(
    ...joiningBlocks({ mode: input.mode, venue: input.venue, meeting: input.meeting, audience: 'professional' }),
  );
  blocks.push(...reportBlocks(input));
  if (input.personalLinks?.length)
    blocks.push(
      heading('Your personal links'),
      p('These links are for you alone: please do not forward them.'),
      ...input.personalLinks.map((l) => link(l.label, l.href)),
    );
  else if (input.linksInEmailOnly) blocks.push(heading('Your personal links'), p(CALENDAR_LINK_NOTE));
  blocks.push(...confidentialityBlocks(input.mode));
  blocks.push(
    // Calendar replies count only where the council's mail is authenticated (INBOUND_AUTH): the link always does.
    p(
      input.recipient.role === 'chair'
        ? `Please ${input.personalLinks?.length ? 'use "Say whether you will attend" above' : 'accept or decline the calendar invitation'} to confirm you will chair, and tell us as soon as possible if you cannot, so that another chair can be arranged.`
        : input.personalLinks?.length
          ? 'Please use "Say whether you will attend" above so the chair knows who is coming, and tell us as soon as possible if you cannot attend.'
          : 'Please accept or decline the calendar invitation so the chair knows who is coming, and tell us as soon as possible if you cannot attend.',
    ),
  );
  return renderEmail({
    subject,
    preview,
    blocks,
    footer: footer(policy, reference, 'mailbox'),
  });
}
