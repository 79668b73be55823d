/**
 * A focused structural validator for the Adaptive Card 1.5 subset Teams renders (ajv and the
 * official schema are not installed): known element and action types with their known properties,
 * enumerations, Action.Execute with a verb, inputs with unique ids, choice sets whose choices have
 * a title and value, number ranges, and `refresh.userIds` of at most 60 `29:` ids.
 */
const COMMON_ELEMENT = ['type', 'id', 'spacing', 'separator', 'isVisible', 'height', 'fallback', 'requires'];
const COMMON_INPUT = [...COMMON_ELEMENT, 'label', 'isRequired', 'errorMessage', 'value'];
const ELEMENTS: Record<string, string[]> = {
  TextBlock: [
    ...COMMON_ELEMENT,
    'text',
    'wrap',
    'weight',
    'size',
    'color',
    'isSubtle',
    'style',
    'maxLines',
    'horizontalAlignment',
    'fontType',
  ],
  FactSet: [...COMMON_ELEMENT, 'facts'],
  Container: [
    ...COMMON_ELEMENT,
    'items',
    'style',
    'bleed',
    'verticalContentAlignment',
    'selectAction',
    'minHeight',
    'rtl',
  ],
  ColumnSet: [...COMMON_ELEMENT, 'columns', 'style', 'bleed', 'selectAction', 'horizontalAlignment', 'minHeight'],
  Image: [...COMMON_ELEMENT, 'url', 'altText', 'size', 'style', 'width', 'horizontalAlignment', 'selectAction'],
  ActionSet: [...COMMON_ELEMENT, 'actions'],
  'Input.Text': [...COMMON_INPUT, 'isMultiline', 'maxLength', 'placeholder', 'style', 'regex', 'inlineAction'],
  'Input.Number': [...COMMON_INPUT, 'min', 'max', 'placeholder'],
  'Input.Date': [...COMMON_INPUT, 'min', 'max', 'placeholder'],
  'Input.Time': [...COMMON_INPUT, 'min', 'max', 'placeholder'],
  'Input.Toggle': [...COMMON_INPUT, 'title', 'valueOn', 'valueOff', 'wrap'],
  'Input.ChoiceSet': [...COMMON_INPUT, 'choices', 'isMultiSelect', 'style', 'placeholder', 'wrap'],
};
const COMMON_ACTION = [
  'type',
  'title',
  'id',
  'iconUrl',
  'style',
  'fallback',
  'tooltip',
  'isEnabled',
  'mode',
  'requires',
];
const ACTIONS: Record<string, string[]> = {
  'Action.Execute': [...COMMON_ACTION, 'verb', 'data', 'associatedInputs'],
  'Action.Submit': [...COMMON_ACTION, 'data', 'associatedInputs'],
  'Action.OpenUrl': [...COMMON_ACTION, 'url'],
  'Action.ShowCard': [...COMMON_ACTION, 'card'],
  'Action.ToggleVisibility': [...COMMON_ACTION, 'targetElements'],
};
const ENUMS: Record<string, readonly string[]> = {
  weight: ['Default', 'Lighter', 'Bolder'],
  size: ['Default', 'Small', 'Medium', 'Large', 'ExtraLarge', 'Auto', 'Stretch'],
  color: ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'],
  spacing: ['None', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding'],
};
const TEXTBLOCK_STYLE = ['default', 'heading'];
const CONTAINER_STYLE = ['default', 'emphasis', 'good', 'attention', 'warning', 'accent'];
const ACTION_STYLE = ['default', 'positive', 'destructive'];
const ROOT = [
  'type',
  'version',
  '$schema',
  'body',
  'actions',
  'refresh',
  'fallbackText',
  'speak',
  'lang',
  'msteams',
  'minHeight',
  'verticalContentAlignment',
  'selectAction',
  'backgroundImage',
  'rtl',
  'metadata',
  'authentication',
];

export interface ValidateOptions {
  /** Verbs the bot handles: every Action.Execute must use one of them. */
  verbs?: readonly string[];
}

export function validateAdaptiveCard(card: unknown, options: ValidateOptions = {}): string[] {
  const errors: string[] = [];
  const inputIds = new Set<string>();
  const err = (path: string, msg: string) => errorsPush(errors, path, msg);
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

  function props(path: string, o: Record<string, unknown>, allowed: string[]) {
    for (const k of Object.keys(o))
      if (!allowed.includes(k)) err(path, `unknown property "${k}" on ${String(o['type'])}`);
    for (const [k, values] of Object.entries(ENUMS))
      if (k in o && !values.includes(String(o[k])))
        err(`${path}.${k}`, `"${String(o[k])}" is not one of ${values.join(', ')}`);
  }

  function action(path: string, a: unknown) {
    if (!obj(a)) return err(path, 'action must be an object');
    const t = String(a['type']);
    const allowed = ACTIONS[t];
    if (!allowed) return err(path, `unknown action type "${t}"`);
    props(path, a, allowed);
    if ('style' in a && !ACTION_STYLE.includes(String(a['style']))) err(`${path}.style`, 'not an action style');
    if (!path.endsWith('refresh.action') && !nonEmpty(a['title'])) err(`${path}.title`, 'required');
    if (t === 'Action.Execute') {
      if (!nonEmpty(a['verb'])) err(`${path}.verb`, 'Action.Execute needs a verb');
      else if (options.verbs && !options.verbs.includes(String(a['verb'])))
        err(`${path}.verb`, `"${String(a['verb'])}" is not a verb the bot handles`);
      if ('data' in a && !obj(a['data'])) err(`${path}.data`, 'must be an object');
    }
    if (t === 'Action.OpenUrl' && !(nonEmpty(a['url']) && URL.canParse(String(a['url']))))
      err(`${path}.url`, 'must be a URL');
    if (t === 'Action.ShowCard') {
      const inner = a['card'];
      if (!obj(inner) || inner['type'] !== 'AdaptiveCard') return err(`${path}.card`, 'must be an AdaptiveCard');
      props(`${path}.card`, inner, ROOT);
      elements(`${path}.card.body`, inner['body']);
      if ('actions' in inner) actions(`${path}.card.actions`, inner['actions']);
    }
  }
  function actions(path: string, list: unknown) {
    if (!Array.isArray(list)) return err(path, 'must be an array');
    list.forEach((a, i) => action(`${path}[${i}]`, a));
  }

  function element(path: string, e: unknown) {
    if (!obj(e)) return err(path, 'element must be an object');
    const t = String(e['type']);
    const allowed = ELEMENTS[t];
    if (!allowed) return err(path, `unknown element type "${t}"`);
    props(path, e, allowed);
    if (t === 'TextBlock') {
      if (typeof e['text'] !== 'string') err(`${path}.text`, 'required');
      if ('style' in e && !TEXTBLOCK_STYLE.includes(String(e['style']))) err(`${path}.style`, 'not a TextBlock style');
    }
    if (t === 'FactSet') {
      if (!Array.isArray(e['facts'])) err(`${path}.facts`, 'required');
      else
        (e['facts'] as unknown[]).forEach(
          (f, i) =>
            (!obj(f) || typeof f['title'] !== 'string' || typeof f['value'] !== 'string') &&
            err(`${path}.facts[${i}]`, 'needs title and value strings'),
        );
    }
    if (t === 'Container') {
      elements(`${path}.items`, e['items']);
      if ('style' in e && !CONTAINER_STYLE.includes(String(e['style']))) err(`${path}.style`, 'not a container style');
    }
    if (t === 'ActionSet') actions(`${path}.actions`, e['actions']);
    if (t.startsWith('Input.')) {
      const id = e['id'];
      if (!nonEmpty(id)) err(`${path}.id`, 'inputs need an id');
      else if (inputIds.has(String(id))) err(`${path}.id`, `duplicate input id "${String(id)}"`);
      else inputIds.add(String(id));
      if (e['isRequired'] === true && !nonEmpty(e['errorMessage']))
        err(`${path}.errorMessage`, 'a required input needs an errorMessage');
    }
    if (t === 'Input.ChoiceSet') {
      const choices = e['choices'];
      if (!Array.isArray(choices) || choices.length === 0) err(`${path}.choices`, 'needs at least one choice');
      else {
        choices.forEach(
          (c, i) =>
            (!obj(c) || !nonEmpty(c['title']) || typeof c['value'] !== 'string' || !c['value']) &&
            err(`${path}.choices[${i}]`, 'needs a title and a value'),
        );
        if (typeof e['value'] === 'string' && e['value']) {
          const values = new Set((choices as { value: string }[]).map((c) => c.value));
          for (const v of String(e['value']).split(','))
            if (!values.has(v)) err(`${path}.value`, `"${v}" is not a choice`);
        }
      }
      if ('style' in e && !['compact', 'expanded', 'filtered'].includes(String(e['style'])))
        err(`${path}.style`, 'not a ChoiceSet style');
    }
    if (t === 'Input.Number') {
      const { min, max, value } = e as { min?: unknown; max?: unknown; value?: unknown };
      if (min !== undefined && typeof min !== 'number') err(`${path}.min`, 'must be a number');
      if (max !== undefined && typeof max !== 'number') err(`${path}.max`, 'must be a number');
      if (typeof min === 'number' && typeof max === 'number' && min > max) err(path, 'min above max');
      if (
        value !== undefined &&
        (typeof value !== 'number' ||
          (typeof min === 'number' && value < min) ||
          (typeof max === 'number' && value > max))
      )
        err(`${path}.value`, 'out of range');
    }
    if (t === 'Input.Date' && e['value'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(e['value'])))
      err(`${path}.value`, 'must be YYYY-MM-DD');
  }
  function elements(path: string, list: unknown) {
    if (!Array.isArray(list)) return err(path, 'must be an array');
    list.forEach((e, i) => element(`${path}[${i}]`, e));
  }

  if (!obj(card)) return ['card: must be an object'];
  if (card['type'] !== 'AdaptiveCard') err('type', 'must be "AdaptiveCard"');
  if (card['version'] !== '1.5') err('version', 'must be "1.5"');
  props('card', card, ROOT);
  elements('body', card['body']);
  if ('actions' in card) actions('actions', card['actions']);
  if ('refresh' in card) {
    const r = card['refresh'];
    if (!obj(r)) err('refresh', 'must be an object');
    else {
      for (const k of Object.keys(r))
        if (!['action', 'userIds', 'expires'].includes(k)) err('refresh', `unknown property "${k}"`);
      if (!obj(r['action']) || r['action']['type'] !== 'Action.Execute')
        err('refresh.action', 'must be an Action.Execute');
      else action('refresh.action', r['action']);
      if ('userIds' in r) {
        const ids = r['userIds'];
        if (!Array.isArray(ids)) err('refresh.userIds', 'must be an array');
        else {
          if (ids.length > 60) err('refresh.userIds', `at most 60 users (got ${ids.length})`);
          ids.forEach(
            (id, i) =>
              (typeof id !== 'string' || !id.startsWith('29:')) &&
              err(`refresh.userIds[${i}]`, 'must be a Teams 29: id'),
          );
        }
      }
    }
  }
  return errors;
}

function errorsPush(errors: string[], path: string, msg: string): void {
  errors.push(`${path}: ${msg}`);
}
