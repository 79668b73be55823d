/**
 * Core group meetings: the invitation (a professional's, a plain-language one for the family, and
 * one for whoever comes with a family member: a supporter, advocate or interpreter, all with the
 * video link and every dial-in), its cancellation, and the nag to the social worker and the core
 * group chair when none is booked. No names: the reference and roles only.
 */
import type { MeetingDetails } from '../../domain/conference-parts.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { MeetingMode } from '../../domain/vocabulary.ts';
import type { CompanionKind } from './companion-invite.ts';
import { dateAndTime, longDate, sameLondonDay, shortDate, time } from '../format.ts';
import { joiningBlocks } from './joining.ts';
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
import { renderLetter, type RenderedLetter } from './letter-text.ts';

/**
 * Who comes with a family member to the core group (companion-invite.ts says the same of the
 * conference): their kind, whom they come with by role (never a name) and, for an interpreter, the
 * language. They get the time and joining details of the parent they come with, nothing more.
 */
export interface CoreGroupCompanion {
  kind: CompanionKind;
  comesWith?: 'a parent' | 'a carer';
  language?: string;
}

export interface CoreGroupInviteInput {
  reference: string;
  policy: Policy;
  /** `companion`: someone who comes with a family member (`companion` says who). */
  audience: 'professional' | 'family' | 'companion';
  companion?: CoreGroupCompanion;
  /** `cg1` is the first core group. */
  number: number;
  startsAt: string;
  endsAt: string;
  mode: MeetingMode;
  venue?: string;
  meeting?: MeetingDetails;
  /** Who chairs it, by role (never a name for the family). */
  chairedBy: string;
  /** Members by role. */
  members: readonly string[];
  /** An update of an earlier invitation (the time, place or chair changed). */
  updated?: boolean;
  cadence?: string;
  /** This person's page to answer (email only; never in a calendar file). */
  rsvpUrl?: string;
  /** A letter on paper (by post or handed over): the phone numbers are only to call. */
  onPaper?: boolean;
}

const which = (n: number) => (n === 1 ? 'first core group' : `core group ${n}`);

function whenLine(input: CoreGroupInviteInput): string {
  const ends = sameLondonDay(input.startsAt, input.endsAt) ? time(input.endsAt) : dateAndTime(input.endsAt);
  return `${longDate(input.startsAt)}, ${time(input.startsAt)} to ${ends}`;
}

const COMPANION_AS: Record<CompanionKind, string> = {
  supporter: 'a supporter',
  'parents-advocate': 'an advocate',
  'childs-advocate': 'the advocate for the child',
  interpreter: 'the interpreter',
};

/**
 * Who a companion comes as, in a few words: 'the interpreter for a parent', 'a supporter for a
 * carer', 'the advocate for the child' (never a name).
 */
export const companionAs = (c: CoreGroupCompanion): string =>
  c.kind === 'childs-advocate'
    ? COMPANION_AS[c.kind]
    : `${COMPANION_AS[c.kind]} for ${c.comesWith ?? 'a family member'}`;

/** The family member a companion comes with, by role: 'parent', 'carer', or 'family member' when linked to nobody. */
const personOf = (c: CoreGroupCompanion) =>
  c.comesWith === 'a carer' ? 'carer' : c.comesWith === 'a parent' ? 'parent' : 'family member';

function companionPart(c: CoreGroupCompanion): Block[] {
  const person = personOf(c);
  const intro =
    c.kind === 'childs-advocate'
      ? 'You are invited to a core group meeting as the advocate for the child the child protection plan is about.'
      : `You are invited to a core group meeting as ${companionAs(c)}. You come with them: the meeting is about their family.`;
  const part =
    c.kind === 'interpreter'
      ? [
          p(
            `You interpret for the ${person} you come with: everything said to them and everything they say, in full. You do not give a view or advice of your own.`,
          ),
          p(`If the chair asks the ${person} to leave for part of the meeting, you leave with them.`),
        ]
      : c.kind === 'childs-advocate'
        ? [p('You help the child share their views, wishes and feelings, as at the conference.')]
        : [
            p(
              `You are there for the ${person} you come with, as at the conference. You do not give a view of your own.`,
            ),
          ];
  return [
    p('Hello,'),
    p(intro),
    ...(c.kind === 'interpreter'
      ? [
          c.language
            ? p(`Please interpret in ${c.language}.`)
            : p('The social worker will tell you which language they need.'),
        ]
      : []),
    p(
      'The core group is the family and the main workers who help them. It meets to check how the child protection plan is going and what needs to happen next.',
    ),
    ...part,
    p('What you hear is private to the family. Please do not share it with anyone.'),
  ];
}

const companionRole = (c: CoreGroupCompanion) =>
  c.kind === 'interpreter' ? 'as an interpreter' : c.kind === 'supporter' ? 'as a supporter' : 'as an advocate';

export function coreGroupInvite(input: CoreGroupInviteInput): RenderedLetter {
  const { reference, policy } = input;
  const companion = input.audience === 'companion' ? (input.companion ?? { kind: 'supporter' }) : undefined;
  const family = input.audience !== 'professional';
  const updated = input.updated
    ? family
      ? 'The time or place has changed. '
      : 'Updated: this replaces the earlier invitation. '
    : '';
  // The venue, the meeting and, for a letter on paper, numbers only to call (onPaper).
  const joining = joiningBlocks({
    ...input,
    occasion: 'core group meeting',
    audience: family ? 'family' : 'professional',
  });
  const answer = input.rsvpUrl
    ? [link(family ? 'Tell us if you can come' : 'Say whether you will attend', input.rsvpUrl)]
    : [];
  if (companion) {
    const withThem = `with the ${personOf(companion)} you ${companion.kind === 'interpreter' ? 'interpret for' : 'come with'}`;
    return renderLetter({
      subject: `${input.updated ? 'Changed: ' : ''}Core group meeting ${companionRole(companion)} (reference ${reference})`,
      preview: `Reference ${reference}: core group meeting on ${shortDate(input.startsAt)}.`,
      blocks: [
        ...companionPart(companion),
        notice(`${updated}The ${which(input.number)} meeting is on ${whenLine(input)}.`),
        p(
          companion.kind === 'childs-advocate'
            ? `Please join at ${time(input.startsAt)}.`
            : `Please join at ${time(input.startsAt)}, ${withThem}.`,
        ),
        p(`It is chaired by ${input.chairedBy}.`),
        heading('Who will be there'),
        list([...input.members]),
        ...joining,
        ...answer,
        p('If you have any questions, contact the social worker.'),
      ],
      footer: footer(policy, reference, 'family'),
    });
  }
  if (family) {
    return renderLetter({
      subject: `${input.updated ? 'Changed: ' : ''}Core group meeting (reference ${reference})`,
      preview: `Reference ${reference}: core group meeting on ${shortDate(input.startsAt)}.`,
      blocks: [
        p('Hello,'),
        p(
          'The core group is you and the main workers who help your family. It meets to check how the child protection plan is going and what needs to happen next.',
        ),
        notice(`${updated}The ${which(input.number)} meeting is on ${whenLine(input)}.`),
        p(`It is chaired by ${input.chairedBy}.`),
        heading('Who will be there'),
        list([...input.members]),
        ...joining,
        ...answer,
        ...(input.cadence ? [p(`The core group meets at least every ${input.cadence}.`)] : []),
        p('You may bring someone to support you. If you have any questions, contact your social worker.'),
      ],
      footer: footer(policy, reference, 'family'),
    });
  }
  return renderLetter({
    subject: `${input.updated ? 'Updated: ' : ''}${reference}: ${which(input.number)} ${shortDate(input.startsAt)} ${time(input.startsAt)}`,
    preview: `${reference}: ${which(input.number)} on ${shortDate(input.startsAt)}.`,
    blocks: [
      notice(`${updated}You are a member of the core group for ${reference}.`),
      facts([
        ['When', whenLine(input)],
        ['Chair', input.chairedBy],
        ['Members', input.members.join(', ')],
        ...(input.cadence ? ([['Core groups', `at least every ${input.cadence}`]] as [string, string][]) : []),
      ]),
      ...joining,
      ...answer,
      p('Bring progress against each plan action you own. The core group record is circulated to members afterwards.'),
    ],
    footer: footer(policy, reference),
  });
}

export function coreGroupCancellation(input: {
  reference: string;
  policy: Policy;
  /** `companion`: someone who comes with a family member (not their social worker, not their meeting). */
  audience: 'professional' | 'family' | 'companion';
  number: number;
  startsAt: string;
}): RenderedLetter {
  const family = input.audience !== 'professional';
  const text = `The ${which(input.number)} meeting on ${longDate(input.startsAt)} at ${time(input.startsAt)} is cancelled.`;
  return renderLetter({
    subject: family
      ? `Cancelled: core group meeting (reference ${input.reference})`
      : `Cancelled: ${input.reference}: ${which(input.number)} ${shortDate(input.startsAt)}`,
    preview: `Reference ${input.reference}: ${which(input.number)} cancelled.`,
    blocks: [
      notice(text),
      p(
        input.audience === 'companion'
          ? 'You do not need to come. Please remove it from your calendar. If it meets on another day, you will be invited again. If you have any questions, contact the social worker.'
          : family
            ? 'Your social worker will tell you when it will meet instead.'
            : 'A new date will follow from the social worker or the core group chair.',
      ),
    ],
    footer: footer(input.policy, input.reference, 'family'),
  });
}

export function coreGroupNag(input: {
  reference: string;
  policy: Policy;
  dueBy: string;
  lastOn?: string;
  cadence?: string;
  /** The recipient's own core group page, where they book the next one (none: they ask the coordinator). */
  bookUrl?: string;
}): RenderedEmail {
  const since = input.lastOn ? `The last core group met on ${longDate(input.lastOn)}` : 'No core group has met yet';
  return renderEmail({
    subject: `${input.reference}: no core group booked, due by ${shortDate(input.dueBy)}`,
    preview: `${input.reference}: book the next core group by ${shortDate(input.dueBy)}.`,
    blocks: [
      notice(`No core group is booked, and the next one must meet by ${dateAndTime(input.dueBy)}.`),
      p(
        `${since}.${input.cadence ? ` Under the ${input.policy.shortName} policy core groups meet at least every ${input.cadence}.` : ''}`,
      ),
      ...(input.bookUrl
        ? [
            p(
              'Book it on your own core group page (date and time, length, how people meet, venue and who chairs it): every member is invited. Or ask the conference coordinator.',
            ),
            link('Book the next core group', input.bookUrl),
          ]
        : [p('Ask the conference coordinator to book it.')]),
    ],
    footer: footer(input.policy, input.reference),
  });
}

/** A core group met and its record has not gone to the members by its deadline: to the social worker and its chair. */
export function coreGroupRecordChaser(input: {
  reference: string;
  policy: Policy;
  number: number;
  metOn: string;
  dueAt: string;
  within: string;
  recordUrl: string;
}): RenderedEmail {
  return renderEmail({
    subject: `${input.reference}: ${which(input.number)} record not circulated, was due ${shortDate(input.dueAt)}`,
    preview: `${input.reference}: record the ${which(input.number)} so its members get it.`,
    blocks: [
      notice(
        `The ${which(input.number)} met on ${dateAndTime(input.metOn)}, and its record was due to reach the members by ${dateAndTime(input.dueAt)}. Nothing has been recorded.`,
      ),
      p(
        `Under the ${input.policy.shortName} policy a core group's record goes to its members within ${input.within} of the meeting. Record attendance, progress on each plan action and the notes, and it is sent to every member at once (the family's copy without the confidential notes).`,
      ),
      p(
        `Record it with POST ${input.recordUrl} (present, apologies, progress, scaling, notes), or ask the conference coordinator.`,
      ),
    ],
    footer: footer(input.policy, input.reference),
  });
}
