/**
 * Server-rendered HTML with escaping in one place: `html` is a tagged template whose
 * interpolations are escaped unless they are themselves `Html` (built here). Form helpers give
 * every input a label, hint and error wired with aria-describedby, as GOV.UK-style pages do.
 */
import { DateTime } from 'luxon';
import type { FieldIssue } from '../../../domain/errors.ts';
import { escapeHtml } from '../../../content/escape.ts';
import { LONDON } from '../../../domain/calendar/zone.ts';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const esc = escapeHtml;

function render(p: Part): string {
  if (p === null || p === undefined || p === false || p === true) return '';
  if (p instanceof Html) return p.value;
  if (Array.isArray(p)) return p.map(render).join('');
  return esc(String(p));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0]!;
  parts.forEach((p, i) => {
    out += render(p) + strings[i + 1]!;
  });
  return new Html(out);
}

export interface PageOptions {
  /** Goes into <title>: a reference and "Child 1" at most, never a name. */
  title: string;
  heading: string;
  body: Html;
  /** Service line under the banner, e.g. "Coordinator dashboard". */
  service?: string;
  nav?: Html;
  /** A same-site path to move on to at once (meta refresh: no script needed). */
  refreshTo?: string;
  /** Same-origin scripts (only the Teams tab configuration page has any). */
  scripts?: string[];
  /** Uses the width of a wide screen (the coordinator's tables). */
  wide?: boolean;
  /** The footer's line, when not the family's and professionals' "tell the conference coordinator". */
  footer?: string;
}

export function page(o: PageOptions): string {
  return `<!doctype html>${html`<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow">${o.refreshTo ? html`<meta http-equiv="refresh" content="0;url=${o.refreshTo}">` : ''}<title>${o.title} – Child protection conference</title><link rel="stylesheet" href="/static/pages.css">${(o.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}</head><body${o.wide ? new Html(' class="wide"') : ''}><a class="skip" href="#main">Skip to main content</a><header class="banner"><p class="service">${o.service ?? 'Child protection conference'}</p>${o.nav}</header><main id="main" tabindex="-1"><h1>${o.heading}</h1>${o.body}</main><footer class="footer"><p>${o.footer ?? 'If something on this page is wrong or hard to use, tell the conference coordinator.'}</p></footer></body></html>`.value}`;
}

// ---------- dates, always London ----------
/** "Mon 4 Jan 2027, 10:00" in London time. */
export function when(iso: string | number | undefined): string {
  if (iso === undefined || iso === '') return '—';
  const dt = typeof iso === 'number' ? DateTime.fromMillis(iso) : DateTime.fromISO(iso);
  return dt.isValid ? dt.setZone(LONDON).toFormat('ccc d LLL yyyy, HH:mm') : String(iso);
}
/** "Monday 4 January 2027" for plain-language pages. */
export const longDay = (iso: string): string => DateTime.fromISO(iso).setZone(LONDON).toFormat('cccc d LLLL yyyy');
export const clock = (iso: string): string => DateTime.fromISO(iso).setZone(LONDON).toFormat('HH:mm');
export const dateOnly = (iso: string): string => DateTime.fromISO(iso).setZone(LONDON).toFormat('d LLLL yyyy');

// ---------- forms ----------
export interface FormState {
  values: Record<string, string | string[] | undefined>;
  errors: FieldIssue[];
}
export const emptyForm = (values: FormState['values'] = {}): FormState => ({ values, errors: [] });

const val = (f: FormState, name: string): string => {
  const v = f.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
const vals = (f: FormState, name: string): string[] => {
  const v = f.values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
};
export const errorFor = (f: FormState, ...fields: string[]): string | undefined =>
  f.errors.find((e) => fields.some((x) => e.field === x || e.field.endsWith(`.${x}`)))?.message;

/** An error summary at the top of a form, linking to each field (focus lands here via the alert role). */
export function errorSummary(f: FormState, fieldIds: Record<string, string> = {}): Html {
  if (!f.errors.length) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1"><h2 id="error-summary-title">There is a problem</h2><ul>${f.errors.map(
    (e) => {
      const id = fieldIds[e.field] ?? fieldIds[e.field.split('.').at(-1)!];
      return id ? html`<li><a href="#${id}">${e.message}</a></li>` : html`<li>${e.message}</li>`;
    },
  )}</ul></div>`;
}

const describedBy = (id: string, hint?: string, error?: string) => {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? new Html(` aria-describedby="${ids}"`) : html``;
};
const hintAndError = (id: string, hint?: string, error?: string) =>
  html`${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}${error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error: </span>${error}</p>` : ''}`;

export interface FieldOpts {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

export function textInput(
  f: FormState,
  o: FieldOpts & { type?: string; autocomplete?: string; value?: string; inputmode?: string },
): Html {
  const v = o.value ?? val(f, o.name);
  // A date and time the server refused comes back as typed, in a text box: a date-time picker cannot
  // show it, nor take the offset that a time happening twice (the clocks going back) needs.
  const type = o.type === 'datetime-local' && o.error ? 'text' : (o.type ?? 'text');
  return html`<div class="field${o.error ? ' field-error' : ''}"><label for="${o.id}">${o.label}</label>${hintAndError(o.id, o.hint, o.error)}<input id="${o.id}" name="${o.name}" type="${type}" value="${v}"${o.autocomplete ? new Html(` autocomplete="${esc(o.autocomplete)}"`) : ''}${o.required ? new Html(' required') : ''}${o.error ? new Html(' aria-invalid="true"') : ''}${describedBy(o.id, o.hint, o.error)}></div>`;
}

export function textArea(f: FormState, o: FieldOpts & { rows?: number; value?: string }): Html {
  const v = o.value ?? val(f, o.name);
  return html`<div class="field${o.error ? ' field-error' : ''}"><label for="${o.id}">${o.label}</label>${hintAndError(o.id, o.hint, o.error)}<textarea id="${o.id}" name="${o.name}" rows="${o.rows ?? 5}"${o.required ? new Html(' required') : ''}${o.error ? new Html(' aria-invalid="true"') : ''}${describedBy(o.id, o.hint, o.error)}>${v}</textarea></div>`;
}

export function select(
  f: FormState,
  o: FieldOpts & { options: [value: string, label: string][]; value?: string },
): Html {
  const v = o.value ?? val(f, o.name);
  return html`<div class="field${o.error ? ' field-error' : ''}"><label for="${o.id}">${o.label}</label>${hintAndError(o.id, o.hint, o.error)}<select id="${o.id}" name="${o.name}"${o.error ? new Html(' aria-invalid="true"') : ''}${describedBy(o.id, o.hint, o.error)}>${o.options.map(([value, label]) => html`<option value="${value}"${value === v ? new Html(' selected') : ''}>${label}</option>`)}</select></div>`;
}

/** Radios or checkboxes in a fieldset with a legend. */
export function choices(
  f: FormState,
  o: Omit<FieldOpts, 'label'> & {
    legend: string;
    type: 'radio' | 'checkbox';
    options: [value: string, label: string][];
    checked?: string[];
  },
): Html {
  const checked = o.checked ?? vals(f, o.name);
  return html`<div class="field${o.error ? ' field-error' : ''}"><fieldset id="${o.id}"${describedBy(o.id, o.hint, o.error)}><legend>${o.legend}</legend>${hintAndError(o.id, o.hint, o.error)}<div class="choices">${o.options.map(
    ([value, label], i) =>
      html`<div class="choice"><input id="${o.id}-${i}" name="${o.name}" type="${o.type}" value="${value}"${checked.includes(value) ? new Html(' checked') : ''}${o.required && o.type === 'radio' ? new Html(' required') : ''}><label for="${o.id}-${i}">${label}</label></div>`,
  )}</div></fieldset></div>`;
}

export const hidden = (name: string, value: string): Html =>
  html`<input type="hidden" name="${name}" value="${value}">`;
export const button = (label: string, cls = 'button'): Html =>
  html`<button type="submit" class="${cls}">${label}</button>`;
export const notice = (text: string | Html, kind: 'success' | 'info' | 'warning' = 'info'): Html =>
  html`<div class="notice notice-${kind}" role="${kind === 'success' ? 'status' : 'note'}">${text}</div>`;
export function facts(rows: [string, string | Html][]): Html {
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

/** A labelled, scrollable table (a region the keyboard can reach), or "None." when there are no rows. */
export const table = (label: string, head: string[], rows: Html[]): Html =>
  rows.length
    ? html`<div class="table-wrap" role="region" aria-label="${label}" tabindex="0"><table><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p>None.</p>`;
