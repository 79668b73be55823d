/**
 * Booking a later core group from the dashboard (`/dashboard/c/:id/core-groups/new`): the same
 * fields and the same use-case as `POST /api/conferences/:id/core-groups` (app/core-groups/core-groups.ts),
 * audited as the signed-in user. Bad input is shown on the form with each field named, and nothing
 * is booked; the policy's warnings (a date beyond its limit) go with the conference page's note.
 */
import type { Request, Response, Router } from 'express';
import { bookCoreGroup } from '../../../../app/core-groups/core-groups.ts';
import type { AppDeps } from '../../../../app/deps.ts';
import { loadConference } from '../../../../app/shared/load.ts';
import { CORE_GROUP_FORM } from '../../../../content/desk-form-words.ts';
import { ConflictError, ValidationError } from '../../../../domain/errors.ts';
import { coreGroupBookingForm, coreGroupErrors, coreGroupInputOf, emptyCoreGroupForm } from '../core-group-form.ts';
import { html, notice, type FormState } from '../html.ts';
import { sessionActor } from './session.ts';
import { conferenceDone, send, type DashboardKit } from './shell.ts';

export function coreGroupBookingRoutes(r: Router, deps: AppDeps, k: DashboardKit): void {
  const { auth, form, csrfOk, session, signOut, csrfToken } = k;

  async function show(req: Request, res: Response, status = 200, f?: FormState, problem?: string): Promise<void> {
    const c = await loadConference(deps.store, req.params['id'] as string);
    const body = html`${problem ? notice(problem, 'warning') : ''}${coreGroupBookingForm(f ?? emptyCoreGroupForm(), {
      action: `/dashboard/c/${c.id}/core-groups`,
      csrf: csrfToken(req, res),
      attendees: c.attendees,
    })}
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
    const { values, input } = coreGroupInputOf((req.body ?? {}) as Record<string, unknown>);
    let warnings: string[];
    try {
      warnings = (await bookCoreGroup(deps, id, input, sessionActor(session(res)))).coreGroup.warnings;
    } catch (err) {
      if (err instanceof ValidationError) return show(req, res, 400, { values, errors: coreGroupErrors(err.issues) });
      if (err instanceof ConflictError) return show(req, res, 409, { values, errors: [] }, err.message);
      throw err;
    }
    res.redirect(303, conferenceDone(id, 'core-group-booked', await k.keepNote(res, warnings)));
  });
}
