/**
 * Create a conference from the browser: choose the policy, then a form with that policy's fields
 * (its meeting modes, whether it asks for managers' emails). The form is turned into the API's body
 * and given to the same use-case `POST /api/conferences` calls, so the checks and messages are the
 * API's; each error names the field it is about and nothing is created. Blank rows are left out.
 * No script; CSRF; audited with the signed-in coordinator's identity.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../../../app/deps.ts';
import { createConference } from '../../../../app/conference/create-conference.ts';
import { ValidationError, type FieldIssue } from '../../../../domain/errors.ts';
import type { Policy } from '../../../../domain/policy/schema.ts';
import { CONFERENCE_KINDS, CONTACT_PREFERENCES, ROLE_LABELS, ROLES } from '../../../../domain/vocabulary.ts';
import { kindLabel } from '../../../../content/words.ts';
import {
  ATTENDEE_FIELD_HINT,
  ATTENDEE_FIELD_LABEL,
  CONTACT_LABEL,
  CREATE_FIELD_LABEL as LABEL,
  CREATE_FORM,
  MODE_LABEL,
  STARTS_AT_HINT,
} from '../../../../content/desk-form-words.ts';
import { button, choices, emptyForm, errorSummary, hidden, html, select, textArea, textInput } from '../html.ts';
import type { FormState, Html } from '../html.ts';
import type { ChangeHelpers } from './change-routes.ts';
import { conferenceDone } from './shell.ts';
import { followOnPendingWords } from '../../../../content/follow-on-words.ts';

const CHILD_ROWS = 4;
const ATTENDEE_ROWS = 10;
const CHILD_FIELDS = ['firstName', 'lastName', 'dateOfBirth', 'expectedDueDate'] as const;
const ATTENDEE_FIELDS = [
  'name',
  'role',
  'email',
  'agency',
  'managerEmail',
  'contactPreference',
  'postalAddress',
  'language',
  'interpreterNeeded',
  'accompanies',
  'childIds',
] as const;
/** The form's "comes with" value for the person in form row `row` (the API numbers only the rows filled in). */
const rowRef = (row: number) => `row-${row}`;
/** `children.2.firstName` → the form's `children-2-firstName`, and how the error names it. */
function formIssue(issue: FieldIssue, rows: { children: number[]; attendees: number[] }): FieldIssue & { id: string } {
  const parts = issue.field.split('.');
  const [list, index, field] = parts;
  if ((list === 'children' || list === 'attendees') && index !== undefined && /^\d+$/.test(index)) {
    const row = rows[list][Number(index)] ?? Number(index);
    const what = `${list === 'children' ? 'Child' : 'Attendee'} ${row + 1}${field ? `, ${LABEL[field] ?? field}` : ''}`;
    const known = field && (CHILD_FIELDS as readonly string[]).concat(ATTENDEE_FIELDS).includes(field);
    const id = known ? `${list}-${row}-${field}` : `${list}-${row}`;
    // "Who they come with" names the person by the API's id (a4): the form shows rows, so say the row.
    const empty = field === 'accompanies' ? /^no attendee a(\d+)\b/.exec(issue.message) : null;
    const message =
      empty && Number(empty[1]) > ATTENDEE_ROWS
        ? `attendee ${Number(empty[1]) - ATTENDEE_ROWS} is an empty row: choose the parent or carer they come with`
        : field === 'accompanies'
          ? issue.message.replace(
              /\ba(\d+)\b/g,
              (_, n: string) => `attendee ${(rows.attendees[Number(n) - 1] ?? Number(n) - 1) + 1}`,
            )
          : issue.message;
    return { field: id, id, message: `${what}: ${message}` };
  }
  const top = parts[0]!;
  const id = top === 'children' || top === 'attendees' ? `${top}-0` : top;
  return { field: id, id, message: `${LABEL[top] ?? top}: ${issue.message}` };
}

export type Values = Record<string, string | undefined>;

/** The form as the API's body; `rows` says which form row each list entry came from. */
export function bodyFromForm(v: Values, policy: Policy) {
  const text = (k: string) => (v[k]?.trim() ? v[k]!.trim() : undefined);
  const rows = { children: [] as number[], attendees: [] as number[] };
  const children = [];
  for (let i = 0; i < CHILD_ROWS; i++) {
    const c = Object.fromEntries(CHILD_FIELDS.map((f) => [f, text(`children-${i}-${f}`)]).filter(([, x]) => x));
    if (!Object.keys(c).length) continue;
    rows.children.push(i);
    children.push({ ...c, ...(c['expectedDueDate'] && !c['dateOfBirth'] ? { unborn: true } : {}) });
  }
  const attendees: Record<string, unknown>[] = [];
  for (let i = 0; i < ATTENDEE_ROWS; i++) {
    const a = attendeeFromForm(v, (f) => `attendees-${i}-${f}`);
    if (!a) continue;
    rows.attendees.push(i);
    attendees.push(a);
  }
  // "Comes with attendee 4" is the form's row 4; the API numbers a1, a2, … only the rows filled in.
  // An empty row becomes an id past every row, which the API refuses and formIssue names as that row.
  for (const a of attendees) {
    const ref = /^row-(\d+)$/.exec(String(a['accompanies'] ?? ''));
    if (!ref) continue;
    const at = rows.attendees.indexOf(Number(ref[1]));
    a['accompanies'] = at >= 0 ? `a${at + 1}` : `a${ATTENDEE_ROWS + Number(ref[1]) + 1}`;
  }
  for (const a of attendees) {
    const ref = /^child-row-(\d+)$/.exec(String((a['childIds'] as string[] | undefined)?.[0] ?? ''));
    if (!ref) continue;
    const at = rows.children.indexOf(Number(ref[1]));
    a['childIds'] = [`c${at >= 0 ? at + 1 : CHILD_ROWS + Number(ref[1]) + 1}`];
  }
  const duration = text('durationMinutes');
  const body = {
    policy: policy.id,
    kind: text('kind'),
    startsAt: text('startsAt'),
    ...(duration ? { durationMinutes: /^\d+$/.test(duration) ? Number(duration) : duration } : {}),
    ...(text('strategyDiscussionOn') ? { strategyDiscussionOn: text('strategyDiscussionOn') } : {}),
    ...(text('notifiedOn') ? { notifiedOn: text('notifiedOn') } : {}),
    ...(text('mode') ? { mode: text('mode') } : {}),
    ...(text('venue') ? { venue: text('venue') } : {}),
    children,
    attendees,
  };
  return { body, rows };
}

function childRow(f: FormState, i: number, err: (id: string) => { error?: string }): Html {
  const id = (k: string) => `children-${i}-${k}`;
  return html`<fieldset class="row" id="children-${i}"><legend>Child ${i + 1}</legend>
${textInput(f, { id: id('firstName'), name: id('firstName'), label: 'First name', ...err(id('firstName')) })}
${textInput(f, { id: id('lastName'), name: id('lastName'), label: 'Last name', ...err(id('lastName')) })}
${textInput(f, { id: id('dateOfBirth'), name: id('dateOfBirth'), type: 'date', label: 'Date of birth', ...err(id('dateOfBirth')) })}
${textInput(f, { id: id('expectedDueDate'), name: id('expectedDueDate'), type: 'date', label: 'Expected due date (a baby not yet born)', ...err(id('expectedDueDate')) })}</fieldset>`;
}

/** One person's fields (a row of the new conference's list, or the one being added later). */
export function attendeeFields(
  f: FormState,
  id: (field: string) => string,
  policy: Policy,
  err: (id: string) => { error?: string },
  /** Whom a companion may come with: the form's rows, or the conference's parents and carers. */
  comesWith: [value: string, label: string][],
  /** Which child a child attendee is: the form's child rows, or the conference's children. */
  children: [value: string, label: string][],
): Html {
  return html`${textInput(f, { id: id('name'), name: id('name'), label: ATTENDEE_FIELD_LABEL.name, autocomplete: 'off', ...err(id('name')) })}
${select(f, { id: id('role'), name: id('role'), label: ATTENDEE_FIELD_LABEL.role, options: [['', 'Choose a role'], ...ROLES.map((r): [string, string] => [r, ROLE_LABELS[r]])], ...err(id('role')) })}
${textInput(f, { id: id('email'), name: id('email'), type: 'email', label: ATTENDEE_FIELD_LABEL.email, autocomplete: 'off', ...err(id('email')) })}
${textInput(f, { id: id('agency'), name: id('agency'), label: ATTENDEE_FIELD_LABEL.agency, ...err(id('agency')) })}
${textInput(f, { id: id('managerEmail'), name: id('managerEmail'), type: 'email', label: ATTENDEE_FIELD_LABEL.managerEmail, autocomplete: 'off', hint: policy.reports.managerEmailRequired ? `The ${policy.shortName} policy asks every professional who writes a report for their manager’s email.` : 'Optional.', ...err(id('managerEmail')) })}
${select(f, { id: id('contactPreference'), name: id('contactPreference'), label: `${ATTENDEE_FIELD_LABEL.contactPreference} (family members)`, options: CONTACT_PREFERENCES.map((c): [string, string] => [c, CONTACT_LABEL[c]]), ...err(id('contactPreference')) })}
${textArea(f, { id: id('postalAddress'), name: id('postalAddress'), rows: 3, label: `${ATTENDEE_FIELD_LABEL.postalAddress} (for letters by post)`, hint: 'One line each, as on the envelope: name and street first, postcode last.', ...err(id('postalAddress')) })}
${textInput(f, { id: id('language'), name: id('language'), label: ATTENDEE_FIELD_LABEL.language, hint: ATTENDEE_FIELD_HINT.language, ...err(id('language')) })}
${choices(f, { id: id('interpreterNeeded'), name: id('interpreterNeeded'), type: 'checkbox', legend: ATTENDEE_FIELD_LABEL.interpreterNeeded, options: [['yes', ATTENDEE_FIELD_HINT.interpreterNeeded]], ...err(id('interpreterNeeded')) })}
${select(f, { id: id('accompanies'), name: id('accompanies'), label: ATTENDEE_FIELD_LABEL.accompanies, hint: ATTENDEE_FIELD_HINT.accompanies, options: [['', 'Nobody'], ...comesWith], ...err(id('accompanies')) })}
${select(f, { id: id('childIds'), name: id('childIds'), label: ATTENDEE_FIELD_LABEL.childIds, hint: ATTENDEE_FIELD_HINT.childIds, options: [['', 'Not a child'], ...children], ...err(id('childIds')) })}`;
}

/** One person as the API's `attendee`: blank fields left out, the address split into lines; undefined when blank. */
export function attendeeFromForm(v: Values, id: (field: string) => string): Record<string, unknown> | undefined {
  const a: Record<string, unknown> = Object.fromEntries(
    ATTENDEE_FIELDS.map((f) => [f, v[id(f)]?.trim()]).filter(([, x]) => x),
  );
  // Only the default way of contact: still a blank row.
  if (!Object.keys(a).some((k) => k !== 'contactPreference')) return undefined;
  if (a['interpreterNeeded'] !== undefined) a['interpreterNeeded'] = a['interpreterNeeded'] === 'yes';
  if (typeof a['childIds'] === 'string') a['childIds'] = [a['childIds']];
  if (typeof a['postalAddress'] === 'string')
    a['postalAddress'] = (a['postalAddress'] as string)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  return a;
}

/** In the new conference's list a companion comes with another row: "Attendee 4". */
const ROW_CHOICES: [string, string][] = Array.from({ length: ATTENDEE_ROWS }, (_, r) => [
  rowRef(r),
  `Attendee ${r + 1}`,
]);

/** A child attendee is "Child 2" of the form; the API numbers c1, c2, … only the child rows filled in. */
const childRowRef = (row: number) => `child-row-${row}`;
const CHILD_ROW_CHOICES: [string, string][] = Array.from({ length: CHILD_ROWS }, (_, r) => [
  childRowRef(r),
  `Child ${r + 1}`,
]);

function attendeeRow(f: FormState, i: number, policy: Policy, err: (id: string) => { error?: string }): Html {
  return html`<fieldset class="row" id="attendees-${i}"><legend>Attendee ${i + 1}</legend>
${attendeeFields(
  f,
  (k) => `attendees-${i}-${k}`,
  policy,
  err,
  ROW_CHOICES.filter(([v]) => v !== rowRef(i)),
  CHILD_ROW_CHOICES,
)}</fieldset>`;
}

export function newConferenceForm(policy: Policy, csrf: string, f: FormState): Html {
  const err = (id: string) => {
    const e = f.errors.find((x) => x.field === id);
    return e ? { error: e.message } : {};
  };
  const ids = Object.fromEntries(f.errors.map((e) => [e.field, e.field]));
  return html`${errorSummary(f, ids)}
<form method="post" action="/dashboard/new" novalidate class="wide-form">${hidden('_csrf', csrf)}${hidden('policy', policy.id)}
<h2>${CREATE_FORM.conferenceHeading}</h2>
<p class="hint">Policy: ${policy.name}. <a href="/dashboard/new">Choose another policy</a>.</p>
${select(f, { id: 'kind', name: 'kind', label: LABEL['kind']!, options: [['', 'Choose the kind'], ...CONFERENCE_KINDS.map((k): [string, string] => [k, kindLabel(k)])], ...err('kind') })}
${textInput(f, { id: 'startsAt', name: 'startsAt', type: 'datetime-local', label: LABEL['startsAt']!, hint: STARTS_AT_HINT, ...err('startsAt') })}
${textInput(f, { id: 'durationMinutes', name: 'durationMinutes', label: LABEL['durationMinutes']!, inputmode: 'numeric', hint: CREATE_FORM.durationHint, ...err('durationMinutes') })}
${textInput(f, { id: 'strategyDiscussionOn', name: 'strategyDiscussionOn', type: 'date', label: LABEL['strategyDiscussionOn']!, hint: CREATE_FORM.strategyDiscussionHint, ...err('strategyDiscussionOn') })}
${textInput(f, { id: 'notifiedOn', name: 'notifiedOn', type: 'date', label: LABEL['notifiedOn']!, hint: CREATE_FORM.notifiedHint, ...err('notifiedOn') })}
${choices(f, { id: 'mode', name: 'mode', type: 'radio', legend: LABEL['mode']!, options: policy.modes.map((m): [string, string] => [m, MODE_LABEL[m]]), ...(f.values['mode'] ? {} : { checked: [policy.modes[0]!] }), ...err('mode') })}
${textInput(f, { id: 'venue', name: 'venue', label: LABEL['venue']!, hint: CREATE_FORM.venueHint, ...err('venue') })}
<h2>${CREATE_FORM.childrenHeading}</h2><p class="hint">${CREATE_FORM.childrenHint}</p>
<div class="rows">${Array.from({ length: CHILD_ROWS }, (_, i) => childRow(f, i, err))}</div>
<h2>${CREATE_FORM.attendeesHeading}</h2><p class="hint">${CREATE_FORM.attendeesHint}</p>
<div class="rows">${Array.from({ length: ATTENDEE_ROWS }, (_, i) => attendeeRow(f, i, policy, err))}</div>
${button(CREATE_FORM.button)}</form>`;
}

function choosePolicy(deps: AppDeps): Html {
  const options = deps.policies.list().map((p): [string, string] => [p.id, p.name]);
  return html`<form method="get" action="/dashboard/new">${select(emptyForm(), { id: 'policy', name: 'policy', label: LABEL['policy']!, hint: CREATE_FORM.policyHint, options })}${button(CREATE_FORM.choosePolicyButton)}</form>`;
}

export function newConferenceRoutes(r: Router, deps: AppDeps, h: ChangeHelpers): void {
  // Every row's fields: more than the other dashboard forms have.
  const manyFields = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 });
  const policyOf = (id: unknown) => deps.policies.list().find((p) => p.id === id);
  const back = html`<p><a href="/dashboard">Today’s work</a></p>`;
  const show = (req: Request, res: Response, status: number, policy: Policy, f: FormState) =>
    h.send(
      req,
      res,
      status,
      status === 400 ? 'Error: New conference' : 'New conference',
      'Create a conference',
      html`${back}${newConferenceForm(policy, h.csrfToken(req, res), f)}`,
    );

  r.get('/dashboard/new', h.auth, (req, res) => {
    const policy = policyOf(req.query['policy']);
    if (!policy)
      return h.send(req, res, 200, 'New conference', 'Create a conference', html`${back}${choosePolicy(deps)}`);
    show(req, res, 200, policy, emptyForm({ durationMinutes: '120' }));
  });

  r.post('/dashboard/new', h.auth, manyFields, h.csrfOk, async (req, res) => {
    const values = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : '']),
    ) as Values;
    const policy = policyOf(values['policy']);
    if (!policy)
      return h.send(req, res, 400, 'Error: New conference', 'Create a conference', html`${back}${choosePolicy(deps)}`);
    const { body, rows } = bodyFromForm(values, policy);
    try {
      const { conference, warnings } = await createConference(deps, body, h.actor(res));
      // Booked, with its invitations still to be queued: said, not hidden (follow-on.ts).
      const pending = followOnPendingWords(conference);
      const note = pending ? [pending, ...warnings] : warnings;
      res.redirect(303, conferenceDone(conference.id, 'created', await h.keepNote(res, note)));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = err.issues.map((i) => formIssue(i, rows)).map(({ field, message }) => ({ field, message }));
      show(req, res, 400, policy, { values, errors });
    }
  });
}
