/** One conference on the dashboard: its page, and what the coordinator does from it (retry a failed job, mark a letter printed, a task done, a parent told in person, text reminders, revoke links or send new ones). */
import type { Request, Response, Router } from 'express';
import { confirmToldInPerson, releaseHeldLetter } from '../../../../app/circulation/circulation-actions.ts';
import { conferenceView } from '../../../../app/conference/conference-view.ts';
import type { AppDeps } from '../../../../app/deps.ts';
import { hardCopyPdf, markHardCopyPrinted } from '../../../../app/post-and-texts/hard-copies.ts';
import { revokeLinks } from '../../../../app/credentials/links.ts';
import { completeTask } from '../../../../app/conference/tasks.ts';
import { openEscalation, resolveEscalation } from '../../../../app/follow-ups/escalations.ts';
import { setTexts } from '../../../../app/post-and-texts/text-consent.ts';
import { stopTextsFor } from '../../../../app/post-and-texts/texts.ts';
import { linesFor } from '../../../../app/conference/worklist.ts';
import { NotFoundError, ValidationError } from '../../../../domain/errors.ts';
import { refusalStatus } from '../../errors.ts';
import { isBeforeMeeting, isDraft } from '../../../../domain/state-machine.ts';
import { DESK_WARNINGS_HEADING, deskDone, NOT_PRINTED } from '../../../../content/desk-words.ts';
import { html, notice } from '../html.ts';
import { conferencePage } from './conference-page.ts';
import { conferenceWorkSection } from './desk.ts';
import { jobAdmin } from './jobs.ts';
import { actorOf } from './session.ts';
import { newLinksRoute } from './new-links-route.ts';
import { send, type DashboardKit } from './shell.ts';
import type { TextsFormError } from './texts-section.ts';
import { escalationInput, type EscalationFormError } from './escalations-section.ts';
import type { HeldLetterFormError } from './held-letters-section.ts';

/** The named fields a form sent, blank ones left out (so the use-case names what is missing). */
function formValues(body: unknown, names: readonly string[]): Record<string, string> {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(names.flatMap((k) => (typeof b[k] === 'string' && b[k] ? [[k, b[k]]] : [])));
}

export function conferenceRoutes(r: Router, deps: AppDeps, k: DashboardKit): void {
  const { auth, form, csrfOk, signOut, session, csrfToken } = k;

  /** One conference's page; with `textsError`, the text reminders form sent back with its problem (400). */
  async function showConference(
    req: Request,
    res: Response,
    textsError?: TextsFormError,
    explainedError?: HeldLetterFormError,
    escalationError?: EscalationFormError,
  ): Promise<void> {
    const id = req.params['id'] as string;
    let v;
    try {
      v = await conferenceView(deps, id);
    } catch (err) {
      if (err instanceof NotFoundError)
        return send(
          res,
          404,
          'Not found',
          'No such conference',
          html`<p><a href="/dashboard">All conferences</a></p>`,
          signOut(req, res),
        );
      throw err;
    }
    const admin = jobAdmin(deps.jobs);
    const failed = admin ? (await admin.failed()).filter((j) => j.conferenceId === id) : [];
    const done = deskDone(req.query['done']);
    const stored = await deps.store.get(id);
    // Only what this session's own form kept for this view: nothing a URL carries is shown as a warning.
    const warnings = await k.takeNote(req, res);
    const actions = (c: NonNullable<typeof stored>) =>
      isBeforeMeeting(c.state)
        ? html`<ul class="action-links">${isDraft(c.state) ? html`<li><a href="/dashboard/c/${c.id}/people#confirm-heading">Confirm this drafted review</a></li>` : ''}<li><a href="/dashboard/c/${c.id}/change">Reschedule, postpone or cancel this conference</a></li><li><a href="/dashboard/c/${c.id}/people">Add or remove attendees, set parents’ own times</a></li></ul>`
        : '';
    const work = stored
      ? html`${warnings.length ? html`<div class="notice notice-warning" role="note"><strong>${DESK_WARNINGS_HEADING}</strong><ul>${warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}${actions(stored)}${conferenceWorkSection(linesFor(stored, failed, deps.clock.now()))}`
      : undefined;
    const p = conferencePage(v, {
      failed,
      csrf: csrfToken(req, res),
      now: deps.clock.now(),
      ...(done ? { done } : {}),
      ...(textsError ? { textsError } : {}),
      ...(explainedError ? { explainedError } : {}),
      ...(escalationError ? { escalationError } : {}),
      ...(work ? { work } : {}),
    });
    const failedForm = textsError || explainedError || escalationError;
    send(
      res,
      failedForm ? 400 : 200,
      failedForm ? `Error: ${p.title}` : p.title,
      p.heading,
      html`${admin ? '' : notice('Failed jobs cannot be listed with this job scheduler.')}${p.body}`,
      signOut(req, res),
    );
  }
  r.get('/dashboard/c/:id', auth, (req, res) => showConference(req, res));

  r.post('/dashboard/c/:id/jobs/:jobId/retry', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const jobId = req.params['jobId'] as string;
    const admin = jobAdmin(deps.jobs);
    const mine = admin ? (await admin.failed()).some((j) => j.id === jobId && j.conferenceId === id) : false;
    const ok = mine && admin ? await admin.retry(jobId) : false;
    if (ok) await deps.store.audit(id, { actor: actorOf(session(res)), action: 'job.retried', detail: { jobId } });
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=${ok ? 'retried' : 'not-retried'}`);
  });

  r.get('/dashboard/c/:id/hard-copies/:blobId', auth, async (req, res) => {
    const { data, filename } = await hardCopyPdf(deps, req.params['id'] as string, req.params['blobId'] as string);
    res
      .type('application/pdf')
      .set('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
      .send(data);
  });

  r.post('/dashboard/c/:id/hard-copies/:blobId/printed', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const toQueue = req.body?.back === 'print-queue';
    try {
      await markHardCopyPrinted(
        deps,
        id,
        req.params['blobId'] as string,
        {},
        { via: 'session', name: actorOf(session(res)) },
      );
    } catch (err) {
      const status = refusalStatus(err);
      if (!status) throw err;
      const issues = err instanceof ValidationError ? err.issues : [{ message: (err as Error).message }];
      const back = toQueue
        ? html`<a href="/dashboard/print-queue">${NOT_PRINTED.back}</a>`
        : html`<a href="/dashboard/c/${id}">${NOT_PRINTED.backToConference((await deps.store.get(id))?.reference ?? id)}</a>`;
      return send(
        res,
        status,
        `Error: ${NOT_PRINTED.heading}`,
        NOT_PRINTED.heading,
        html`<div class="notice notice-warning" role="alert"><ul>${issues.map((i) => html`<li>${NOT_PRINTED.field}: ${i.message}</li>`)}</ul></div><p>${NOT_PRINTED.nothingChanged} ${back}</p>`,
        signOut(req, res),
      );
    }
    res.redirect(
      303,
      toQueue ? '/dashboard/print-queue?done=printed' : `/dashboard/c/${encodeURIComponent(id)}?done=printed`,
    );
  });

  r.post('/dashboard/c/:id/tasks/:taskId/done', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    await completeTask(deps, id, req.params['taskId'] as string, {}, { via: 'session', name: actorOf(session(res)) });
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=task`);
  });

  r.post('/dashboard/c/:id/circulation/:attendeeId/told', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const attendeeId = req.params['attendeeId'] as string;
    const values = formValues(req.body, ['explainedBy', 'how', 'view']);
    try {
      await confirmToldInPerson(deps, id, attendeeId, values, { via: 'session', name: actorOf(session(res)) });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return showConference(req, res, undefined, { attendeeId, form: { values, errors: err.issues } });
    }
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=told`);
  });

  // A held letter sent without the record, with the reason (required): audited as the signed-in user.
  r.post('/dashboard/c/:id/circulation/:attendeeId/release', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const attendeeId = req.params['attendeeId'] as string;
    const values = formValues(req.body, ['reason']);
    try {
      await releaseHeldLetter(
        deps,
        id,
        attendeeId,
        { reason: values['reason'] ?? '' },
        { via: 'session', name: actorOf(session(res)) },
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return showConference(req, res, undefined, { attendeeId, release: true, form: { values, errors: err.issues } });
    }
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=released#held-letters`);
  });

  // A disagreement escalated, and its outcome: the same use-cases as the API, audited as the signed-in user.
  r.post('/dashboard/c/:id/escalations', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const values = formValues(req.body, ['childId', 'who', 'concern']);
    try {
      await openEscalation(deps, id, escalationInput(values), { via: 'session', name: actorOf(session(res)) });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return showConference(req, res, undefined, undefined, { form: { values, errors: err.issues } });
    }
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=escalated#escalations`);
  });

  r.post('/dashboard/c/:id/escalations/:escalationId/resolve', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const escalationId = req.params['escalationId'] as string;
    const values = formValues(req.body, ['outcome']);
    try {
      await resolveEscalation(deps, id, escalationId, values, { via: 'session', name: actorOf(session(res)) });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return showConference(req, res, undefined, undefined, { escalationId, form: { values, errors: err.issues } });
    }
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=escalation-resolved#escalations`);
  });

  r.post('/dashboard/c/:id/attendees/:attendeeId/stop-texts', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    await stopTextsFor(
      deps,
      id,
      req.params['attendeeId'] as string,
      {},
      { via: 'session', name: actorOf(session(res)) },
    );
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=texts-stopped`);
  });

  r.post('/dashboard/c/:id/attendees/:attendeeId/texts', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const attendeeId = req.params['attendeeId'] as string;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const mobile = typeof body['mobile'] === 'string' && body['mobile'].trim() ? body['mobile'] : undefined;
    try {
      await setTexts(
        deps,
        id,
        attendeeId,
        { textReminders: body['textReminders'] === 'yes', ...(mobile ? { mobile } : {}) },
        { via: 'session', name: actorOf(session(res)) },
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = {
        mobile: typeof body['mobile'] === 'string' ? body['mobile'] : '',
        textReminders: body['textReminders'] === 'yes' ? 'yes' : '',
      };
      return showConference(req, res, { attendeeId, form: { values, errors: err.issues } });
    }
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=texts-saved`);
  });

  r.post('/dashboard/c/:id/attendees/:attendeeId/revoke-links', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    await revokeLinks(deps, id, req.params['attendeeId'] as string, actorOf(session(res)));
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=revoked`);
  });
  newLinksRoute(r, deps, k);
}
