/**
 * The fields of one view or one decision for one child, shared by the attendee's views page and
 * the chair's page: recommendation, categories of harm (only with a child protection plan),
 * reasons and the policy's 0–10 scale. The rules themselves live in domain/views.ts.
 */
import type { Policy } from '../../../domain/policy/schema.ts';
import { errorFor, choices, select, textArea, type FormState, html, type Html } from './html.ts';
import { CATEGORY_LABEL, RECOMMENDATION_LABEL, plainRecommendation } from '../../../content/labels.ts';

export interface ViewFieldOpts {
  /** Id prefix, unique on the page: `v-c1`, `d-c1`. */
  prefix: string;
  /** Name prefix for the decision form (`c1-`), empty for a single view form. */
  names?: string;
  plain: boolean;
  childLabel: string;
  /** 'view' asks for a recommendation, 'decision' for the chair's outcome. */
  kind: 'view' | 'decision';
  /** The family's view: a recommendation is optional. */
  optionalRecommendation?: boolean;
}

export function viewFieldIds(prefix: string): Record<string, string> {
  return {
    recommendation: `${prefix}-recommendation`,
    outcome: `${prefix}-recommendation`,
    categories: `${prefix}-categories`,
    rationale: `${prefix}-rationale`,
    scale: `${prefix}-scale`,
    childId: `${prefix}-recommendation`,
  };
}

export function viewFields(policy: Policy, f: FormState, o: ViewFieldOpts): Html {
  const n = o.names ?? '';
  const ids = viewFieldIds(o.prefix);
  const s = policy.views.scale;
  const recLegend =
    o.kind === 'decision'
      ? `Decision for ${o.childLabel}`
      : o.optionalRecommendation
        ? 'Their recommendation'
        : o.plain
          ? `What do you think should happen for ${o.childLabel}?`
          : `Your recommendation for ${o.childLabel}`;
  return html`${choices(f, {
    id: ids.recommendation!,
    name: `${n}recommendation`,
    legend: recLegend,
    type: 'radio',
    required: !o.optionalRecommendation,
    ...(o.optionalRecommendation ? { hint: 'Leave blank if the family did not say.' } : {}),
    options: policy.views.recommendations.map((r) => [r, o.plain ? plainRecommendation(r) : RECOMMENDATION_LABEL[r]]),
    ...(errorFor(f, 'recommendation', 'outcome') ? { error: errorFor(f, 'recommendation', 'outcome')! } : {}),
  })}${choices(f, {
    id: ids.categories!,
    name: `${n}categories`,
    legend: o.plain
      ? 'If you chose a child protection plan: what kind of harm are you worried about?'
      : 'Category of harm',
    hint: o.plain
      ? 'Only answer this if you chose a child protection plan. You can tick more than one.'
      : 'Only with a child protection plan. Tick all that apply.',
    type: 'checkbox',
    options: policy.views.categories.map((c) => [c, CATEGORY_LABEL[c]]),
    ...(errorFor(f, 'categories') ? { error: errorFor(f, 'categories')! } : {}),
  })}${textArea(f, {
    id: ids.rationale!,
    name: `${n}rationale`,
    label: o.plain ? 'Why do you think this?' : 'Reasons',
    hint: o.plain ? 'Write it in your own words.' : 'The evidence and analysis behind it.',
    required: true,
    ...(errorFor(f, 'rationale') ? { error: errorFor(f, 'rationale')! } : {}),
  })}${select(f, {
    id: ids.scale!,
    name: `${n}scale`,
    label: o.plain ? `How safe do you think ${o.childLabel} is, from 0 to 10?` : `Scale from ${s.min} to ${s.max}`,
    hint: `${s.min} means ${s.minLabel}; ${s.max} means ${s.maxLabel}. You can leave this blank.`,
    options: [
      ['', 'Not given'],
      ...Array.from({ length: s.max - s.min + 1 }, (_, i): [string, string] => [String(s.min + i), String(s.min + i)]),
    ],
    ...(errorFor(f, 'scale') ? { error: errorFor(f, 'scale')! } : {}),
  })}`;
}

const one = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const many = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** Form fields → the raw object the use-case validates (ViewBody / a DecisionBody outcome). */
export function readViewFields(
  body: Record<string, unknown>,
  names = '',
): { recommendation?: string; categories: string[]; rationale: string; scale?: number } {
  const rec = one(body[`${names}recommendation`]);
  const scale = one(body[`${names}scale`]).trim();
  return {
    ...(rec ? { recommendation: rec } : {}),
    categories: many(body[`${names}categories`]),
    rationale: one(body[`${names}rationale`]),
    ...(scale ? { scale: /^\d+$/.test(scale) ? Number(scale) : Number.NaN } : {}),
  };
}

export { one, many };

/** One recorded view, read-only. */
export function viewSummary(
  v: { recommendation?: string; categories: string[]; rationale: string; scale?: number },
  plain: boolean,
): Html {
  const rec = v.recommendation
    ? plain
      ? plainRecommendation(v.recommendation as never)
      : RECOMMENDATION_LABEL[v.recommendation as keyof typeof RECOMMENDATION_LABEL]
    : 'No recommendation given';
  const cats = v.categories.map((x) => CATEGORY_LABEL[x as keyof typeof CATEGORY_LABEL] ?? x).join(', ');
  return html`<dl class="facts"><div><dt>${plain ? 'What should happen' : 'Recommendation'}</dt><dd>${rec}</dd></div>${cats ? html`<div><dt>${plain ? 'Harm' : 'Categories'}</dt><dd>${cats}</dd></div>` : ''}<div><dt>${plain ? 'Why' : 'Reasons'}</dt><dd class="prose">${v.rationale}</dd></div>${v.scale !== undefined ? html`<div><dt>Scale</dt><dd>${v.scale} out of 10</dd></div>` : ''}</dl>`;
}

/** Rule messages made readable on a page: the zod wording for a missing choice becomes an instruction. */
export function friendlyIssues(
  issues: readonly { field: string; message: string }[],
): { field: string; message: string }[] {
  return issues.map((i) => {
    const last = i.field.split('.').at(-1) ?? '';
    let message = i.message;
    if ((last === 'recommendation' || last === 'outcome') && (message === 'required' || /^Invalid/i.test(message)))
      message = last === 'outcome' ? 'Choose a decision for this child' : 'Choose a recommendation';
    else if (last === 'scale' && /^Invalid/i.test(message)) message = 'Choose a number from 0 to 10, or leave it blank';
    else if (last === 'rationale' && /say why|too small|at least/i.test(message)) message = 'Say why';
    return { field: i.field, message: message.charAt(0).toUpperCase() + message.slice(1) };
  });
}
