/**
 * Easy read letters for a parent or carer who asked for them (`accessibilityNeeds: ['easy-read']`):
 * the invitation and the decision letter. Short plain sentences, one idea per line, in larger type
 * (email and PDF). They carry the same facts as the standard letters (time, how to join, who will be
 * there, the decision per child, the plan, what happens next, how to complain) and the same subject,
 * so nothing else changes for the reader. The chair's own words (their plain-language "why" for the
 * family, the plan) are quoted as written; the professional rationale never is.
 */
import { interpreterWanted, needsToArrange } from '../../domain/tasks.ts';
import { familyDisagreeLines } from './escalation-notice.ts';
import type { AccessibilityNeed, Recommendation } from '../../domain/vocabulary.ts';
import { PLAIN_RECOMMENDATION } from '../../domain/vocabulary.ts';
import { longDate, sameLondonDay, time, dateAndTime } from '../format.ts';
import { CATEGORY_LABEL } from '../labels.ts';
import {
  answerBlocks,
  babyNotBornYet,
  familyInviteHeadline,
  orReply,
  plainInvitation,
  whoWillBeThereBlocks,
  type FamilyInviteInput,
} from './family-invite.ts';
import type { FamilyDecisionLetterInput, FamilyLetterChild } from './family-decision-letter.ts';
import { dueWords, easyPlanSectionBlocks } from './plan-sections.ts';
import { joiningBlocks } from './joining.ts';
import { heading, list, notice, p, renderEmail, type Block } from './layout.ts';
import type { RenderedLetter } from './letter-text.ts';
import { socialWorkerWords } from '../words.ts';
import { EASY_WILL_EXPLAIN, easyExplainedLines } from './explained-words.ts';
import { aboutBlocks, afterBlocks, easyBeforeBlocks } from './invite-guide.ts';
import { easyFamilyReasonLines } from '../family-reason-words.ts';
import { EASY_CHILD_IN_NEED_MEANS, EASY_KIND_LINES, easyDecisionLines } from './outcome-words.ts';
import { planChange } from '../../domain/plan-change.ts';
import type { ConferenceKind } from '../../domain/vocabulary.ts';

/** Whether a family member's letters are written in easy read. */
export const wantsEasyRead = (a: { accessibilityNeeds: readonly AccessibilityNeed[] }): boolean =>
  a.accessibilityNeeds.includes('easy-read');
/** Easy read and large print both mean the larger type. */
export const largeType = (a: { accessibilityNeeds: readonly AccessibilityNeed[] }): boolean =>
  a.accessibilityNeeds.includes('large-print') || wantsEasyRead(a);

/** One idea per line: each sentence its own paragraph. */
const lines = (...sentences: string[]): Block[] => sentences.map((s) => p(s));

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
  if (input.parentsJoinAt && input.parentsJoinAt !== input.professionalsJoinAt)
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
      'You can bring a friend or relative.',
      'They can help you say what you think.',
      'You can bring a solicitor as a supporter.',
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
  if (part.childMayAttend)
    blocks.push(
      ...lines(
        'Your child may be able to come to the meeting.',
        'Or your child can tell us what they think another way.',
        'Talk to the social worker about this.',
      ),
    );
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
  blocks.push(...joiningBlocks({ mode: input.mode, venue: input.venue, meeting: input.meeting, audience: 'family' }));
  blocks.push(
    heading('What happens'),
    ...lines(
      'People who work with your family will be there.',
      'They talk about what is going well.',
      'They talk about what they are worried about.',
      'You can say what you think.',
      'The chair may ask someone to leave for a short time. The chair will tell you why.',
      `The chair decides if ${children} ${(input.childCount ?? 1) > 1 ? 'need' : 'needs'} a child protection plan.`,
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

const MEANING: Record<Recommendation, (name: string) => string[]> = {
  'child-protection-plan': (n) => [
    `People are worried ${n} could be badly hurt.`,
    'The plan says what needs to change.',
    'It says who will help, and by when.',
    'The social worker will visit often.',
  ],
  'child-in-need': (n) => [
    `${n} does not need a child protection plan.`,
    'Your family will get help.',
    'This is called a child in need plan.',
    'The social worker will agree it with you.',
  ],
  'no-further-action': (n) => [
    `There will be no child protection plan for ${n}.`,
    'Your social worker can talk to you about other help.',
  ],
};

function childBlocks(ch: FamilyLetterChild, kind: ConferenceKind): Block[] {
  const name = ch.name.charAt(0).toUpperCase() + ch.name.slice(1);
  const [decision, ...more] = easyDecisionLines(planChange(kind, ch.outcome), ch.name);
  const blocks: Block[] = [heading(name), notice(decision!), ...lines(...more)];
  if (ch.outcome === 'child-protection-plan' && ch.categories.length)
    blocks.push(p(`The worry is about: ${ch.categories.map((c) => CATEGORY_LABEL[c].toLowerCase()).join(' and ')}.`));
  blocks.push(...lines(...MEANING[ch.outcome](ch.name)));
  if (ch.outcome === 'child-in-need') blocks.push(...lines(...EASY_CHILD_IN_NEED_MEANS));
  blocks.push(...easyFamilyReasonLines(ch.familyReason).map((x) => p(x)));
  if (ch.keyWorker) blocks.push(p(`The key worker is ${ch.keyWorker}.`));
  if (ch.visitingFrequency) blocks.push(p(`The key worker will see ${ch.name} ${ch.visitingFrequency}.`));
  if (ch.ownView?.text.trim())
    blocks.push(
      p(ch.ownView.written ? 'What you sent to the meeting:' : 'What you said at the meeting:'),
      p(ch.ownView.text.trim()),
    );
  if (ch.familyView?.trim()) blocks.push(p('What your family said:'), p(ch.familyView.trim()));
  if (ch.childShared?.trim()) blocks.push(p(`What ${ch.name} wanted the meeting to know:`), p(ch.childShared.trim()));
  if (ch.views?.length)
    blocks.push(
      p('What people said:'),
      list(
        ch.views.map(
          (v) =>
            `${v.who[0]!.toUpperCase()}${v.who.slice(1)}: ${v.recommendation ? PLAIN_RECOMMENDATION[v.recommendation] : 'did not say'}`,
        ),
      ),
    );
  return blocks;
}

function nextBlocks(input: FamilyDecisionLetterInput): Block[] {
  const n = input.next;
  const out: string[] = [];
  if (n.coreGroupStraightAfter) out.push('The core group met straight after the meeting.');
  else if (n.coreGroupOn)
    out.push(
      input.inCoreGroup
        ? `The core group meets on ${longDate(n.coreGroupOn)} at ${time(n.coreGroupOn)}.`
        : `The core group of workers meets on ${longDate(n.coreGroupOn)}.`,
      input.inCoreGroup
        ? 'You are in the core group. You will get an invitation.'
        : 'Your social worker will tell you how it goes.',
    );
  else if (n.coreGroupBy)
    out.push(
      input.inCoreGroup
        ? `The core group meets by ${longDate(n.coreGroupBy)}.`
        : `The core group of workers meets by ${longDate(n.coreGroupBy)}.`,
      input.inCoreGroup ? 'You are in the core group.' : 'Your social worker will tell you how it goes.',
    );
  if (n.birthPlanBy)
    out.push('Before your baby is born, we make a birth plan with you.', `This is by ${longDate(n.birthPlanBy)}.`);
  if (n.cadence) out.push(`Then it meets at least every ${n.cadence}.`);
  if (n.reviewBy)
    out.push(
      `There will be another meeting by ${longDate(n.reviewBy)}.`,
      'It is called a review conference.',
      'We will write to you with the date.',
    );
  if (!out.length)
    out.push(
      'There will be no core group.',
      'There will be no review meeting.',
      'Your social worker will tell you what happens now.',
    );
  return [heading('What happens next'), ...lines(...out)];
}

/** The family's decision letter in easy read: the same facts as familyDecisionLetter, one idea per line. */
export function easyReadDecisionLetter(input: FamilyDecisionLetterInput): RenderedLetter {
  const { reference, policy } = input;
  const title = 'The decision of your child protection meeting';
  const blocks: Block[] = [
    p('Hello,'),
    p(`This letter is about the child protection meeting on ${longDate(input.heldOn)}.`),
    ...lines(...EASY_KIND_LINES[input.kind]),
  ];
  if (input.absent) {
    blocks.push(p('We are sorry you could not come.'));
    if (input.explained) blocks.push(...easyExplainedLines(input.explained, 'absent').map((l) => p(l)));
    else if (input.inPerson) {
      const who = input.inPerson.by === 'chair' ? 'The chair' : 'Your social worker';
      blocks.push(
        p(
          input.inPerson.state === 'told'
            ? `${who} has told you about the decision already.`
            : `${who} will visit you to tell you about the decision.`,
        ),
      );
    }
  } else blocks.push(p('Thank you for coming.'));
  blocks.push(
    p(input.chair ? `The chair, ${input.chair}, has checked this letter.` : 'The chair has checked this letter.'),
  );
  if (input.withheldParts.length)
    blocks.push(
      notice(
        'You left part of the meeting. This letter does not say what was said then. It does not say what each person said about the decision.',
      ),
      ...(input.explained && !input.absent ? easyExplainedLines(input.explained, 'excluded') : EASY_WILL_EXPLAIN).map(
        (l) => p(l),
      ),
    );
  for (const ch of input.children) blocks.push(...childBlocks(ch, input.kind));
  if (input.plan.length) {
    blocks.push(heading('What needs to happen'));
    for (const r of input.plan)
      blocks.push(list([`${r.task}.`, `Who: ${r.byWhom}.`, `By when: ${dueWords(r)}.`, `Why: ${r.risk}.`]));
  }
  // Where the policy works in Signs of Safety: its sections, in easy read.
  blocks.push(...easyPlanSectionBlocks(input.policy, input.signsOfSafety));
  blocks.push(...nextBlocks(input));
  blocks.push(
    heading('If you disagree or are unhappy'),
    ...familyDisagreeLines(policy, true).map(p),
    p(policy.complaints),
    p(`If you have a question, ask ${socialWorkerWords(input.socialWorker)}.`),
  );
  const email = renderEmail({
    subject: `The decision of your child protection meeting (reference ${reference})`,
    preview: `Reference ${reference}: the decision of the meeting on ${longDate(input.heldOn)} and what happens next.`,
    blocks,
    footer: `${policy.sender.name} · reference ${reference}`,
    largePrint: true,
  });
  return { ...email, title, blocks };
}
