/**
 * The parent's or carer's invitation in easy read (easy-read.ts says who gets it): when and how to
 * join, the help they asked for, and how the child's voice is heard, one idea per line.
 */
import { interpreterWanted, needsToArrange } from '../../domain/tasks.ts';
import { meetsChairFirst } from '../../domain/family-slots.ts';
import type { AccessibilityNeed } from '../../domain/vocabulary.ts';
import { longDate, sameLondonDay, time, dateAndTime } from '../format.ts';
import {
  answerBlocks,
  babyNotBornYet,
  familyInviteHeadline,
  orReply,
  plainInvitation,
  whoWillBeThereBlocks,
  type FamilyInviteInput,
} from './family-invite.ts';
import { familyJoiningBlocks } from './joining.ts';
import { heading, list, notice, p, type Block } from './layout.ts';
import type { RenderedLetter } from './letter-text.ts';
import { socialWorkerWords } from '../words.ts';
import { aboutBlocks, afterBlocks, easyBeforeBlocks } from './invite-guide.ts';
import { lines } from './easy-read.ts';
import { childrenInvitedLine, otherChildren } from './family-invited.ts';

const NEED: Record<AccessibilityNeed, string> = {
  'easy-read': 'Easy read letters',
  'large-print': 'Large print',
  bsl: 'A British Sign Language interpreter',
  audio: 'Letters you can listen to',
  braille: 'Letters in braille',
  'step-free-access': 'No steps into the building',
  'hearing-loop': 'A hearing loop',
};

function whenBlocks(input: FamilyInviteInput): Block[] {
  const start = input.parentsJoinAt ?? input.professionalsJoinAt;
  const ends = sameLondonDay(input.professionalsJoinAt, input.endsAt) ? time(input.endsAt) : dateAndTime(input.endsAt);
  const blocks: Block[] = [
    heading('When'),
    p(`The day is ${longDate(start)}.`),
    notice(`Please come at ${time(start)}.`),
  ];
  if (meetsChairFirst(input))
    blocks.push(
      ...lines(
        `First you talk with the chair${input.ownSlot ? ' on your own' : ''}.`,
        'The chair runs the meeting.',
        `Other people come at ${time(input.professionalsJoinAt)}.`,
      ),
    );
  blocks.push(p(`The meeting ends at about ${ends}.`));
  return blocks;
}

function helpBlocks(input: FamilyInviteInput): Block[] {
  const r = input.recipient;
  const blocks: Block[] = [
    heading('Help for you'),
    ...lines(
      ...(input.supporterInvited
        ? ['Your supporter has been invited too.', 'They can help you say what you think.']
        : ['You can bring a friend or relative.', 'They can help you say what you think.']),
      ...(input.solicitorInvited
        ? ['Your solicitor has been invited too.', 'They come as a supporter.']
        : ['You can bring a solicitor as a supporter.']),
    ),
  ];
  if (r.interpreterNeeded) {
    const who = interpreterWanted(r);
    blocks.push(
      ...(r.interpreterBooked
        ? lines(`${who.charAt(0).toUpperCase()}${who.slice(1)} has been booked for you.`)
        : lines(`We are arranging ${who} for you.`, 'We will tell you when it is booked.')),
    );
  }
  // A British Sign Language interpreter is the interpreter above (one need, one booking).
  const needs = needsToArrange(r);
  if (needs.length) {
    blocks.push(p('You asked for:'), list(needs.map((n) => NEED[n])));
    blocks.push(
      ...lines(
        r.needsArranged ? 'These have been arranged.' : 'We are arranging these.',
        `If something is missing, tell the social worker${orReply(input)}.`,
      ),
    );
  }
  return blocks;
}

function childVoiceBlocks(input: FamilyInviteInput): Block[] {
  if (babyNotBornYet(input)) return [];
  const part = input.policy.participation;
  const blocks: Block[] = [];
  const invited = childrenInvitedLine(input);
  const others = otherChildren(input);
  if (invited) blocks.push(...lines(invited));
  if (part.childMayAttend && others !== '') {
    const who = others ?? 'your child';
    blocks.push(
      ...lines(
        `${who.charAt(0).toUpperCase()}${who.slice(1)} may be able to come to the meeting.`,
        `Or ${who} can tell us what they think another way.`,
        'Talk to the social worker about this.',
      ),
    );
  }
  const age = part.advocateOfferedFromAge;
  if (age !== undefined && (input.oldestChildAge === undefined || input.oldestChildAge >= age))
    blocks.push(
      ...lines(
        `A child aged ${age} or over can have an advocate.`,
        'An advocate helps a child say what they think.',
        `To ask for an advocate, tell the social worker${orReply(input)}.`,
      ),
    );
  return blocks.length ? [heading('Your child'), ...blocks] : [];
}

/** The parent's or carer's invitation in easy read. */
export function easyReadInvite(input: FamilyInviteInput): RenderedLetter {
  const { subject, preview } = familyInviteHeadline(input);
  const children = (input.childCount ?? 1) > 1 ? 'your children' : 'your child';
  const blocks: Block[] = [];
  if (input.arrangementsUpdated)
    blocks.push(
      notice('This letter replaces the last one. The time is the same. What we arranged for you is confirmed.'),
    );
  else if (input.invitedUpdate)
    blocks.push(
      notice('This letter replaces the last one. The time is the same. It now tells you who else is invited.'),
    );
  else if (input.updated) blocks.push(notice('This letter replaces the last one. The time has changed.'));
  blocks.push(
    p('Hello,'),
    ...lines(
      'We are inviting you to a meeting.',
      'It is a child protection meeting.',
      'It is also called a conference.',
      `It is about keeping ${children} safe.`,
    ),
    ...aboutBlocks(input),
  );
  blocks.push(...whenBlocks(input), ...answerBlocks(input));
  blocks.push(...familyJoiningBlocks(input));
  blocks.push(
    heading('What happens'),
    ...lines(
      'People who work with your family will be there.',
      'They talk about what is going well.',
      'They talk about what they are worried about.',
      'You can say what you think.',
      'The chair may ask someone to leave for a short time. The chair will tell you why.',
      `The chair decides if ${children} ${input.kind === 'review' ? 'still ' : ''}${(input.childCount ?? 1) > 1 ? 'need' : 'needs'} a child protection plan.`,
      'You will get the decision in writing.',
    ),
  );
  if (input.policy.reports.sharedWithFamilyFirst)
    blocks.push(
      ...lines(
        'The workers should show you their reports before the meeting.',
        'If you have not seen a report, tell the chair.',
      ),
    );
  if (input.coreGroupUntil)
    blocks.push(
      ...lines(
        'If there is a plan, a small group meets straight after.',
        'This is called the core group.',
        `It ends at about ${time(input.coreGroupUntil)}.`,
      ),
    );
  blocks.push(...whoWillBeThereBlocks(input), ...easyBeforeBlocks(input.policy), ...helpBlocks(input));
  blocks.push(...childVoiceBlocks(input), ...afterBlocks(input));
  blocks.push(heading('If you are unhappy'), p(input.policy.complaints));
  return plainInvitation(
    {
      ...input,
      recipient: { ...input.recipient, accessibilityNeeds: [...input.recipient.accessibilityNeeds, 'large-print'] },
    },
    { subject, preview, blocks, askWhom: socialWorkerWords(input.socialWorker) },
  );
}
