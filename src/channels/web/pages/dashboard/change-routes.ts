/**
 * The day's work in the browser: reschedule, postpone or cancel a conference from the dashboard.
 * Each form posts to the same use-case the API calls (same validation, same messages, field named),
 * carries the session's CSRF token, and is audited with the signed-in coordinator's identity; the
 * person who asked is recorded as `requestedBy`, as through the API. No script.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import { loadConference } from '../../../../app/shared/load.ts';
import type { AppDeps } from '../../../../app/deps.ts';
import {
  cancelConference,
  postponeConference,
  rescheduleConference,
  rescheduleWarnings,
} from '../../../../app/conference/reschedule-conference.ts';
import type { Conference } from '../../../../domain/conference.ts';
import { IllegalTransitionError, NotFoundError, ValidationError, type FieldIssue } from '../../../../domain/errors.ts';
import { isBeforeMeeting } from '../../../../domain/state-machine.ts';
import { meetingTimes } from '../../../../content/worklist.ts';
import { stateLabel } from '../../../../content/labels.ts';
import { followOnPendingWords } from '../../../../content/follow-on-words.ts';
import {
  CHANGE_FORM,
  REQUESTED_BY,
  STARTS_AT_HINT,
  type ConferenceChange,
} from '../../../../content/desk-form-words.ts';
import { conferenceDone } from './shell.ts';
import { button, errorSummary, hidden, html, textArea, textInput, type FormState, type Html } from '../html.ts';

type Change = ConferenceChange;
const CHANGES: readonly Change[] = ['reschedule', 'postpone', 'cancel'];
const DONE_KEY: Record<Change, string> = { reschedule: 'rescheduled', postpone: 'postponed', cancel: 'cancelled' };

export interface ChangeHelpers {
  auth: RequestHandler;
  form: RequestHandler;
  csrfOk: RequestHandler;
  csrfToken: (req: Request, res: Response) => string;
  actor: (res: Response) => string;
  /** See DashboardKit.keepNote. */
  keepNote: (res: Response, lines: readonly string[]) => Promise<string | undefined>;
  send: (req: Request, res: Response, status: number, title: string, heading: string, body: Html) => void;
}

function changeForm(c: Conference, change: Change, csrf: string, f: FormState): Html {
  const id = (field: string) => `${change}-${field}`;
  const err = (field: string) => {
    const e = f.errors.find((x) => x.field === field);
    return e ? { error: e.message } : {};
  };
  return html`<section aria-labelledby="${change}-heading"><h2 id="${change}-heading">${CHANGE_FORM[change].heading}</h2><p class="hint">${CHANGE_FORM[change].hint}</p>
${errorSummary(f, { startsAt: id('startsAt'), reason: id('reason'), requestedBy: id('requestedBy') })}
<form method="post" action="/dashboard/c/${c.id}/${change}" novalidate>${hidden('_csrf', csrf)}
${change === 'reschedule' ? textInput(f, { id: id('startsAt'), name: 'startsAt', type: 'datetime-local', label: 'New date and time (London)', hint: STARTS_AT_HINT, ...err('startsAt') }) : ''}
${textArea(f, { id: id('reason'), name: 'reason', label: 'Reason', rows: 3, ...err('reason') })}
${textInput(f, { id: id('requestedBy'), name: 'requestedBy', ...REQUESTED_BY, ...err('requestedBy') })}
${button(CHANGE_FORM[change].button, change === 'cancel' ? 'button button-warning' : 'button')}</form></section>`;
}

function changePage(c: Conference, csrf: string, now: Date, failed?: { change: Change; f: FormState }): Html {
  const formFor = (ch: Change) =>
    changeForm(c, ch, csrf, failed?.change === ch ? failed.f : { values: {}, errors: [] });
  return html`<p><a href="/dashboard/c/${c.id}">Back to ${c.reference}</a></p>
<p>${stateLabel(c.state)}: ${meetingTimes({ ...c.timetable, startsAt: c.startsAt }, now)}.</p>
${isBeforeMeeting(c.state) ? CHANGES.map(formFor) : html`<div class="notice" role="note">The meeting has begun or the conference has ended: it can no longer be moved, postponed or cancelled.</div>`}`;
}

export function changeRoutes(r: Router, deps: AppDeps, h: ChangeHelpers): void {
  const notFound = (req: Request, res: Response) =>
    h.send(req, res, 404, 'Not found', 'No such conference', html`<p><a href="/dashboard">Today’s work</a></p>`);

  r.get('/dashboard/c/:id/change', h.auth, async (req, res) => {
    const c = await loadConference(deps.store, req.params['id'] as string).catch((err: unknown) =>
      err instanceof NotFoundError ? undefined : Promise.reject(err),
    );
    if (!c) return notFound(req, res);
    h.send(
      req,
      res,
      200,
      `Change ${c.reference}`,
      `Reschedule, postpone or cancel ${c.reference}`,
      changePage(c, h.csrfToken(req, res), deps.clock.now()),
    );
  });

  for (const change of CHANGES) {
    r.post(`/dashboard/c/:id/${change}`, h.auth, h.form, h.csrfOk, async (req, res) => {
      const id = req.params['id'] as string;
      const c = await loadConference(deps.store, id).catch((err: unknown) =>
        err instanceof NotFoundError ? undefined : Promise.reject(err),
      );
      if (!c) return notFound(req, res);
      const body = req.body as Record<string, unknown>;
      const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
      const input = {
        ...(change === 'reschedule' ? { startsAt: text('startsAt') } : {}),
        reason: text('reason'),
        requestedBy: text('requestedBy'),
      };
      const values = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v ?? '']));
      const again = (status: number, errors: FieldIssue[]) =>
        h.send(
          req,
          res,
          status,
          `Error: Change ${c.reference}`,
          `Reschedule, postpone or cancel ${c.reference}`,
          changePage(c, h.csrfToken(req, res), deps.clock.now(), { change, f: { values, errors } }),
        );
      let warnings: string[] = [];
      try {
        const run =
          change === 'reschedule'
            ? rescheduleConference
            : change === 'postpone'
              ? postponeConference
              : cancelConference;
        const moved = await run(deps, id, input, h.actor(res));
        if (change === 'reschedule') warnings = await rescheduleWarnings(deps, moved);
        // Stored, with its invitations or notices still to be queued: said, not hidden (follow-on.ts).
        const pending = followOnPendingWords(moved);
        if (pending) warnings = [pending, ...warnings];
      } catch (err) {
        if (err instanceof ValidationError) return again(400, err.issues);
        if (err instanceof IllegalTransitionError)
          return again(409, [{ field: change === 'reschedule' ? 'startsAt' : 'reason', message: err.message }]);
        throw err;
      }
      res.redirect(303, conferenceDone(id, DONE_KEY[change], await h.keepNote(res, warnings)));
    });
  }
}
