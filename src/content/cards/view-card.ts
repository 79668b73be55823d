/**
 * One attendee's view for one child, sent to them one-to-one (never to the meeting chat). The
 * title names the child by label only ("Child 1 (c1)"); the body may show the child's first name,
 * because the card goes only to an invited professional who needs to know which child it is.
 */
import type { CategoryOfHarm, Recommendation } from '../../domain/vocabulary.ts';
import { CATEGORY_LABEL, RECOMMENDATION_LABEL } from '../labels.ts';
import {
  card,
  choiceSet,
  execute,
  facts,
  numberInput,
  scaleHint,
  subtle,
  text,
  textInput,
  title,
  type AdaptiveCard,
  type ScaleLabels,
  type CardRecipient,
} from './adaptive.ts';

export interface ChildRef {
  id: string;
  /** "Child 1 (c1)": safe for titles and previews. */
  label: string;
  /** Only for card bodies shown one-to-one to an invited professional. */
  firstName?: string;
}

export interface ViewSummary {
  recommendation?: Recommendation;
  categories: CategoryOfHarm[];
  rationale: string;
  scale?: number;
}

export interface ViewCardModel {
  conferenceId: string;
  reference: string;
  child: ChildRef;
  recommendations: readonly Recommendation[];
  categories: readonly CategoryOfHarm[];
  scale: ScaleLabels;
  round: 'open' | 'closed' | 'not-open';
  current?: ViewSummary;
  /** Where their disagreement with the decision goes, from the policy's route (escalation-notice.ts `ifYouDisagree`). */
  ifYouDisagree?: string;
}

export function describeView(v: ViewSummary): [string, string][] {
  return [
    ['Recommendation', v.recommendation ? RECOMMENDATION_LABEL[v.recommendation] : '(free text only)'],
    ...(v.categories.length
      ? [['Categories of harm', v.categories.map((c) => CATEGORY_LABEL[c]).join(', ')] as [string, string]]
      : []),
    ...(v.scale !== undefined ? [['Safety scale', String(v.scale)] as [string, string]] : []),
    ['Why', v.rationale],
  ];
}

/** `recipient`: the Teams `29:` id of the person the card is for; Teams refreshes it automatically for them. */
export function viewCard(m: ViewCardModel, recipient: CardRecipient): AdaptiveCard {
  const data = { conferenceId: m.conferenceId, childId: m.child.id };
  const head = [
    title(`${m.reference}: your view for ${m.child.label}`),
    ...(m.child.firstName ? [subtle(`This is about ${m.child.firstName}.`)] : []),
  ];
  const refresh = { data: { ...data, card: 'view' }, userIds: [recipient] };
  if (m.round !== 'open') {
    const closed = m.round === 'closed';
    return card({
      body: [
        ...head,
        text(
          closed
            ? 'The chair has closed the round of views. Views can no longer be changed.'
            : 'The chair has not opened the round of views yet.',
          { weight: 'Bolder' },
        ),
        ...(m.current
          ? [
              text('Your view as recorded:'),
              facts(describeView(m.current)),
              ...(m.ifYouDisagree ? [subtle(m.ifYouDisagree)] : []),
            ]
          : closed
            ? [text('No view was recorded from you for this child.')]
            : []),
      ],
      refresh,
    });
  }
  const cur = m.current;
  return card({
    body: [
      ...head,
      text(
        'Give your view for this child. This is not a vote: the chair hears every view and decides. You can change your view until the chair closes the round.',
      ),
      ...(cur
        ? [
            subtle('Your view is saved. Change anything below and save again.'),
            ...(m.ifYouDisagree ? [subtle(m.ifYouDisagree)] : []),
          ]
        : []),
      choiceSet(
        'recommendation',
        'Your recommendation',
        m.recommendations.map((r) => ({ title: RECOMMENDATION_LABEL[r], value: r })),
        { required: true, ...(cur?.recommendation ? { value: cur.recommendation } : {}) },
      ),
      choiceSet(
        'categories',
        'Category or categories of harm (only if you recommend a child protection plan)',
        m.categories.map((c) => ({ title: CATEGORY_LABEL[c], value: c })),
        {
          multi: true,
          ...(cur?.categories.length ? { value: cur.categories.join(',') } : {}),
        },
      ),
      textInput('rationale', 'Why (your reasons)', {
        multiline: true,
        required: true,
        maxLength: 4000,
        ...(cur ? { value: cur.rationale } : {}),
      }),
      numberInput('scale', `Safety scale (${scaleHint(m.scale)})`, m.scale.min, m.scale.max, cur?.scale),
    ],
    actions: [execute(cur ? 'Save my changed view' : 'Save my view', 'view', data, { style: 'positive' })],
    refresh,
  });
}
