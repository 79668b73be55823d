/**
 * The professionals' decision letter: the chair's decision per child with categories, rationale
 * and scale, each view by role, dissent with its route (the agencies' escalation route, or the family's), attendance, exclusions, the plan
 * table, the core group and the confidential notes, clearly marked. The subject and preview carry
 * the reference only.
 */
import type { SignsOfSafety, PlanRow } from '../../domain/plan.ts';
import { dueWords, planSectionBlocks } from './plan-sections.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { CategoryOfHarm, ConferenceKind, Recommendation } from '../../domain/vocabulary.ts';
import { dateAndTime, longDate } from '../format.ts';
import { footer, facts, heading, list, notice, p, renderEmail, type Block } from './layout.ts';
import type { RenderedLetter } from './letter-text.ts';
import { kindLabel } from '../words.ts';
import { CATEGORY_LABEL, RECOMMENDATION_LABEL } from '../labels.ts';
import { PROFESSIONAL_CHANGE } from './outcome-words.ts';
import { planChange } from '../../domain/plan-change.ts';

export interface ViewLine {
  /** Role and agency ("Police (Met Police)") or "The family". */
  who: string;
  recommendation?: Recommendation;
  categories: readonly CategoryOfHarm[];
  scale?: number;
  rationale: string;
  /** The chair entered it for someone on the phone or for the family. */
  recordedByChair: boolean;
  /** Given by someone who sent apologies: a written contribution, not said at the meeting. */
  written?: boolean;
}

export interface DecisionLetterChild {
  /** How the letter names the child, e.g. "Child 1: Ruby (born 2 May 2019)". */
  label: string;
  outcome: Recommendation;
  categories: readonly CategoryOfHarm[];
  rationale: string;
  scale?: number;
  /** With a child protection plan: the key worker ("Jo Bloggs, Social worker") and how often they visit. */
  keyWorker?: string;
  visitingFrequency?: string;
  views: readonly ViewLine[];
  /** `family`: a family member's (or the family's) disagreement, which goes the family's route, not the agencies'. */
  dissent: readonly { who: string; recommendation?: Recommendation; family?: boolean }[];
}

export interface DecisionLetterInput {
  reference: string;
  kind: ConferenceKind;
  policy: Policy;
  heldOn: string;
  decidedAt: string;
  approvedAt: string;
  /** The chair who decided and approved, by name and role ("Chair Person, Chair (Safeguarding and Reviewing)"). */
  chair?: string;
  children: readonly DecisionLetterChild[];
  /** The register: each person by name, role and agency ("Sam Social, Social worker (Children's social care)"). */
  attendance?: { present: readonly string[]; apologies: readonly string[]; absent: readonly string[] };
  exclusions: readonly { who: string; part: string; ground: string }[];
  plan: readonly PlanRow[];
  /** Signs of Safety sections, shown under the policy's headings where it uses them. */
  signsOfSafety?: SignsOfSafety;
  coreGroup: readonly string[];
  confidentialNotes?: string;
  /** How each child took part, one line per child (participationLine in labels.ts). */
  participation?: readonly string[];
  /** Safeguards the chair set aside, each with their recorded reason (decision-safeguards.ts). */
  overrides?: readonly { what: string; missing: readonly string[]; reason: string }[];
  /** The social worker's task per child of an age to understand: "Child 1: Ruby (…)" and when, with the children's version where the policy asks for one. */
  explainToChildren?: readonly { child: string; by: string; childrensPlan?: string }[];
  next: {
    coreGroupBy?: string;
    coreGroupOn?: string;
    coreGroupStraightAfter?: boolean;
    cadence?: string;
    reviewBy?: string;
    minutesDue?: string;
    recordBundleDue?: string;
    /** A pre-birth plan: the birth plan agreed by (the first core group meets before the birth). */
    birthPlanBy?: string;
  };
}

const categories = (cs: readonly CategoryOfHarm[]) => cs.map((c) => CATEGORY_LABEL[c].toLowerCase()).join(', ');

function viewText(v: ViewLine, policy: Policy): string {
  const parts = [v.recommendation ? RECOMMENDATION_LABEL[v.recommendation] : 'no recommendation'];
  if (v.categories.length) parts.push(`category: ${categories(v.categories)}`);
  if (v.scale !== undefined) parts.push(`scale ${v.scale} of ${policy.views.scale.max}`);
  const how = v.written
    ? ' (written contribution: sent apologies, not at the meeting)'
    : v.recordedByChair
      ? ' (recorded by the chair)'
      : '';
  return `${v.who}: ${parts.join('; ')}. ${v.rationale.trim()}${how}`;
}

function childBlocks(ch: DecisionLetterChild, kind: ConferenceKind, policy: Policy): Block[] {
  const s = policy.views.scale;
  const rows: [string, string][] = [
    ['Decision', RECOMMENDATION_LABEL[ch.outcome]],
    ['Outcome', PROFESSIONAL_CHANGE[planChange(kind, ch.outcome)]],
  ];
  if (ch.categories.length) rows.push(['Category of harm', categories(ch.categories)]);
  if (ch.scale !== undefined)
    rows.push(["Chair's overall scale", `${ch.scale} (0 = ${s.minLabel}; 10 = ${s.maxLabel})`]);
  if (ch.keyWorker) rows.push(['Key worker', ch.keyWorker]);
  if (ch.visitingFrequency) rows.push(['Key worker visits the child', ch.visitingFrequency]);
  const blocks: Block[] = [heading(ch.label), facts(rows), p(`Rationale: ${ch.rationale.trim()}`)];
  if (ch.views.length) blocks.push(p('Views given:'), list(ch.views.map((v) => viewText(v, policy))));
  if (ch.dissent.length) {
    blocks.push(
      notice(
        `Disagreement recorded: ${ch.dissent.map((d) => `${d.who} (${d.recommendation ? RECOMMENDATION_LABEL[d.recommendation] : 'no recommendation'})`).join('; ')}.`,
      ),
    );
    const route = policy.views.disagreement;
    if (ch.dissent.some((d) => !d.family))
      blocks.push(
        p(`An agency that disagrees with the chair's decision may escalate it under ${route.escalationRoute}.`),
      );
    if (ch.dissent.some((d) => d.family))
      blocks.push(p(`A family member who disagrees with the decision can take it to ${route.familyRoute}.`));
  }
  return blocks;
}

function planBlocks(plan: readonly PlanRow[]): Block[] {
  if (!plan.length) return [];
  return [
    heading('The plan'),
    ...plan.map((r, i) =>
      facts([
        [`${i + 1}. Risk`, r.risk],
        ['Task', r.task],
        ['By whom', r.byWhom],
        ['Timescale', r.timescale],
        ...(r.dueOn ? ([['Due', dueWords(r)]] as [string, string][]) : []),
        ['Planned outcome', r.plannedOutcome],
      ]),
    ),
  ];
}

function nextBlocks(input: DecisionLetterInput): Block[] {
  const n = input.next;
  const items: string[] = [];
  if (n.coreGroupStraightAfter) items.push('First core group: straight after the conference.');
  else if (n.coreGroupOn)
    items.push(
      `First core group booked for ${dateAndTime(n.coreGroupOn)}${n.coreGroupBy ? ` (due by ${dateAndTime(n.coreGroupBy)})` : ''}; members get their own invitation.`,
    );
  else if (n.coreGroupBy) items.push(`First core group by ${dateAndTime(n.coreGroupBy)}.`);
  if (n.birthPlanBy)
    items.push(
      `Pre-birth plan: the first core group meets before the birth; the social worker agrees the birth plan with the family and the core group by ${dateAndTime(n.birthPlanBy)}.`,
    );
  if (n.cadence) items.push(`Later core groups at least every ${n.cadence}.`);
  if (n.reviewBy)
    items.push(`Review conference by ${longDate(n.reviewBy)} (a draft is created for the coordinator to confirm).`);
  for (const e of input.explainToChildren ?? [])
    items.push(
      `The social worker explains the decision to ${e.child} by ${dateAndTime(e.by)}${e.childrensPlan ? `, with a children’s version of the plan (${e.childrensPlan})` : ''}.`,
    );
  if (n.minutesDue) items.push(`Minutes due ${dateAndTime(n.minutesDue)}.`);
  if (n.recordBundleDue)
    items.push(`Record bundle (minutes, social work and agency reports) due ${dateAndTime(n.recordBundleDue)}.`);
  return items.length ? [heading('Next steps'), list(items)] : [];
}

export function decisionLetter(input: DecisionLetterInput): RenderedLetter {
  const { reference, policy } = input;
  const title = `Decision of child protection conference ${reference}`;
  const blocks: Block[] = [
    facts([
      ['Reference', reference],
      ['Conference', kindLabel(input.kind)],
      ['Held on', longDate(input.heldOn)],
      ['Decided', dateAndTime(input.decidedAt)],
      ...(input.chair ? ([['Chair', input.chair]] as [string, string][]) : []),
      ['Approved by the chair', dateAndTime(input.approvedAt)],
    ]),
  ];
  if (input.attendance) {
    const a = input.attendance;
    blocks.push(
      heading('Attendance'),
      facts([
        ['Present', a.present.join(', ') || 'none recorded'],
        ['Apologies', a.apologies.join(', ') || 'none'],
        ...(a.absent.length ? ([['Absent', a.absent.join(', ')]] as [string, string][]) : []),
      ]),
    );
  }
  if (input.exclusions.length) {
    blocks.push(
      heading('Exclusions'),
      list(input.exclusions.map((e) => `${e.who}: asked to leave for this part: ${e.part} (ground: ${e.ground})`)),
    );
  }
  if (input.overrides?.length) {
    blocks.push(
      heading('Decided without a safeguard: the chair’s reasons'),
      list(
        input.overrides.map(
          (o) => `${o.what} (missing: ${o.missing.join('; ')}). The chair’s reason: ${o.reason.trim()}`,
        ),
      ),
    );
  }
  if (input.participation?.length) blocks.push(heading('How the children took part'), list([...input.participation]));
  for (const ch of input.children) blocks.push(...childBlocks(ch, input.kind, policy));
  blocks.push(...planBlocks(input.plan));
  blocks.push(...planSectionBlocks(input.policy, input.signsOfSafety));
  if (input.coreGroup.length) blocks.push(heading('Core group'), list([...input.coreGroup]));
  blocks.push(...nextBlocks(input));
  if (input.confidentialNotes?.trim()) {
    blocks.push(
      heading('CONFIDENTIAL: not to be shared with the family'),
      notice(
        'The notes below are confidential to the professionals. They are left out of every family letter and must not be passed on.',
      ),
      p(input.confidentialNotes.trim()),
    );
  }
  blocks.push(p('The family receives a plain-language letter without the confidential notes.'));
  const email = renderEmail({
    subject: title,
    preview: `${reference}: the chair's approved decision, plan and next steps (letter attached as a PDF).`,
    blocks,
    footer: footer(policy, reference),
  });
  return { ...email, title, blocks };
}
