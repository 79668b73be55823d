/**
 * "Send a new link" from the conference page's attendees table: the same use-case as the API
 * (credentials/new-links.ts), audited as the signed-in user. A refusal is a plain page saying why,
 * for whom (the coordinator holds the file: the name is shown, never in the title) and that nothing
 * changed.
 */
import type { Router } from 'express';
import type { AppDeps } from '../../../../app/deps.ts';
import { sendNewLinks } from '../../../../app/credentials/new-links.ts';
import { attendeeWithName } from '../../../../content/labels.ts';
import { NOT_SENT_NEW_LINKS } from '../../../../content/desk-words.ts';
import { ValidationError } from '../../../../domain/errors.ts';
import { refusalStatus } from '../../errors.ts';
import { html } from '../html.ts';
import { actorOf } from './session.ts';
import { send, type DashboardKit } from './shell.ts';

export function newLinksRoute(r: Router, deps: AppDeps, k: DashboardKit): void {
  const { auth, form, csrfOk, signOut, session } = k;
  r.post('/dashboard/c/:id/attendees/:attendeeId/new-links', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const attendeeId = req.params['attendeeId'] as string;
    const replacing = Number((req.body as Record<string, unknown> | undefined)?.['replacing']);
    try {
      await sendNewLinks(deps, id, attendeeId, { replacing }, { via: 'session', name: actorOf(session(res)) });
    } catch (err) {
      const status = refusalStatus(err);
      if (!status) throw err;
      const issues =
        err instanceof ValidationError ? err.issues.map((i) => `${i.field}: ${i.message}`) : [(err as Error).message];
      const c = await deps.store.get(id);
      const a = c?.attendees.find((x) => x.id === attendeeId);
      return send(
        res,
        status,
        `Error: ${NOT_SENT_NEW_LINKS.heading}`,
        NOT_SENT_NEW_LINKS.heading,
        html`${a ? html`<p>${NOT_SENT_NEW_LINKS.for(attendeeWithName(a))}</p>` : ''}<div class="notice notice-warning" role="alert"><ul>${issues.map((i) => html`<li>${i}</li>`)}</ul></div><p>${NOT_SENT_NEW_LINKS.nothingChanged} <a href="/dashboard/c/${id}#reports">${NOT_SENT_NEW_LINKS.backToConference(c?.reference ?? id)}</a></p>`,
        signOut(req, res),
      );
    }
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=new-links#reports`);
  });
}
