/**
 * Invitation for a parent or carer, in plain language with no acronyms. It starts at the family's
 * time with the chair, says what will happen and who will be there (by role only, as the chair
 * approved), that they may bring a supporter, how a child can have an advocate, and how to complain.
 */
import { interpreterWanted, needsToArrange } from '../../domain/tasks.ts';
import { meetsChairFirst } from '../../domain/family-slots.ts';
import type { MeetingDetails } from '../../domain/conference-parts.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { AccessibilityNeed, ConferenceKind, MeetingMode } from '../../domain/vocabulary.ts';
import { longDate, sameLondonDay, shortDate, time, dateAndTime } from '../format.ts';
import { familyJoiningBlocks } from './joining.ts';
import { footer, heading, link, list, notice, p, replyCode, type Block } from './layout.ts';
import { renderLetter, type RenderedLetter } from './letter-text.ts';
import { aboutBlocks, afterBlocks, beforeBlocks } from './invite-guide.ts';
import { socialWorkerWords, type ContactPerson } from '../words.ts';
import { ACCESSIBILITY_NEED } from '../labels.ts';
import * as said from './family-invited.ts';

/**
 * What every plain-language invitation (a parent's or carer's, a supporter's or advocate's) says
 * about the meeting itself; built once per conference in invite-steps (`plainMeeting`).
 */
export interface PlainMeetingInput {
  professionalsJoinAt: string;
  endsAt: string;
  mode: MeetingMode;
  venue?: string;
  meeting?: MeetingDetails;
  /** Plain-language roles (see `familyRoleLabel`), approved by the chair: never names or addresses. */
  whoWillBeThere: readonly string[];
  /** False (the default) adds "The chair will confirm who is coming": the list is only derived from the roles invited. */
  whoWillBeThereApproved?: boolean;
  /** This person's own page to say whether they can come (no names in it). */
  rsvpUrl?: string;
  /** The core group meets straight after the conference (Hampshire), until this time. */
  coreGroupUntil?: string;
  /**
   * On paper (a letter by post or handed over): the short address to type and this person's reply
   * code instead of the link, which nobody can click or type; and no "reply to this email".
   */
  replyCode?: { address: string; code: string };
  /** The calendar file's copy: the link stays in the email, and the entry says where to find it. */
  linksInEmailOnly?: boolean;
  updated?: boolean;
}

export interface FamilyInviteInput extends PlainMeetingInput, said.InvitedAlready {
  reference: string;
  kind: ConferenceKind;
  policy: Policy;
  recipient: {
    interpreterNeeded: boolean;
    language?: string;
    accessibilityNeeds: readonly AccessibilityNeed[];
    /** The coordinator confirmed the interpreter is booked (tasks.ts): only then "has been booked". */
    interpreterBooked?: boolean;
    /** The coordinator confirmed the accessibility needs are arranged. */
    needsArranged?: boolean;
  };
  /** This update is because an arrangement for them was confirmed (the time is the same). */
  arrangementsUpdated?: boolean;
  /** The family's time with the chair (this parent's own slot where they have one); absent where the policy has no parents' slot. */
  parentsJoinAt?: string;
  /** True when this parent or carer has their own slot with the chair, apart from the other parent. */
  ownSlot?: boolean;
  /** Age of the oldest child, to decide whether to explain advocates; absent = explain anyway. */
  oldestChildAge?: number;
  /** How many of this parent's children the meeting is about: "your child" or "your children". @defaultValue 1 */
  childCount?: number;
  /** This parent's own children by first name (never in the calendar's copy: see invite-steps). */
  childNames?: readonly string[];
  /** The chair's name, and the social worker with how to reach them. */
  chair?: string;
  socialWorker?: ContactPerson;
}

/** How to say whether they can come: the personal link in an email, the reply code on paper. */
export function answerBlocks(input: PlainMeetingInput): Block[] {
  if (input.replyCode)
    return [
      p('Please tell us if you can come. The code is just for you:'),
      replyCode('Tell us if you can come', input.replyCode),
    ];
  if (input.rsvpUrl)
    return [
      p('Please tell us if you can come. This link is just for you:'),
      link('Tell us if you can come', input.rsvpUrl),
    ];
  if (input.linksInEmailOnly) return [p('Please tell us if you can come. See your email for your personal link.')];
  return [];
}

/** " or reply to this email", except on paper, where there is no email to reply to. */
export const orReply = (input: PlainMeetingInput): string => (input.replyCode ? '' : ' or reply to this email');

/** Words that must never reach a family letter. `PIN` is allowed: it is printed on every phone keypad. */
export const FAMILY_ALLOWED_CAPITALS: ReadonlySet<string> = new Set(['PIN']);

/**
 * Every all-capital word of two or more letters in `text`, except the conference reference, web
 * addresses and allowed words: a family letter should return none. A personal link's signed token is
 * random base64url, so `…-HBNU-…` inside it is not a word anyone reads as an acronym.
 */
export function findAcronyms(text: string, reference?: string): string[] {
  const prose = text.replace(/\bhttps?:\/\/[^\s<>"')\]]+/g, ' ');
  const stripped = reference ? prose.split(reference).join(' ') : prose;
  const found = stripped.match(/\b[A-Z]{2,}\b/g) ?? [];
  return [...new Set(found.filter((w) => !FAMILY_ALLOWED_CAPITALS.has(w)))];
}

function startBlocks(input: FamilyInviteInput): Block[] {
  const pro = time(input.professionalsJoinAt);
  const day = longDate(input.parentsJoinAt ?? input.professionalsJoinAt);
  const ends = sameLondonDay(input.professionalsJoinAt, input.endsAt) ? time(input.endsAt) : dateAndTime(input.endsAt);
  if (meetsChairFirst(input)) {
    const alone = input.ownSlot ? ' on your own' : '';
    return [
      p(`Your meeting is on ${day}.`),
      notice(
        `Please join at ${time(input.parentsJoinAt)} to talk with the chair${alone} before the other people join at ${pro}.`,
      ),
      p(`It should finish by about ${ends}.`),
    ];
  }
  return [
    p(`Your meeting is on ${day}.`),
    notice(`Please join at ${pro}, when the meeting starts.`),
    p(`It should finish by about ${ends}.`),
  ];
}

function whatHappens(policy: Policy, input: FamilyInviteInput): Block[] {
  // A review asks whether a plan is still needed: the children are on one already.
  const needs = input.kind === 'review' ? 'still needs' : 'needs';
  return [
    heading('What will happen'),
    list([
      `${meetsChairFirst(input) ? 'The chair will talk with you first' : 'When the meeting starts, the chair will welcome everyone'}, check you have seen the reports, and explain how the meeting will run.`,
      'Everyone will talk about what is going well, what they are worried about, and what needs to happen next.',
      'You can say what you think, and the chair will make sure you are heard.',
      'Sometimes the chair may ask someone to leave for a short time. If this happens, the chair will explain why.',
      (input.childCount ?? 1) > 1
        ? `The meeting will decide whether each of your children ${needs} a child protection plan. The chair makes the final decision.`
        : `The meeting will decide whether your child ${needs} a child protection plan. The chair makes the final decision.`,
      'At the end, the chair will tell you what has been decided. You will also get it in writing.',
    ]),
    ...(policy.reports.sharedWithFamilyFirst
      ? [
          p(
            'Before the meeting, the workers should show you their reports and talk them through with you. If you have not seen a report, tell the chair.',
          ),
        ]
      : []),
  ];
}

/** A pre-birth conference about a baby not born yet (no child with a date of birth): no child's views to ask for. */
export const babyNotBornYet = (input: Pick<FamilyInviteInput, 'kind' | 'oldestChildAge'>): boolean =>
  input.kind === 'pre-birth' && input.oldestChildAge === undefined;

function childBlocks(input: FamilyInviteInput): Block[] {
  // "Your child may come… a child aged 11 can have an advocate" is not for a baby not born yet.
  if (babyNotBornYet(input)) return [];
  const part = input.policy.participation;
  const blocks: Block[] = [];
  // A child of theirs already invited is said plainly; "may be able to come" is for the others.
  const invited = said.childrenInvitedLine(input);
  const others = said.otherChildren(input);
  if (invited) blocks.push(p(invited));
  if (part.childMayAttend && others !== '') {
    const who = others ? `${others.charAt(0).toUpperCase()}${others.slice(1)}` : 'Your child';
    blocks.push(
      p(
        `${who} may be able to come to the meeting, or share their views another way. Talk to the social worker about this.`,
      ),
    );
  }
  const age = part.advocateOfferedFromAge;
  if (age !== undefined && (input.oldestChildAge === undefined || input.oldestChildAge >= age)) {
    const from = part.advocacyService ? ` Advocates come from ${part.advocacyService}.` : '';
    blocks.push(
      p(
        `A child aged ${age} or over can have an advocate: an independent person who helps them share their views, wishes and feelings. The advocate can help your child come to the meeting, come instead of them, or pass their views to the chair.${from} To ask for an advocate, tell the social worker${orReply(input)}.`,
      ),
    );
  }
  return blocks.length ? [heading('Your child’s views'), ...blocks] : [];
}

function supportBlocks(input: FamilyInviteInput): Block[] {
  const r = input.recipient;
  const blocks: Block[] = [
    heading('Bringing someone with you'),
    p(said.supporterLine(input)),
    p(
      // A baby not born yet cannot mind who comes: the check is for children who can be asked.
      `${input.solicitorInvited ? 'Your solicitor has been invited too. They come as a supporter' : 'You can bring a solicitor, but only as a supporter'}: the meeting is not a court, and they will not usually speak.${babyNotBornYet(input) ? '' : ` The chair will check that ${(input.childCount ?? 1) > 1 ? 'your children do' : 'your child does'} not mind the person you bring hearing private information about them.`}`,
    ),
  ];
  if (r.interpreterNeeded) {
    const who = interpreterWanted(r);
    // Only a confirmed booking is promised; until then the family hears it is in hand.
    blocks.push(
      p(
        r.interpreterBooked
          ? `${who.charAt(0).toUpperCase()}${who.slice(1)} has been booked for you.`
          : `We are arranging ${who} for you. We will tell you when it is booked.`,
      ),
    );
  }
  // A British Sign Language interpreter is the interpreter above (one need, one booking).
  const needs = needsToArrange(r).map((n) => ACCESSIBILITY_NEED[n]);
  if (needs.length) {
    blocks.push(p('You told us you need:'), list(needs));
    blocks.push(
      p(
        `${r.needsArranged ? 'These have been arranged.' : 'We are arranging these.'} If something is missing or anything else would help, tell the social worker${orReply(input)}.`,
      ),
    );
  }
  return blocks;
}

/** The invitation's subject and preview (the easy read letter has the same). */
export function familyInviteHeadline(input: FamilyInviteInput): { subject: string; preview: string } {
  const { reference } = input;
  const first = input.parentsJoinAt ?? input.professionalsJoinAt;
  const what = input.parentsJoinAt ? 'meeting with the chair' : 'child protection meeting';
  const subject = input.arrangementsUpdated
    ? `Your ${what} on ${shortDate(first)}: arrangements confirmed (reference ${reference})`
    : input.invitedUpdate
      ? `Your ${what} on ${shortDate(first)}: updated invitation (reference ${reference})`
      : input.updated
        ? `New time for your ${what}: ${shortDate(first)} (reference ${reference})`
        : `Your ${what} on ${shortDate(first)} (reference ${reference})`;
  return { subject, preview: `Reference ${reference}: please join at ${time(first)} on ${longDate(first)}.` };
}

export function familyInvite(input: FamilyInviteInput): RenderedLetter {
  const { policy } = input;
  const { subject, preview } = familyInviteHeadline(input);

  const blocks: Block[] = [];
  const replaces = said.replacesEarlierLetter(input);
  if (replaces) blocks.push(notice(replaces));
  blocks.push(p('Hello,'));
  blocks.push(p('You are invited to a child protection meeting (called a conference) about your family.'));
  blocks.push(...aboutBlocks(input));
  blocks.push(...startBlocks(input));
  blocks.push(...answerBlocks(input));
  blocks.push(...familyJoiningBlocks(input));
  blocks.push(...whatHappens(policy, input));
  if (input.coreGroupUntil)
    blocks.push(
      p(
        `If the meeting decides on a child protection plan, a smaller group (called the core group: you and the main workers) meets straight after it, until about ${time(input.coreGroupUntil)}, to start the plan.`,
      ),
    );
  blocks.push(...whoWillBeThereBlocks(input));
  blocks.push(...beforeBlocks(policy));
  blocks.push(...supportBlocks(input));
  blocks.push(...childBlocks(input));
  blocks.push(...afterBlocks(input));
  blocks.push(heading('If you are unhappy'), p(policy.complaints));
  return plainInvitation(input, { subject, preview, blocks, askWhom: socialWorkerWords(input.socialWorker) });
}

/** "Who will be there", as the chair approved it (until then, "the chair will confirm"). */
export function whoWillBeThereBlocks(input: PlainMeetingInput): Block[] {
  if (!input.whoWillBeThere.length) return [];
  return [
    heading('Who will be there'),
    list([...input.whoWillBeThere]),
    ...(input.whoWillBeThereApproved ? [] : [p('The chair will confirm who is coming.')]),
  ];
}

/** Every plain-language invitation ends the same way: whom to ask, then the letter in the reader's print size. */
export function plainInvitation(
  input: PlainMeetingInput & {
    reference: string;
    policy: Policy;
    recipient: { accessibilityNeeds: readonly AccessibilityNeed[] };
  },
  letter: { subject: string; preview: string; blocks: Block[]; askWhom: string },
): RenderedLetter {
  const ask = input.replyCode
    ? `If you have any questions, contact ${letter.askWhom}.`
    : `If you have any questions, reply to this email or contact ${letter.askWhom}.`;
  return renderLetter({
    subject: letter.subject,
    preview: letter.preview,
    blocks: [...letter.blocks, p(ask)],
    footer: footer(input.policy, input.reference, 'family'),
    largePrint: input.recipient.accessibilityNeeds.includes('large-print'),
  });
}
