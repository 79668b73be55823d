/**
 * The minutes on the dashboard (`/dashboard/c/:id/minutes`): where they stand, and, for the chair
 * signed in as themselves (the sign-in provider's verified email is the chair's), the correction
 * forms the chair's own link has. Anyone else signed in (the coordinator key included) sees why
 * they may not correct, and a correction posted anyway is refused (403) by the same use-case the
 * API and the link call (app/minutes/correct-minutes.ts), nothing changed.
 */
import express, { type Request, type Response, type Router } from 'express';
import { sessionAttendee } from '../../../../app/credentials/actor.ts';
import { loadConference } from '../../../../app/shared/load.ts';
import { correctMinutes } from '../../../../app/minutes/correct-minutes.ts';
import { approveMinutes, minutesText } from '../../../../app/minutes/record-minutes.ts';
import type { AppDeps } from '../../../../app/deps.ts';
import { MINUTES_DESK } from '../../../../content/desk-words.ts';
import { ValidationError } from '../../../../domain/errors.ts';
import { refusalStatus } from '../../errors.ts';
import { html, notice, when, type FormState, type Html } from '../html.ts';
import { approveCorrectionForm, correctionForm } from '../minutes-forms.ts';
import { sessionActor } from './session.ts';
import { send, type DashboardKit } from './shell.ts';

/** The corrected minutes are the whole text: more than the dashboard's other small forms. */
const minutesForm = express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 10 });

export function minutesDeskRoutes(r: Router, deps: AppDeps, k: DashboardKit): void {
  const { auth, csrfOk, session, signOut, csrfToken } = k;
  const address = (id: string) => `/dashboard/c/${encodeURIComponent(id)}/minutes`;

  async function show(req: Request, res: Response, status = 200, invalid?: { form: FormState }): Promise<void> {
    const c = await loadConference(deps.store, req.params['id'] as string);
    const title = `Minutes – ${c.reference}`;
    const heading = `Minutes: conference ${c.reference}`;
    const back = html`<p><a href="/dashboard/c/${c.id}">Back to the conference</a></p>`;
    const m = c.minutes;
    if (!m) return send(res, status, title, heading, html`${notice(MINUTES_DESK.none)}${back}`, signOut(req, res));
    const sections = await minutesText(deps, c);
    const done =
      req.query['done'] === 'corrected'
        ? MINUTES_DESK.corrected
        : req.query['done'] === 'approved'
          ? MINUTES_DESK.approved
          : undefined;
    const state = m.approvedAt
      ? `Version ${m.version}, approved by the chair ${when(m.approvedAt)}${m.circulatedAt ? `, circulated ${when(m.circulatedAt)}` : ''}.`
      : m.corrects
        ? `Version ${m.version}: the chair’s correction of version ${m.corrects.version}, not yet approved.`
        : `Version ${m.version}, saved ${when(m.savedAt)}, not yet approved.`;
    const chair = sessionAttendee(c, sessionActor(session(res)))?.role === 'chair';
    const ctx = { action: address(c.id), csrf: csrfToken(req, res), minutes: m };
    const forms: Html | string =
      !m.approvedAt && !m.corrects
        ? ''
        : chair
          ? html`${correctionForm(ctx, sections, invalid)}${m.corrects && !m.approvedAt ? approveCorrectionForm(ctx) : ''}`
          : notice(MINUTES_DESK.onlyChair);
    send(
      res,
      status,
      title,
      heading,
      html`${done ? notice(done, 'success') : ''}${invalid && !chair ? notice(invalid.form.errors[0]?.message ?? '', 'warning') : ''}<p>${state}</p><ul>${sections.map((s) => html`<li>${s.id}: ${s.heading}${s.confidential ? ' (confidential)' : ''}</li>`)}</ul>${forms}${back}`,
      signOut(req, res),
    );
  }

  r.get('/dashboard/c/:id/minutes', auth, async (req, res) => show(req, res));

  r.post('/dashboard/c/:id/minutes', auth, minutesForm, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof body[k] === 'string' ? body[k] : '');
    const values = { text: str('text'), confidential: str('confidential'), reason: str('reason') };
    const actor = sessionActor(session(res));
    try {
      if (body['_form'] === 'approve') await approveMinutes(deps, id, {}, actor);
      else
        await correctMinutes(
          deps,
          id,
          {
            text: values.text,
            confidentialSections: values.confidential.split(/[\s,]+/).filter(Boolean),
            reason: values.reason,
          },
          actor,
        );
    } catch (err) {
      const status = refusalStatus(err);
      if (!status) throw err;
      const errors =
        err instanceof ValidationError
          ? err.issues.map((i) => ({
              field: i.field.startsWith('confidentialSections')
                ? 'confidential'
                : i.field.startsWith('text')
                  ? 'text'
                  : i.field,
              message: i.message,
            }))
          : [{ field: 'text', message: (err as Error).message }];
      return show(req, res, status, { form: { values, errors } });
    }
    res.redirect(303, `${address(id)}?done=${body['_form'] === 'approve' ? 'approved' : 'corrected'}`);
  });
}
