/**
 * The Adaptive Card 1.5 vocabulary our builders use, and small element helpers. Pure: no Teams
 * imports, no I/O. Every card carries the conference id in each action's data so a submit can be
 * routed without trusting anything else on the card.
 */

export type Json = Record<string, unknown>;
export interface AdaptiveCard extends Json {
  type: 'AdaptiveCard';
  version: '1.5';
  $schema: string;
  body: Json[];
  actions?: Json[];
  refresh?: { action: Json; userIds?: string[] };
}

export const SCHEMA_URL = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Teams refreshes a card automatically for at most 60 users listed by their `29:` ids. */
export const MAX_REFRESH_USERS = 60;

export const VERBS = [
  'view',
  'close-views',
  'decide',
  'refresh',
  'open-views',
  'report-submit',
  'report-shared',
  'cant-attend',
  'rsvp',
  'checklist-tick',
  'record-view-for',
  'attendance',
  'exclusion',
  'approve',
  'told-in-person',
  'release-letter',
] as const;
export type Verb = (typeof VERBS)[number];

/** What a refresh rebuilds: the card kind and its target. */
export type RefreshTarget =
  | { card: 'view'; childId: string }
  | { card: 'round' }
  | { card: 'checklist' }
  | { card: 'report' }
  | { card: 'briefing' }
  | { card: 'held-letters' };

/**
 * The person a card is for, by their Teams `29:` id. A card that refreshes names them in
 * `refresh.userIds`: Teams refreshes a card automatically only for the users listed there, and an
 * empty list means "refresh by hand only" (Microsoft, Universal Actions: "userIds"), so a card sent
 * unprompted would go stale on their screen.
 */
export type CardRecipient = string;

export function card(args: {
  body: Json[];
  actions?: Json[];
  refresh?: { data: Json; userIds: readonly CardRecipient[] };
  fallbackText?: string;
}): AdaptiveCard {
  const out: AdaptiveCard = { type: 'AdaptiveCard', version: '1.5', $schema: SCHEMA_URL, body: args.body };
  if (args.actions?.length) out.actions = args.actions;
  if (args.fallbackText) out['fallbackText'] = args.fallbackText;
  if (args.refresh) {
    const userIds = args.refresh.userIds.filter((id) => id.trim() !== '').slice(0, MAX_REFRESH_USERS);
    if (!userIds.length)
      throw new Error('refresh.userIds: a card that refreshes must name the person it is for (their 29: id)');
    out.refresh = { action: execute('Refresh', 'refresh', args.refresh.data), userIds };
  }
  return out;
}

export const title = (text: string): Json => ({
  type: 'TextBlock',
  text,
  weight: 'Bolder',
  size: 'Medium',
  wrap: true,
  style: 'heading',
});
export const text = (t: string, extra: Json = {}): Json => ({ type: 'TextBlock', text: t, wrap: true, ...extra });
export const subtle = (t: string): Json => text(t, { isSubtle: true, size: 'Small' });
export const facts = (rows: [string, string][]): Json => ({
  type: 'FactSet',
  facts: rows.map(([t, v]) => ({ title: t, value: v })),
});
export const container = (items: Json[], extra: Json = {}): Json => ({ type: 'Container', items, ...extra });

export function execute(titleText: string, verb: Verb, data: Json, extra: Json = {}): Json {
  return { type: 'Action.Execute', title: titleText, verb, data, ...extra };
}
export function showCard(titleText: string, inner: { body: Json[]; actions: Json[] }): Json {
  return {
    type: 'Action.ShowCard',
    title: titleText,
    card: { type: 'AdaptiveCard', body: inner.body, actions: inner.actions },
  };
}
export function openUrl(titleText: string, url: string): Json {
  return { type: 'Action.OpenUrl', title: titleText, url };
}

export interface Choice {
  title: string;
  value: string;
}
export function choiceSet(
  id: string,
  label: string,
  choices: Choice[],
  opts: {
    multi?: boolean;
    required?: boolean;
    value?: string;
    style?: 'compact' | 'expanded';
    errorMessage?: string;
  } = {},
): Json {
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    choices,
    isMultiSelect: opts.multi ?? false,
    style: opts.style ?? 'expanded',
    ...(opts.required ? { isRequired: true, errorMessage: opts.errorMessage ?? `${label}: required` } : {}),
    ...(opts.value !== undefined ? { value: opts.value } : {}),
  };
}
export function textInput(
  id: string,
  label: string,
  opts: {
    multiline?: boolean;
    required?: boolean;
    value?: string;
    placeholder?: string;
    maxLength?: number;
    style?: 'Text' | 'Email';
  } = {},
): Json {
  return {
    type: 'Input.Text',
    id,
    label,
    isMultiline: opts.multiline ?? false,
    ...(opts.maxLength ? { maxLength: opts.maxLength } : {}),
    ...(opts.style ? { style: opts.style } : {}),
    ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
    ...(opts.required ? { isRequired: true, errorMessage: `${label}: required` } : {}),
    ...(opts.value !== undefined ? { value: opts.value } : {}),
  };
}
export function numberInput(id: string, label: string, min: number, max: number, value?: number): Json {
  return { type: 'Input.Number', id, label, min, max, ...(value !== undefined ? { value } : {}) };
}
export function dateInput(id: string, label: string, value?: string): Json {
  return { type: 'Input.Date', id, label, ...(value ? { value } : {}) };
}

/** The scale with both ends named as the policy names them. */
export interface ScaleLabels {
  min: number;
  max: number;
  minLabel: string;
  maxLabel: string;
}
export const scaleHint = (s: ScaleLabels): string => `${s.min} = ${s.minLabel}; ${s.max} = ${s.maxLabel}`;
