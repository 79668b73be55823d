/**
 * Invitation for someone who comes with the family rather than being family: a supporter (a friend,
 * relative or a solicitor attending as supporter), an advocate or an interpreter. It says who they
 * come with — "a parent" or "a carer", never a name — when to come, what the meeting is and what
 * their part is. An interpreter is told the language and joins when the person they interpret for
 * does (that person's time with the chair included), with the same joining details, never more.
 * A child's advocate comes for the child: they join when the meeting starts (never a parent's time
 * with the chair) and get none of the parents' wording (bringing a solicitor, asking for an advocate).
 */
import type { Policy } from '../../domain/policy/schema.ts';
import type { AccessibilityNeed, ConferenceKind } from '../../domain/vocabulary.ts';
import { dateAndTime, longDate, sameLondonDay, shortDate, time } from '../format.ts';
import { answerBlocks, plainInvitation, whoWillBeThereBlocks, type PlainMeetingInput } from './family-invite.ts';
import { familyJoiningBlocks } from './joining.ts';
import { heading, list, notice, p, type Block } from './layout.ts';
import type { RenderedLetter } from './letter-text.ts';
import { companionChildrenLine, type InvitedAlready } from './family-invited.ts';

export type CompanionKind = 'supporter' | 'parents-advocate' | 'childs-advocate' | 'interpreter';

export interface CompanionInviteInput
  extends PlainMeetingInput, Pick<InvitedAlready, 'childrenInvited' | 'invitedUpdate'> {
  reference: string;
  policy: Policy;
  companion: CompanionKind;
  /** The conference's kind: a review decides whether each child *still* needs a plan. */
  kind?: ConferenceKind;
  /** Who they come with, by role only ("a parent", "a carer"); absent for a child's advocate or someone linked to nobody. */
  comesWith?: 'a parent' | 'a carer';
  /** When they join (their calendar start). */
  joinAt: string;
  /**
   * A child's advocate: the children they speak for, as the conference papers number them, with
   * their age and no name ("Child 1, aged 13"). Absent: the advocate was linked to no child.
   */
  supports?: readonly string[];
  /**
   * An interpreter: the language they interpret (their own record's, or the language of the person
   * they come with; British Sign Language for someone who asked for it). Absent: not known yet.
   */
  language?: string;
  /** `joinAt` is the parent's time with the chair before the others join (not for a child's advocate). */
  withParentBeforeOthers: boolean;
  recipient: { accessibilityNeeds: readonly AccessibilityNeed[] };
}

const WHAT: Record<CompanionKind, string> = {
  supporter: 'a supporter',
  'parents-advocate': 'an advocate',
  'childs-advocate': 'the advocate for the child',
  interpreter: 'the interpreter',
};

function introBlocks(input: CompanionInviteInput): Block[] {
  if (input.companion === 'childs-advocate') {
    if (input.supports?.length)
      return [
        p(
          `You are invited to a child protection meeting (called a conference) as the advocate for ${input.supports.length > 1 ? 'these children' : 'this child'}: ${input.supports.join('; ')}. The social worker or the advocacy service will tell you who they are.`,
        ),
      ];
    return [
      p(
        'You are invited to a child protection meeting (called a conference) as the advocate for the child the meeting is about.',
      ),
    ];
  }
  const whom = input.comesWith ?? 'a family member';
  if (input.companion === 'interpreter')
    return [
      p(
        `You are invited to a child protection meeting (called a conference) as the interpreter for ${whom}. You come with them: the meeting is about their family.`,
      ),
      input.language
        ? p(`Please interpret in ${input.language}.`)
        : p('The social worker will tell you which language they need.'),
    ];
  return [
    p(
      `You are invited to a child protection meeting (called a conference) as ${WHAT[input.companion]} for ${whom}. You come with them: the meeting is about their family.`,
    ),
  ];
}

function whenBlocks(input: CompanionInviteInput): Block[] {
  const ends = sameLondonDay(input.joinAt, input.endsAt) ? time(input.endsAt) : dateAndTime(input.endsAt);
  const person = input.comesWith === 'a carer' ? 'carer' : input.comesWith === 'a parent' ? 'parent' : 'family member';
  const withThem = `with the ${person} you ${input.companion === 'interpreter' ? 'interpret for' : 'come with'}`;
  const come =
    input.companion === 'childs-advocate'
      ? `Please join at ${time(input.joinAt)}, when the meeting starts.`
      : input.withParentBeforeOthers
        ? `Please join at ${time(input.joinAt)}, ${withThem}, before the other people join at ${time(input.professionalsJoinAt)}.`
        : `Please join at ${time(input.joinAt)}, ${withThem}.`;
  return [p(`The meeting is on ${longDate(input.joinAt)}.`), notice(come), p(`It should finish by about ${ends}.`)];
}

function meetingBlocks(input: Pick<CompanionInviteInput, 'kind'>): Block[] {
  return [
    heading('What the meeting is'),
    list([
      'Workers who know the family, such as the social worker, health visitor, school and police, meet with the family to talk about whether the children are safe and what help is needed.',
      'The chair runs the meeting. Sometimes the chair may ask someone to leave for a short time, and will explain why.',
      `The meeting decides whether each child ${input.kind === 'review' ? 'still needs' : 'needs'} a child protection plan. The chair makes the final decision.`,
    ]),
  ];
}

function partBlocks(input: CompanionInviteInput): Block[] {
  const person = input.comesWith === 'a carer' ? 'carer' : 'parent';
  switch (input.companion) {
    case 'supporter':
      return [
        heading('Your part'),
        p(
          `You are there for the ${person} you come with: to be with them, help them follow what is said and help them say what they think. You do not give a view of your own about the decision.`,
        ),
        p(
          'If you are a solicitor, you come as a supporter: the meeting is not a court, and you will not usually speak.',
        ),
        p('What you hear is private to the family. Please do not share it with anyone.'),
      ];
    case 'parents-advocate':
      return [
        heading('Your part'),
        p(
          `You are there for the ${person} you come with: to help them say what they think and make sure they are heard. You do not give a view of your own about the decision.`,
        ),
        p('What you hear is private to the family. Please do not share it with anyone.'),
      ];
    case 'interpreter':
      return [
        heading('Your part'),
        p(
          `You interpret for the ${input.comesWith ? person : 'family member'} you come with: everything said to them and everything they say, in full. You do not give a view or advice of your own.`,
        ),
        p(
          `If the chair asks the ${input.comesWith ? person : 'family member'} to leave for part of the meeting, you leave with them.`,
        ),
        p('What you hear is private to the family. Please do not share it with anyone.'),
      ];
    case 'childs-advocate':
      return [
        heading('Your part'),
        p(
          'You help the child share their views, wishes and feelings. You can come with the child, come instead of them, or pass their views to the chair.',
        ),
        p(
          'The child’s own views are kept apart from the parents’ views. If there is something the child does not want their family to know, tell the chair: the chair decides what may be shared with the family.',
        ),
        p('What you hear is private. Please do not share it with anyone.'),
      ];
  }
}

export function companionInvite(input: CompanionInviteInput): RenderedLetter {
  const { reference } = input;
  const role =
    input.companion === 'childs-advocate'
      ? 'as the child’s advocate'
      : input.companion === 'supporter'
        ? 'as a supporter'
        : input.companion === 'interpreter'
          ? 'as an interpreter'
          : 'as an advocate';
  const subject = input.invitedUpdate
    ? `Child protection meeting on ${shortDate(input.joinAt)}, ${role}: updated invitation (reference ${reference})`
    : input.updated
      ? `New time for a child protection meeting you are coming to ${role}: ${shortDate(input.joinAt)} (reference ${reference})`
      : `Child protection meeting on ${shortDate(input.joinAt)}, ${role} (reference ${reference})`;
  const preview = `Reference ${reference}: please join at ${time(input.joinAt)} on ${longDate(input.joinAt)}.`;
  const blocks: Block[] = [];
  if (input.invitedUpdate)
    blocks.push(
      notice('This replaces the earlier invitation: the time is the same, and it now says who else is invited.'),
    );
  else if (input.updated) blocks.push(notice('This replaces the earlier invitation: the time has changed.'));
  blocks.push(p('Hello,'), ...introBlocks(input), ...whenBlocks(input));
  blocks.push(...answerBlocks(input));
  blocks.push(...familyJoiningBlocks(input));
  blocks.push(...meetingBlocks(input), ...partBlocks(input));
  // Someone who comes with a parent is told of that parent's children invited (a child's advocate knows already).
  const invited = input.companion === 'childs-advocate' ? undefined : companionChildrenLine(input);
  if (invited) blocks.push(p(invited));
  blocks.push(...whoWillBeThereBlocks(input));
  return plainInvitation(input, { subject, preview, blocks, askWhom: 'the social worker' });
}
