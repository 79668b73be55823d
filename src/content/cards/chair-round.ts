/**
 * The chair's view of the round: for each child, who has and has not given a view and what each
 * said; record a view for a phone attendee or the family's view as free text; close the round;
 * record the decision for each child; approve it. Nothing here counts or ranks views.
 */
import type { FamilyReasonGap } from '../../domain/family-reasons.ts';
import {
  FAMILY_REASON_FACT,
  FAMILY_REASON_HINT,
  FAMILY_REASON_LABEL,
  familyReasonWarning,
} from '../family-reason-words.ts';
import type { CategoryOfHarm, Recommendation } from '../../domain/vocabulary.ts';
import { CATEGORY_LABEL, RECOMMENDATION_LABEL } from '../labels.ts';
import {
  card,
  choiceSet,
  container,
  execute,
  facts,
  numberInput,
  scaleHint,
  showCard,
  subtle,
  text,
  textInput,
  title,
  type AdaptiveCard,
  type Choice,
  type Json,
  type ScaleLabels,
  type CardRecipient,
} from './adaptive.ts';
import { describeView, type ChildRef, type ViewSummary } from './view-card.ts';

export interface ChairRoundModel {
  conferenceId: string;
  reference: string;
  round: 'not-open' | 'open' | 'closed';
  decided: boolean;
  approved: boolean;
  /** Approved, its letters still to be queued (a failure just after the approval was stored): what is still to happen. */
  pending?: string;
  children: {
    child: ChildRef;
    views: { who: string; view: ViewSummary; enteredByChair: boolean }[];
    missing: string[];
  }[];
  recommendations: readonly Recommendation[];
  categories: readonly CategoryOfHarm[];
  scale: ScaleLabels;
  chairOverallScale: boolean;
  /** Safeguards the decision would set aside: each needs the chair's reason (input named by `field`). */
  safeguards: readonly { field: string; message: string }[];
  /** Where the policy asks for a key worker on each plan: the social workers to choose from. */
  keyWorkers: Choice[] | undefined;
  visitingFrequency: boolean;
  /** Whose view the chair may enter: attendees (role label and id) and `family`. */
  recordFor: Choice[];
  coreGroupChoices: Choice[];
  decision?: {
    outcomes: {
      childLabel: string;
      outcome: Recommendation;
      categories: CategoryOfHarm[];
      rationale: string;
      /** The chair's reasons in plain words for the family, as recorded. */
      familyRationale?: string;
      /** Set when the family version is missing or the professional reasons again (a warning, not an error). */
      familyReasonGap?: FamilyReasonGap;
      scale?: number;
    }[];
    dissent: { who: string; childLabel: string; recommendation?: Recommendation; route: string }[];
  };
}

const recChoices = (m: ChairRoundModel): Choice[] =>
  m.recommendations.map((r) => ({ title: RECOMMENDATION_LABEL[r], value: r }));
const catChoices = (m: ChairRoundModel): Choice[] => m.categories.map((c) => ({ title: CATEGORY_LABEL[c], value: c }));

function childSection(m: ChairRoundModel, c: ChairRoundModel['children'][number]): Json {
  return container(
    [
      text(`${c.child.label}${c.child.firstName ? `: ${c.child.firstName}` : ''}`, { weight: 'Bolder' }),
      ...c.views.flatMap((v) => [
        text(`${v.who}${v.enteredByChair ? ' (entered by the chair)' : ''}`, { weight: 'Bolder', size: 'Small' }),
        facts(describeView(v.view)),
      ]),
      ...(c.views.length === 0 ? [subtle('No views yet.')] : []),
      text(c.missing.length ? `No view yet from: ${c.missing.join(', ')}` : 'Everyone expected has given a view.', {
        isSubtle: true,
      }),
    ],
    { separator: true, spacing: 'Medium' },
  );
}

function recordForAction(m: ChairRoundModel): Json {
  return showCard('Record a view for someone', {
    body: [
      text(
        "For attendees on the phone, a parent's own view, the child's own view (kept with the professionals), or the family's view as free text (a recommendation is optional for the family and the child).",
      ),
      choiceSet('who', 'Whose view', m.recordFor, { required: true, style: 'compact' }),
      choiceSet(
        'childId',
        'For which child',
        m.children.map((c) => ({ title: c.child.label, value: c.child.id })),
        { required: true, style: 'compact' },
      ),
      choiceSet('recommendation', 'Recommendation', recChoices(m), { style: 'compact' }),
      choiceSet('categories', 'Category or categories of harm (only with a child protection plan)', catChoices(m), {
        multi: true,
      }),
      textInput('rationale', 'Their view, in their words', { multiline: true, required: true, maxLength: 4000 }),
      numberInput('scale', `Safety scale (${scaleHint(m.scale)})`, m.scale.min, m.scale.max),
      textInput('mayShare', "For the child's own view: what may be shared with the family (optional)", {
        multiline: true,
        maxLength: 4000,
      }),
    ],
    actions: [execute('Record this view', 'record-view-for', { conferenceId: m.conferenceId })],
  });
}

function decideAction(m: ChairRoundModel): Json {
  const body: Json[] = [
    text(
      'Record your decision for each child. Any view that differs is recorded as dissent, with the escalation route.',
    ),
  ];
  for (const c of m.children) {
    const id = c.child.id;
    body.push(
      text(c.child.label, { weight: 'Bolder', separator: true }),
      choiceSet(`outcome-${id}`, `Decision for ${c.child.label}`, recChoices(m), { required: true, style: 'compact' }),
      choiceSet(
        `categories-${id}`,
        'Category or categories of harm (only with a child protection plan)',
        catChoices(m),
        { multi: true },
      ),
      textInput(`rationale-${id}`, 'Reasons for the decision', { multiline: true, required: true, maxLength: 8000 }),
      textInput(`familyRationale-${id}`, `${FAMILY_REASON_LABEL} (${FAMILY_REASON_HINT})`, {
        multiline: true,
        maxLength: 4000,
      }),
      ...(m.chairOverallScale
        ? [numberInput(`scale-${id}`, `Your overall safety scale (${scaleHint(m.scale)})`, m.scale.min, m.scale.max)]
        : []),
      ...(m.keyWorkers
        ? [
            choiceSet(`keyWorker-${id}`, 'Key worker (with a child protection plan)', m.keyWorkers, {
              style: 'compact',
            }),
          ]
        : []),
      ...(m.visitingFrequency
        ? [
            textInput(`visits-${id}`, 'How often the key worker sees the child (with a child protection plan)', {
              maxLength: 300,
            }),
          ]
        : []),
    );
  }
  body.push(choiceSet('coreGroup', 'Core group members (if a plan is decided)', m.coreGroupChoices, { multi: true }));
  for (const sg of m.safeguards)
    body.push(
      text(`${sg.message.charAt(0).toUpperCase()}${sg.message.slice(1)}.`, { color: 'Attention', separator: true }),
      textInput(sg.field, 'Your reason (required; recorded in the record and the letter)', {
        multiline: true,
        required: true,
        maxLength: 2000,
      }),
    );
  return showCard(m.decided ? 'Correct the decision' : 'Record the decision', {
    body,
    actions: [execute('Record the decision', 'decide', { conferenceId: m.conferenceId }, { style: 'positive' })],
  });
}

/** `recipient`: the Teams `29:` id of the person the card is for; Teams refreshes it automatically for them. */
export function chairRoundCard(m: ChairRoundModel, recipient: CardRecipient): AdaptiveCard {
  const data = { conferenceId: m.conferenceId };
  const status = m.approved
    ? 'The decision is approved.'
    : m.decided
      ? 'The decision is recorded; approve it to release the letters.'
      : m.round === 'open'
        ? 'The round of views is open.'
        : m.round === 'closed'
          ? 'The round of views is closed.'
          : 'The round of views has not been opened.';
  const body: Json[] = [
    title(`${m.reference}: round of views`),
    text(`${status} This is not a vote: you decide.`),
    ...(m.pending ? [text(m.pending, { color: 'Attention' })] : []),
    ...m.children.map((c) => childSection(m, c)),
  ];
  if (m.decision) {
    body.push(text('Decision', { weight: 'Bolder', separator: true }));
    for (const o of m.decision.outcomes)
      body.push(
        facts([
          ['Child', o.childLabel],
          ...describeView({
            recommendation: o.outcome,
            categories: o.categories,
            rationale: o.rationale,
            ...(o.scale !== undefined ? { scale: o.scale } : {}),
          }),
          [FAMILY_REASON_FACT, o.familyRationale ?? '—'],
        ]),
        ...(o.familyReasonGap
          ? [text(`${familyReasonWarning(o.childLabel, o.familyReasonGap)}.`, { color: 'Attention' })]
          : []),
      );
    if (m.decision.dissent.length) {
      body.push(text('Dissent recorded (each has been told of their escalation route):', { weight: 'Bolder' }));
      body.push(
        facts(
          m.decision.dissent.map((d) => [
            `${d.who}, ${d.childLabel}`,
            `${d.recommendation ? RECOMMENDATION_LABEL[d.recommendation] : 'differs'}. Escalation: ${d.route}`,
          ]),
        ),
      );
    }
  }
  const actions: Json[] = [];
  if (m.round === 'not-open' && !m.decided) actions.push(execute('Open the round of views', 'open-views', data));
  if (m.round === 'open') actions.push(recordForAction(m), execute('Close the round of views', 'close-views', data));
  if (m.round !== 'not-open' && !m.approved) actions.push(decideAction(m));
  if (m.decided && !m.approved) actions.push(execute('Approve the decision', 'approve', data, { style: 'positive' }));
  // After approval: any parent whose letter waits until someone tells them (held-letters.ts).
  if (m.approved) actions.push(execute('Parents to tell the decision', 'refresh', { ...data, card: 'held-letters' }));
  actions.push(execute('Refresh', 'refresh', { ...data, card: 'round' }));
  return card({ body, actions, refresh: { data: { ...data, card: 'round' }, userIds: [recipient] } });
}

/**
 * Sent one-to-one to someone whose view differs from the chair's decision. `family` is for a parent,
 * carer or someone speaking for them: they have no agency, and their route is the family's.
 */
export function dissentCard(m: {
  reference: string;
  childLabel: string;
  decision: Recommendation;
  yours?: Recommendation;
  route: string;
  family?: boolean;
}): AdaptiveCard {
  return card({
    body: [
      title(`${m.reference}: your view differs from the decision`),
      facts([
        ['Child', m.childLabel],
        ['Decision', RECOMMENDATION_LABEL[m.decision]],
        ['Your view', m.yours ? RECOMMENDATION_LABEL[m.yours] : '(free text)'],
      ]),
      text(
        m.family
          ? 'Your view is recorded in the minutes. If you disagree with the decision, you can take it to:'
          : 'Your view is recorded as dissent in the minutes. If you disagree with the decision, your agency can use the escalation route:',
      ),
      text(m.route, { weight: 'Bolder' }),
    ],
  });
}
