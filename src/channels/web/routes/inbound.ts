import { Router, type Response } from 'express';
import { z } from 'zod/v4';
import type { AppDeps } from '../../../app/deps.ts';
import { decideQueued, queuedActions, readQueued, readQueuedAttachment } from '../../../app/reports/inbound-queue.ts';
import { loadConference } from '../../../app/shared/load.ts';
import { parseInput } from '../../../app/shared/parse.ts';

/** The coordinator's answer about a queued inbound message (`POST /api/conferences/:id/inbound/:itemId`). */
export const InboundDecisionBody = z
  .object({
    action: z.enum(['confirm', 'reject'], 'expected "confirm" (file it as that attendee’s report) or "reject"'),
    by: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

/**
 * A queued attachment is a stranger's file: always a download, never shown in the browser, its
 * name reduced to safe characters.
 */
export function sendDownload(res: Response, file: { filename: string; content: Buffer }): void {
  res
    .status(200)
    .set({
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100)}"`,
      'X-Content-Type-Options': 'nosniff',
    })
    .send(file.content);
}

/** The coordinator's queue of inbound mail that may be a report but was not proven: list, confirm, reject. */
export function inboundRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/conferences/:id/inbound', async (req, res) => {
    const c = await loadConference(deps.store, req.params.id);
    res.json({ id: c.id, reference: c.reference, items: c.inboundQueue ?? [] });
  });
  r.get('/conferences/:id/inbound/:itemId', async (req, res) => {
    const { conference, item, text } = await readQueued(deps, req.params.id, req.params.itemId);
    // What the coordinator may still do: only reject mail from someone since removed.
    const actions = queuedActions(conference, item);
    res.json({ id: conference.id, reference: conference.reference, item, text: text ?? null, actions });
  });
  r.get('/conferences/:id/inbound/:itemId/attachments/:n', async (req, res) => {
    const file = await readQueuedAttachment(deps, req.params.id, req.params.itemId, Number(req.params.n));
    sendDownload(res, file);
  });
  r.post('/conferences/:id/inbound/:itemId', async (req, res) => {
    const body = parseInput(InboundDecisionBody, req.body, 'request to confirm or reject a message');
    // The key proves the coordinator; a `by` in the body is kept only as who it was on behalf of.
    const { conference, item } = await decideQueued(deps, req.params.id, req.params.itemId, body.action, {
      by: 'coordinator',
      ...(body.by ? { requestedBy: body.by } : {}),
    });
    res.json({ id: conference.id, reference: conference.reference, item });
  });
  return r;
}
