/**
 * The family's decision letter in easy read (easy-read.ts says who gets it): the same facts as
 * familyDecisionLetter, one idea per line. The chair's plain-language reasons for the family are
 * quoted as written; the professional rationale never is.
 */
import { familyDisagreeLines } from './escalation-notice.ts';
import type { Recommendation } from '../../domain/vocabulary.ts';
import { longDate, time } from '../format.ts';
import { CATEGORY_LABEL } from '../labels.ts';
import {
  ownViewHeading,
  viewLine,
  type FamilyDecisionLetterInput,
  type FamilyLetterChild,
} from './family-decision-letter.ts';
import { dueWords, easyPlanSectionBlocks } from './plan-sections.ts';
import { footer, heading, list, notice, p, renderEmail, type Block } from './layout.ts';
import type { RenderedLetter } from './letter-text.ts';
import { socialWorkerWords } from '../words.ts';
import { EASY_WILL_EXPLAIN, easyExplainedLines } from './explained-words.ts';
import { easyFamilyReasonLines } from '../family-reason-words.ts';
import { EASY_CHILD_IN_NEED_MEANS, EASY_KIND_LINES, easyDecisionLines } from './outcome-words.ts';
import { planChange } from '../../domain/plan-change.ts';
import type { ConferenceKind } from '../../domain/vocabulary.ts';
import { lines } from './easy-read.ts';

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
  if (ch.ownView?.text.trim()) blocks.push(p(`${ownViewHeading(ch.ownView, true)}:`), p(ch.ownView.text.trim()));
  if (ch.familyView?.trim()) blocks.push(p('What your family said:'), p(ch.familyView.trim()));
  if (ch.childShared?.trim()) blocks.push(p(`What ${ch.name} wanted the meeting to know:`), p(ch.childShared.trim()));
  if (ch.views?.length) blocks.push(p('What people said:'), list(ch.views.map(viewLine)));
  return blocks;
}

function nextBlocks(input: FamilyDecisionLetterInput): Block[] {
  const n = input.next;
  const out: string[] = [];
  if (n.coreGroupStraightAfter) out.push('The core group meets straight after the meeting.');
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
    footer: footer(policy, reference, 'family'),
    largePrint: true,
  });
  return { ...email, title, blocks };
}
