/**
 * Booking a later core group from the dashboard (`/dashboard/c/:id/core-groups/new`): the same
 * fields and the same use-case as `POST /api/conferences/:id/core-groups` (app/core-groups.ts),
 * audited as the signed-in user. Bad input is shown on the form with each field named, and nothing
 * is booked; the policy's warnings (a date beyond its limit) go with the conference page's note.
 */
import type { Request, Response, Router } from 'express';
import { bookCoreGroup } from '../../../../app/core-groups.ts';
import type { AppDeps } from '../../../../app/deps.ts';
import { loadConference } from '../../../../app/load.ts';
import { attendeeWithName } from '../../../../content/labels.ts';
import { CORE_GROUP_FIELD_LABEL, CORE_GROUP_FORM, MODE_LABEL } from '../../../../content/desk-form-words.ts';
import { ConflictError, ValidationError } from '../../../../domain/errors.ts';
import { MEETING_MODES } from '../../../../domain/vocabulary.ts';
import { button, errorFor, errorSummary, hidden, html, notice, select, textInput, type FormState } from '../html.ts';
import { sessionActor } from './session.ts';
import { conferenceDone, send, type DashboardKit } from './shell.ts';

const FIELDS = ['startsAt', 'durationMinutes', 'mode', 'venue', 'chairAttendeeId'] as const;

export function coreGroupBookingRoutes(r: Router, deps: AppDeps, k: DashboardKit): void {
  const { auth, form, csrfOk, session, signOut, csrfToken } = k;
  async function show(req: Request, res: Response, status = 200, f?: FormState, problem?: string): Promise<void> {
    const c = await loadConference(deps.store, req.params['id'] as string);
    const state: FormState = f ?? { values: { durationMinutes: '90', mode: 'virtual' }, errors: [] };
    const err = (k: string) => (errorFor(state, k) ? { error: errorFor(state, k)! } : {});
    const people = c.attendees.filter((a) => a.role !== 'child' && a.role !== 'parent' && a.role !== 'carer');
    const body = html`${problem ? notice(problem, 'warning') : ''}${errorSummary(state, Object.fromEntries(FIELDS.map((x) => [x, `cg-${x}`])))}<p>${CORE_GROUP_FORM.intro}</p>
<form method="post" action="/dashboard/c/${c.id}/core-groups" novalidate>${hidden('_csrf', csrfToken(req, res))}
${textInput(state, { id: 'cg-startsAt', name: 'startsAt', type: 'datetime-local', label: CORE_GROUP_FIELD_LABEL['startsAt']!, hint: CORE_GROUP_FORM.startsHint, ...err('startsAt') })}
${textInput(state, { id: 'cg-durationMinutes', name: 'durationMinutes', inputmode: 'numeric', label: CORE_GROUP_FIELD_LABEL['durationMinutes']!, ...err('durationMinutes') })}
${select(state, { id: 'cg-mode', name: 'mode', label: CORE_GROUP_FIELD_LABEL['mode']!, options: MEETING_MODES.map((m): [string, string] => [m, MODE_LABEL[m]]), ...err('mode') })}
${textInput(state, { id: 'cg-venue', name: 'venue', label: CORE_GROUP_FIELD_LABEL['venue']!, hint: CORE_GROUP_FORM.venueHint, ...err('venue') })}
${select(state, { id: 'cg-chairAttendeeId', name: 'chairAttendeeId', label: CORE_GROUP_FIELD_LABEL['chairAttendeeId']!, hint: CORE_GROUP_FORM.chairHint, options: [['', 'Choose who chairs it'], ...people.map((a): [string, string] => [a.id, attendeeWithName(a)])], ...err('chairAttendeeId') })}
<div class="field">${button(CORE_GROUP_FORM.button)}</div></form>
<p><a href="/dashboard/c/${c.id}">Back to the conference</a></p>`;
    send(
      res,
      status,
      `${CORE_GROUP_FORM.heading} – ${c.reference}`,
      `${CORE_GROUP_FORM.heading}: ${c.reference}`,
      body,
      signOut(req, res),
    );
  }

  r.get('/dashboard/c/:id/core-groups/new', auth, async (req, res) => show(req, res));

  r.post('/dashboard/c/:id/core-groups', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(FIELDS.map((x) => [x, typeof b[x] === 'string' ? (b[x] as string) : '']));
    const minutes = Number(values['durationMinutes']);
    const input = {
      ...(values['startsAt'] ? { startsAt: values['startsAt'] } : {}),
      ...(values['durationMinutes']
        ? { durationMinutes: Number.isFinite(minutes) ? minutes : values['durationMinutes'] }
        : {}),
      ...(values['mode'] ? { mode: values['mode'] } : {}),
      ...(values['venue']?.trim() ? { venue: values['venue'] } : {}),
      ...(values['chairAttendeeId'] ? { chairAttendeeId: values['chairAttendeeId'] } : {}),
    };
    let warnings: string[];
    try {
      const { coreGroup } = await bookCoreGroup(deps, id, input, sessionActor(session(res)));
      warnings = coreGroup.warnings;
    } catch (err) {
      if (err instanceof ValidationError)
        return show(req, res, 400, {
          values,
          errors: err.issues.map((i) => ({ field: i.field.split('.')[0]!, message: i.message })),
        });
      if (err instanceof ConflictError) return show(req, res, 409, { values, errors: [] }, err.message);
      throw err;
    }
    res.redirect(303, conferenceDone(id, 'core-group-booked', await k.keepNote(res, warnings)));
  });
}
