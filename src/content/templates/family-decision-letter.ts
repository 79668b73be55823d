/**
 * The family's decision letter, in plain language with no acronyms: per child, the decision and
 * what it means, the plan, the next dates and how to complain. Its input has no field for the
 * confidential notes, so they cannot reach it; views are passed only when the recipient heard the
 * whole meeting (a parent asked to leave part of it gets a letter that says a part was withheld).
 */
import { familyDisagreeLines } from './escalation-notice.ts';
import type { SignsOfSafety, PlanRow } from '../../domain/plan.ts';
import { dueWords, planSectionBlocks } from './plan-sections.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { CategoryOfHarm, ConferenceKind, Recommendation } from '../../domain/vocabulary.ts';
import { PLAIN_RECOMMENDATION } from '../../domain/vocabulary.ts';
import { longDate, time } from '../format.ts';
import { footer, heading, list, notice, p, renderEmail, type Block } from './layout.ts';
import { CATEGORY_LABEL } from '../labels.ts';
import type { RenderedLetter } from './letter-text.ts';
import { socialWorkerWords, type ContactPerson } from '../words.ts';
import { explainedSentence, WILL_EXPLAIN, type ExplainedForLetter } from './explained-words.ts';
import { CHILD_IN_NEED_MEANS, familyDecisionLine, familyMeeting, familyNoPlanNext } from './outcome-words.ts';
import { planChange } from '../../domain/plan-change.ts';
import { familyReasonLine } from '../family-reason-words.ts';

export interface FamilyLetterChild {
  /** The child's first name (or "your baby"): the letter goes to their own parent. */
  name: string;
  outcome: Recommendation;
  categories: readonly CategoryOfHarm[];
  /** The chair's reasons in plain words for the family; absent: the letter says the social worker will explain (never the professional rationale). */
  familyReason?: string;
  /** What each person said, by plain-language role; absent when withheld. */
  views?: readonly { who: string; recommendation?: Recommendation }[];
  /** The family's joint view as the chair recorded it (for the whole family, never called the recipient's own). */
  familyView?: string;
  /**
   * The recipient's own view, and only theirs: "what you told the meeting" (or sent, if they were not
   * there). In the copy of someone who comes with a parent or carer (`of`), it is that person's:
   * "what the parent you interpret for told the meeting".
   */
  ownView?: { text: string; written: boolean; of?: OwnViewOf };
  /** What the chair marked shareable from the child's own view. */
  childShared?: string;
  /** With a child protection plan: the key worker ("Sam Social, your social worker") and how often they visit. */
  keyWorker?: string;
  visitingFrequency?: string;
}

/** Whose view a companion's copy quotes: the parent or carer they come with (or interpret for). */
export interface OwnViewOf {
  person: 'parent' | 'carer';
  interpreter: boolean;
}

/** "the parent you interpret for", "the carer you come with": whom a companion's copy speaks of. */
export const theOneYouComeWith = (of: OwnViewOf): string =>
  `the ${of.person} you ${of.interpreter ? 'interpret for' : 'come with'}`;

/** The heading of a quoted own view: "What you told the meeting", "What the parent you come with sent to the meeting". */
export function ownViewHeading(v: { written: boolean; of?: OwnViewOf | undefined }, easyRead = false): string {
  const who = v.of ? theOneYouComeWith(v.of) : 'you';
  if (v.written) return `What ${who} sent to the meeting`;
  return easyRead ? `What ${who} said at the meeting` : `What ${who} told the meeting`;
}

/** One line of "What people said": whose view, in plain words (both the standard and the easy-read letter). */
export const viewLine = (v: { who: string; recommendation?: Recommendation | undefined }): string =>
  `${v.who[0]!.toUpperCase()}${v.who.slice(1)}: ${v.recommendation ? PLAIN_RECOMMENDATION[v.recommendation] : 'did not say'}`;

export interface FamilyDecisionLetterInput {
  reference: string;
  kind: ConferenceKind;
  policy: Policy;
  heldOn: string;
  children: readonly FamilyLetterChild[];
  plan: readonly PlanRow[];
  /** Signs of Safety sections, shown under the policy's headings where it uses them. */
  signsOfSafety?: SignsOfSafety;
  next: {
    coreGroupBy?: string;
    coreGroupOn?: string;
    coreGroupStraightAfter?: boolean;
    cadence?: string;
    reviewBy?: string;
    /** A pre-birth plan: the birth plan agreed by. */
    birthPlanBy?: string;
  };
  /**
   * Parts of the meeting the recipient was asked to leave: what was said then is not in the letter.
   * Only their number shows: the chair's name for a part can itself reveal what was withheld.
   */
  withheldParts: readonly string[];
  /** The recipient was not at the meeting. */
  absent: boolean;
  /**
   * The chair put this parent or carer in the core group. A parent left out (a risk to the other
   * parent or the child, say) is never told the core group is "you and the main workers".
   */
  inCoreGroup: boolean;
  /**
   * Only for an absent parent whose policy asks for them to be told in person, and only once that
   * was actually asked of someone (`asked`) or done (`told`): who tells them. Otherwise the letter
   * promises no visit.
   */
  inPerson?: { by: 'social-worker' | 'chair'; state: 'asked' | 'told' };
  /** Recorded: who told this parent the decision (and why they left part of the meeting), how, and how they gave their view. */
  explained?: ExplainedForLetter;
  largePrint?: boolean;
  /** The chair's name: the letter says who checked it. */
  chair?: string;
  /** The family's social worker, by name, with how to reach them. */
  socialWorker?: ContactPerson;
}

const MEANING: Record<Recommendation, (name: string, inCoreGroup: boolean) => string> = {
  'child-protection-plan': (n, inCoreGroup) =>
    `This means the people at the meeting are worried that ${n} could be seriously harmed. A child protection plan says what needs to change to keep ${n} safe, who will help, and by when. The social worker will visit regularly, and a small group of workers${inCoreGroup ? ' and you' : ''} (called the core group) will meet to check the plan is working.`,
  'child-in-need': (n) =>
    `This means ${n} does not need a child protection plan. Your family will get help and support through a child in need plan, which the social worker will agree with you.`,
  'no-further-action': (n) =>
    `This means there will be no child protection plan for ${n}, and nothing more will happen under child protection procedures. Your social worker will talk to you about any other help you might want.`,
};

const plainCategories = (cs: readonly CategoryOfHarm[]) => cs.map((c) => CATEGORY_LABEL[c].toLowerCase()).join(' and ');

function childBlocks(ch: FamilyLetterChild, kind: ConferenceKind, inCoreGroup: boolean): Block[] {
  const blocks: Block[] = [
    heading(ch.name.charAt(0).toUpperCase() + ch.name.slice(1)),
    notice(familyDecisionLine(planChange(kind, ch.outcome), ch.name)),
  ];
  if (ch.outcome === 'child-protection-plan' && ch.categories.length) {
    blocks.push(p(`The plan is because of worries about ${plainCategories(ch.categories)}.`));
  }
  blocks.push(p(MEANING[ch.outcome](ch.name, inCoreGroup)));
  if (ch.outcome === 'child-in-need') blocks.push(p(CHILD_IN_NEED_MEANS));
  blocks.push(p(familyReasonLine(ch.familyReason)));
  if (ch.keyWorker) blocks.push(p(`The key worker for ${ch.name}'s plan is ${ch.keyWorker}.`));
  if (ch.visitingFrequency) blocks.push(p(`The key worker will see ${ch.name} ${ch.visitingFrequency}.`));
  if (ch.ownView?.text.trim()) blocks.push(p(`${ownViewHeading(ch.ownView)}: ${ch.ownView.text.trim()}`));
  if (ch.familyView?.trim()) blocks.push(p(`The family's view recorded at the meeting: ${ch.familyView.trim()}`));
  if (ch.childShared?.trim()) blocks.push(p(`What ${ch.name} wanted the meeting to know: ${ch.childShared.trim()}`));
  if (ch.views?.length) {
    blocks.push(p('What people at the meeting said:'), list(ch.views.map(viewLine)));
  }
  return blocks;
}

function nextBlocks(input: FamilyDecisionLetterInput): Block[] {
  const n = input.next;
  const items: string[] = [];
  if (n.coreGroupStraightAfter) items.push('The core group meets straight after the meeting to start the plan.');
  else if (n.coreGroupOn)
    items.push(
      input.inCoreGroup
        ? `The core group (you and the main workers) will meet on ${longDate(n.coreGroupOn)} at ${time(n.coreGroupOn)} to start the plan. You will get an invitation saying how to join.`
        : `The core group of workers will meet on ${longDate(n.coreGroupOn)} to start the plan. Your social worker will keep you up to date.`,
    );
  else if (n.coreGroupBy)
    items.push(
      input.inCoreGroup
        ? `The core group (you and the main workers) will meet by ${longDate(n.coreGroupBy)} to start the plan.`
        : `The core group of workers will meet by ${longDate(n.coreGroupBy)} to start the plan. Your social worker will keep you up to date.`,
    );
  if (n.birthPlanBy)
    items.push(
      `Before your baby is born, your social worker will agree a birth plan with you by ${longDate(n.birthPlanBy)}: where your baby will be born, who the hospital will tell, and what happens after the birth.`,
    );
  if (n.cadence) items.push(`After that, the core group will meet at least every ${n.cadence}.`);
  if (n.reviewBy)
    items.push(
      `There will be another meeting (a review conference) by ${longDate(n.reviewBy)} to see how things are going. We will write to you with the date.`,
    );
  if (!items.length)
    return [
      heading('What happens next'),
      p(familyNoPlanNext(input.children.some((ch) => ch.outcome === 'child-in-need'))),
    ];
  return [heading('What happens next'), list(items)];
}

/** What an absent parent is told about being told in person: nothing unless someone was really asked. */
function inPersonWords(v: FamilyDecisionLetterInput['inPerson']): string {
  if (!v) return '';
  const who = v.by === 'chair' ? 'The chair' : 'Your social worker';
  return v.state === 'told'
    ? ` ${who} has already told you about the decision in person.`
    : ` ${who} has been asked to visit you and tell you about the decision in person.`;
}

/** "The chair, Chair Person, has checked it." */
export const checkedBy = (chair?: string): string =>
  chair ? `The chair, ${chair}, has checked it.` : 'The chair has checked it.';

export function familyDecisionLetter(input: FamilyDecisionLetterInput): RenderedLetter {
  const { reference, policy } = input;
  const title = 'The decision of your child protection meeting';
  const blocks: Block[] = [p('Hello,')];
  blocks.push(
    input.absent
      ? p(
          `We are sorry you could not come to ${familyMeeting(input.kind)} on ${longDate(input.heldOn)}.${input.explained ? ` ${explainedSentence(input.explained, 'absent')}` : inPersonWords(input.inPerson)} This letter sets out what was decided. ${checkedBy(input.chair)}`,
        )
      : p(
          `Thank you for coming to ${familyMeeting(input.kind)} on ${longDate(input.heldOn)}. This letter sets out what was decided. ${checkedBy(input.chair)}`,
        ),
  );
  if (input.withheldParts.length) {
    blocks.push(
      notice(
        `You were asked to leave part of the meeting. This letter leaves out what was said while you were not there, including what each person said about the decision. ${input.explained && !input.absent ? explainedSentence(input.explained, 'excluded') : WILL_EXPLAIN}`,
      ),
    );
  }
  for (const ch of input.children) blocks.push(...childBlocks(ch, input.kind, input.inCoreGroup));
  if (input.plan.length) {
    blocks.push(
      heading('What needs to happen'),
      list(
        input.plan.map(
          (r) =>
            `${r.task} (who: ${r.byWhom}; by when: ${dueWords(r)}). This is because: ${r.risk}. What we hope for: ${r.plannedOutcome}.`,
        ),
      ),
    );
  }
  blocks.push(...planSectionBlocks(policy, input.signsOfSafety));
  blocks.push(...nextBlocks(input));
  blocks.push(heading('If you disagree or are unhappy'), ...familyDisagreeLines(policy).map(p), p(policy.complaints));
  blocks.push(
    p(
      `If you have any questions, contact ${socialWorkerWords(input.socialWorker)}. You can also write to ${policy.sender.address}, quoting reference ${reference}.`,
    ),
  );
  const email = renderEmail({
    subject: `The decision of your child protection meeting (reference ${reference})`,
    preview: `Reference ${reference}: the decision of the meeting on ${longDate(input.heldOn)} and what happens next.`,
    blocks,
    footer: footer(policy, reference, 'family'),
    ...(input.largePrint ? { largePrint: true } : {}),
  });
  return { ...email, title, blocks };
}
