/**
 * The people of one conference from the browser: add someone, remove someone, set the parents' own
 * times before the meeting, and confirm a drafted review. Each form gives its fields to the same
 * use-case the API calls (same checks, same messages, each error naming its field, nothing changed
 * on error), carries the session's CSRF token and is audited with the signed-in coordinator. No script.
 */
import { DateTime } from 'luxon';
import type { Request, Response, Router } from 'express';
import { followOnPendingWords } from '../../../../content/follow-on-words.ts';
import { addAttendee, removeAttendee } from '../../../../app/conference/attendees.ts';
import { correctAddress } from '../../../../app/conference/correct-address.ts';
import type { AppDeps } from '../../../../app/deps.ts';
import { setPreMeetingSlots } from '../../../../app/conference/family-arrangements.ts';
import { loadConference } from '../../../../app/shared/load.ts';
import { confirmDraft } from '../../../../app/conference/review-draft.ts';
import type { Conference } from '../../../../domain/conference.ts';
import { LONDON } from '../../../../domain/calendar/zone.ts';
import {
  ConflictError,
  IllegalTransitionError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from '../../../../domain/errors.ts';
import { SLOT_ROLES } from '../../../../domain/family-slots.ts';
import { isBeforeMeeting, isDraft } from '../../../../domain/state-machine.ts';
import { attendeeWithName, childWithAge, stateLabel } from '../../../../content/labels.ts';
import { meetingTimes } from '../../../../content/worklist.ts';
import {
  NEW_LINK_POINTER,
  PEOPLE_FIELD_LABEL,
  PEOPLE_FORM,
  REMOVE_FIELD_LABEL,
  REQUESTED_BY,
} from '../../../../content/desk-form-words.ts';
import { button, choices, errorSummary, hidden, html, select, textArea, textInput, when } from '../html.ts';
import type { FormState, Html } from '../html.ts';
import type { ChangeHelpers } from './change-routes.ts';
import { conferenceDone } from './shell.ts';
import { attendeeFields, attendeeFromForm, type Values } from './new-conference.ts';

type Action = 'add' | 'remove' | 'slots' | 'confirm' | 'address';
type Failed = { action: Action; f: FormState };
const blank = (): FormState => ({ values: {}, errors: [] });

const londonLocal = (iso: string | undefined): string =>
  iso ? DateTime.fromISO(iso).setZone(LONDON).toFormat("yyyy-LL-dd'T'HH:mm") : '';

function errorsFor(f: FormState) {
  return (id: string) => {
    const e = f.errors.find((x) => x.field === id);
    return e ? { error: e.message } : {};
  };
}
const summary = (f: FormState) => errorSummary(f, Object.fromEntries(f.errors.map((e) => [e.field, e.field])));
const who = (f: FormState, id: string, err: (id: string) => { error?: string }) =>
  textInput(f, {
    id,
    name: 'requestedBy',
    ...REQUESTED_BY,
    ...err(id),
  });

function addForm(c: Conference, deps: AppDeps, csrf: string, f: FormState): Html {
  const err = errorsFor(f);
  return html`<section aria-labelledby="add-heading"><h2 id="add-heading">${PEOPLE_FORM.add.heading}</h2><p class="hint">${PEOPLE_FORM.add.hint}</p>${summary(f)}
<form method="post" action="/dashboard/c/${c.id}/attendees/add" novalidate>${hidden('_csrf', csrf)}
${attendeeFields(
  f,
  (k) => `add-${k}`,
  deps.policies.get(c.policyId),
  err,
  c.attendees.filter((a) => SLOT_ROLES.has(a.role)).map((a): [string, string] => [a.id, attendeeWithName(a)]),
  c.children.map((ch): [string, string] => [ch.id, childWithAge(c, ch, deps.clock.now(), true)]),
)}
${who(f, 'add-requestedBy', err)}${button(PEOPLE_FORM.add.button)}</form></section>`;
}

function removeForm(c: Conference, csrf: string, f: FormState): Html {
  const err = errorsFor(f);
  const options = c.attendees
    .filter((a) => a.role !== 'chair')
    .map((a): [string, string] => [a.id, attendeeWithName(a)]);
  return html`<section aria-labelledby="remove-heading"><h2 id="remove-heading">${PEOPLE_FORM.remove.heading}</h2><p class="hint">${PEOPLE_FORM.remove.hint}</p>${summary(f)}
<form method="post" action="/dashboard/c/${c.id}/attendees/remove" novalidate>${hidden('_csrf', csrf)}
${select(f, { id: 'remove-attendeeId', name: 'attendeeId', label: REMOVE_FIELD_LABEL.attendeeId, options: [['', 'Choose someone'], ...options], ...err('remove-attendeeId') })}
${textArea(f, { id: 'remove-reason', name: 'reason', label: REMOVE_FIELD_LABEL.reason, rows: 3, ...err('remove-reason') })}
${who(f, 'remove-requestedBy', err)}${button(PEOPLE_FORM.remove.button, 'button button-warning')}</form></section>`;
}

/** An address the mail server refused for good (the worklist says whose): corrected, what it refused goes again. */
function addressForm(c: Conference, csrf: string, f: FormState): Html {
  const err = errorsFor(f);
  const options = c.attendees
    .filter((a) => a.role !== 'child')
    .map((a): [string, string] => [a.id, attendeeWithName(a)]);
  return html`<section aria-labelledby="address-heading"><h2 id="address-heading">${PEOPLE_FORM.address.heading}</h2><p class="hint">${PEOPLE_FORM.address.hint}</p>${summary(f)}
<form method="post" action="/dashboard/c/${c.id}/attendees/address" novalidate>${hidden('_csrf', csrf)}
${select(f, { id: 'address-attendeeId', name: 'attendeeId', label: PEOPLE_FIELD_LABEL['address-attendeeId']!, options: [['', 'Choose someone'], ...options], ...err('address-attendeeId') })}
${textInput(f, { id: 'address-email', name: 'email', type: 'email', label: PEOPLE_FIELD_LABEL['address-email']!, ...err('address-email') })}
${textInput(f, { id: 'address-managerEmail', name: 'managerEmail', type: 'email', label: PEOPLE_FIELD_LABEL['address-managerEmail']!, ...err('address-managerEmail') })}
${who(f, 'address-requestedBy', err)}${button(PEOPLE_FORM.address.button)}</form></section>`;
}

function slotsForm(c: Conference, csrf: string, f: FormState): Html {
  const err = errorsFor(f);
  const parents = c.attendees.filter((a) => SLOT_ROLES.has(a.role));
  if (!parents.length) return html``;
  const values = f.errors.length
    ? f
    : {
        values: Object.fromEntries(parents.map((a) => [`slot-${a.id}`, londonLocal(a.preMeetingSlot?.startsAt)])),
        errors: [],
      };
  return html`<section aria-labelledby="slots-heading"><h2 id="slots-heading">${PEOPLE_FORM.slots.heading}</h2><p class="hint">${PEOPLE_FORM.slots.hint(when(c.timetable.parentsJoinAt))}</p>${summary(f)}
<form method="post" action="/dashboard/c/${c.id}/slots" novalidate>${hidden('_csrf', csrf)}
${parents.map((a) => textInput(values, { id: `slot-${a.id}`, name: `slot-${a.id}`, type: 'datetime-local', label: `${attendeeWithName(a)}: own time (London)`, ...err(`slot-${a.id}`) }))}
${choices(f, {
  id: 'slots-by',
  name: 'by',
  type: 'radio',
  legend: 'Who asked for these times',
  options: [
    ['chair', 'The chair'],
    ['coordinator', 'I did (the coordinator)'],
  ],
  ...(f.values['by'] ? {} : { checked: ['chair'] }),
  ...err('slots-by'),
})}
${button(PEOPLE_FORM.slots.button)}</form></section>`;
}

function confirmForm(c: Conference, csrf: string, f: FormState): Html {
  const err = errorsFor(f);
  return html`<section aria-labelledby="confirm-heading"><h2 id="confirm-heading">${PEOPLE_FORM.confirm.heading}</h2><p class="hint">${PEOPLE_FORM.confirm.hint(when(c.startsAt))}</p>${summary(f)}
<form method="post" action="/dashboard/c/${c.id}/confirm" novalidate>${hidden('_csrf', csrf)}
${textInput(f, { id: 'confirm-startsAt', name: 'startsAt', type: 'datetime-local', label: 'Another date and time (London)', ...err('confirm-startsAt') })}
${choices(f, { id: 'confirm-attendees', name: 'sharedParentsTimeAgreed', type: 'checkbox', legend: 'Parents’ times', hint: 'Only if parents who had their own time last time may now share the parents’ time.', options: [['yes', 'The chair agrees they may share the parents’ time']], ...err('confirm-attendees') })}
${textArea(f, { id: 'confirm-lateReason', name: 'lateReason', rows: 3, label: 'Why the review is late (only if it is after its deadline)', ...err('confirm-lateReason') })}
${textInput(f, { id: 'confirm-by', name: 'by', ...REQUESTED_BY, ...err('confirm-by') })}
${button(PEOPLE_FORM.confirm.button)}</form></section>`;
}

function peoplePage(c: Conference, deps: AppDeps, csrf: string, failed?: Failed): Html {
  const f = (a: Action) => (failed?.action === a ? failed.f : blank());
  const now = deps.clock.now();
  const top = html`<p><a href="/dashboard/c/${c.id}">Back to ${c.reference}</a></p>
<p>${stateLabel(c.state)}: ${meetingTimes({ ...c.timetable, startsAt: c.startsAt }, now)}.</p>
<p class="hint">${NEW_LINK_POINTER.before} <a href="/dashboard/c/${c.id}#reports">${NEW_LINK_POINTER.link}</a> ${NEW_LINK_POINTER.after}</p>`;
  if (!isBeforeMeeting(c.state))
    return html`${top}<div class="notice" role="note">The meeting has begun or the conference has ended: attendees and parents’ times can no longer change here.</div>${addressForm(c, csrf, f('address'))}`;
  return html`${top}${isDraft(c.state) ? confirmForm(c, csrf, f('confirm')) : ''}${addForm(c, deps, csrf, f('add'))}${removeForm(c, csrf, f('remove'))}${addressForm(c, csrf, f('address'))}${slotsForm(c, csrf, f('slots'))}`;
}

/** The use-case's field (`attendee.email`, `slots.1.startsAt`) as the form's field id. */
function fieldId(action: Action, field: string, body: Record<string, unknown>): string {
  if (action === 'add') return `add-${field.replace(/^attendee\./, '').split('.')[0]}`;
  if (action === 'slots') {
    const m = /^slots\.(\d+)\./.exec(field);
    const slots = body['slots'] as { attendeeId: string }[];
    if (m && slots[Number(m[1])]) return `slot-${slots[Number(m[1])]!.attendeeId}`;
    const a = /^attendees\.(a\d+)\./.exec(field);
    return a ? `slot-${a[1]}` : 'slots-by';
  }
  if (action === 'confirm') return `confirm-${field === 'sharedParentsTimeAgreed' ? 'attendees' : field}`;
  if (action === 'address') return `address-${field}`;
  return `remove-${field}`;
}

/** How an error names its field: the field's label as the form shows it. */
function labelOf(c: Conference, field: string): string {
  const slot = /^slot-(a\d+)$/.exec(field);
  const a = slot ? c.attendees.find((x) => x.id === slot[1]) : undefined;
  return a ? `${a.name}’s own time` : (PEOPLE_FIELD_LABEL[field] ?? field);
}

export function peopleRoutes(r: Router, deps: AppDeps, h: ChangeHelpers): void {
  const load = (id: string) =>
    loadConference(deps.store, id).catch((err: unknown) =>
      err instanceof NotFoundError ? undefined : Promise.reject(err),
    );
  const title = (c: Conference) => `Attendees of ${c.reference}`;
  const heading = (c: Conference) => `Attendees and parents’ times: ${c.reference}`;
  const notFound = (req: Request, res: Response) =>
    h.send(req, res, 404, 'Not found', 'No such conference', html`<p><a href="/dashboard">Today’s work</a></p>`);

  r.get('/dashboard/c/:id/people', h.auth, async (req, res) => {
    const c = await load(req.params['id'] as string);
    if (!c) return notFound(req, res);
    h.send(req, res, 200, title(c), heading(c), peoplePage(c, deps, h.csrfToken(req, res)));
  });

  const bodyOf: Record<Action, (v: Values, c: Conference) => Record<string, unknown>> = {
    add: (v) => ({ attendee: attendeeFromForm(v, (k) => `add-${k}`) ?? {}, requestedBy: v['requestedBy'] }),
    remove: (v) => ({ reason: v['reason'], requestedBy: v['requestedBy'] }),
    address: (v) => ({
      ...(v['email']?.trim() ? { email: v['email'].trim() } : {}),
      ...(v['managerEmail']?.trim() ? { managerEmail: v['managerEmail'].trim() } : {}),
      requestedBy: v['requestedBy'],
    }),
    slots: (v, c) => ({
      slots: c.attendees
        .filter((a) => SLOT_ROLES.has(a.role))
        .map((a) => ({ attendeeId: a.id, startsAt: v[`slot-${a.id}`]?.trim() || null })),
      by: v['by'] || undefined,
    }),
    confirm: (v) => ({
      ...(v['startsAt']?.trim() ? { startsAt: v['startsAt'].trim() } : {}),
      ...(v['by']?.trim() ? { by: v['by'] } : {}),
      ...(v['sharedParentsTimeAgreed'] === 'yes' ? { sharedParentsTimeAgreed: true } : {}),
      ...(v['lateReason']?.trim() ? { lateReason: v['lateReason'] } : {}),
    }),
  };
  const run: Record<Action, (id: string, body: Record<string, unknown>, v: Values, actor: string) => Promise<unknown>> =
    {
      add: (id, body, _v, actor) => addAttendee(deps, id, body, actor),
      remove: (id, body, v, actor) => {
        if (!v['attendeeId'])
          throw new ValidationError('Invalid removal', [{ field: 'attendeeId', message: 'choose who to remove' }]);
        return removeAttendee(deps, id, v['attendeeId'], body, actor);
      },
      slots: (id, body, _v, actor) => setPreMeetingSlots(deps, id, body, actor),
      confirm: (id, body, _v, actor) => confirmDraft(deps, id, body, actor),
      address: async (id, body, v, actor) => {
        if (!v['attendeeId'])
          throw new ValidationError('Invalid address', [{ field: 'attendeeId', message: 'choose whose address' }]);
        return { conference: await correctAddress(deps, id, v['attendeeId'], body, actor) };
      },
    };
  const done: Record<Action, string> = {
    add: 'added',
    remove: 'removed',
    slots: 'slots',
    confirm: 'confirmed-review',
    address: 'address-corrected',
  };
  const paths: Record<Action, string> = {
    add: 'attendees/add',
    remove: 'attendees/remove',
    slots: 'slots',
    confirm: 'confirm',
    address: 'attendees/address',
  };

  for (const action of ['add', 'remove', 'slots', 'confirm', 'address'] as const) {
    r.post(`/dashboard/c/:id/${paths[action]}`, h.auth, h.form, h.csrfOk, async (req, res) => {
      const id = req.params['id'] as string;
      const c = await load(id);
      if (!c) return notFound(req, res);
      const v = Object.fromEntries(
        Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, x]) => [
          k,
          typeof x === 'string' ? x : '',
        ]),
      ) as Values;
      const body = bodyOf[action](v, c);
      const values = v;
      const again = (status: number, issues: FieldIssue[]) =>
        h.send(
          req,
          res,
          status,
          `Error: ${title(c)}`,
          heading(c),
          peoplePage(c, deps, h.csrfToken(req, res), {
            action,
            f: {
              values,
              errors: issues.map((i) => {
                const field = fieldId(action, i.field, body);
                return { field, message: `${labelOf(c, field)}: ${i.message}` };
              }),
            },
          }),
        );
      let warnings: string[];
      try {
        const out = (await run[action](id, body, v, h.actor(res))) as { warnings?: string[]; conference?: Conference };
        warnings = out.warnings ?? [];
        // Stored, with its invitation still to be queued: said, not hidden (follow-on.ts).
        const pendingWords = out.conference && followOnPendingWords(out.conference);
        if (pendingWords) warnings = [pendingWords, ...warnings];
      } catch (err) {
        if (err instanceof ValidationError) return again(400, err.issues);
        if (err instanceof IllegalTransitionError)
          return again(409, [
            { field: action === 'slots' || action === 'confirm' ? 'by' : 'requestedBy', message: err.message },
          ]);
        // Someone whose invitation is being sent at this moment (attendees.ts): said on the form, kept as typed.
        if (err instanceof ConflictError && action === 'remove')
          return again(409, [{ field: 'attendeeId', message: err.message }]);
        if (err instanceof NotFoundError && (action === 'remove' || action === 'address'))
          return again(400, [{ field: 'attendeeId', message: 'no such attendee: choose someone from the list' }]);
        throw err;
      }
      res.redirect(303, conferenceDone(id, done[action], await h.keepNote(res, warnings)));
    });
  }
}
