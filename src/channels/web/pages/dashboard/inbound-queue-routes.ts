/** Mail waiting for the coordinator on the dashboard: read it, download what came with it, confirm it as the report or reject it. */
import type { Router } from 'express';
import type { AppDeps } from '../../../../app/deps.ts';
import {
  decideQueued,
  queuedActions,
  readQueued,
  readQueuedAttachment,
} from '../../../../app/reports/inbound-queue.ts';
import { FROM_REMOVED, queuedStatus } from '../../../../content/desk-words.ts';
import { sendDownload } from '../../routes/inbound.ts';
import { button, hidden, html, when } from '../html.ts';
import { actorOf } from './session.ts';
import { send, type DashboardKit } from './shell.ts';

export function inboundQueueRoutes(r: Router, deps: AppDeps, k: DashboardKit): void {
  const { auth, form, csrfOk, signOut, session, csrfToken } = k;

  r.get('/dashboard/c/:id/inbound/:itemId', auth, async (req, res) => {
    const id = req.params['id'] as string;
    const { conference: c, item, text } = await readQueued(deps, id, req.params['itemId'] as string);
    const who = c.attendees.find((a) => a.id === item.attendeeId);
    const actions = queuedActions(c, item);
    const csrf = csrfToken(req, res);
    const act = (action: string, label: string, cls: string) =>
      html`<form method="post" action="/dashboard/c/${c.id}/inbound/${item.id}/${action}" class="inline">${hidden('_csrf', csrf)}${button(label, cls)}</form>`;
    const body = html`<p><a href="/dashboard/c/${c.id}">Back to ${c.reference}</a></p>
<div class="notice notice-warning" role="status"><strong>Not proven to be from ${who ? who.name : FROM_REMOVED.who(item.attendeeId)}.</strong> ${item.reason}. ${who ? 'Check with them before you confirm it as their report.' : FROM_REMOVED.notice(item.attendeeId, c.reference)}</div>
<dl><dt>Sender</dt><dd>${item.from}</dd><dt>Subject</dt><dd>${item.subject}</dd><dt>Arrived</dt><dd>${when(item.at)}</dd><dt>Status</dt><dd>${queuedStatus(item)}${item.decidedAt ? `, ${when(item.decidedAt)}` : ''}</dd></dl>
<h2>Text</h2>${text ? html`<pre class="detail">${text}</pre>` : html`<p>None.</p>`}
<h2>Attachments</h2>${item.attachments.length ? html`<ul>${item.attachments.map((a, i) => html`<li><a href="/dashboard/c/${c.id}/inbound/${item.id}/attachments/${i + 1}">${a.filename}</a> (download)</li>`)}</ul>` : html`<p>None.</p>`}${item.withheld.length ? html`<p class="hint">Not kept (programs, scripts or web pages): ${item.withheld.join(', ')}</p>` : ''}
${actions.length ? html`<p>${actions.includes('confirm') ? act('confirm', 'Confirm as their report', 'button') : ''} ${act('reject', 'Reject', 'button button-secondary')}</p>` : ''}`;
    send(
      res,
      200,
      `Mail waiting for confirmation, ${c.reference}`,
      `Mail waiting for confirmation: ${c.reference}`,
      body,
      signOut(req, res),
    );
  });

  r.get('/dashboard/c/:id/inbound/:itemId/attachments/:n', auth, async (req, res) => {
    sendDownload(
      res,
      await readQueuedAttachment(
        deps,
        req.params['id'] as string,
        req.params['itemId'] as string,
        Number(req.params['n']),
      ),
    );
  });

  r.post('/dashboard/c/:id/inbound/:itemId/:action', auth, form, csrfOk, async (req, res) => {
    const id = req.params['id'] as string;
    const action = req.params['action'];
    if (action !== 'confirm' && action !== 'reject')
      return void send(
        res,
        404,
        'Not found',
        'No such action',
        html`<p><a href="/dashboard/c/${id}">Back to the conference</a></p>`,
        signOut(req, res),
      );
    await decideQueued(deps, id, req.params['itemId'] as string, action, { by: actorOf(session(res)) });
    res.redirect(303, `/dashboard/c/${encodeURIComponent(id)}?done=${action === 'confirm' ? 'confirmed' : 'rejected'}`);
  });
}
