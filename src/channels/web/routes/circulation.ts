import { Router } from 'express';
import { confirmToldInPerson, recordBirth, releaseHeldLetter } from '../../../app/circulation/circulation-actions.ts';
import type { AppDeps } from '../../../app/deps.ts';
import { hardCopyPdf, markHardCopyPrinted, printQueue } from '../../../app/post-and-texts/hard-copies.ts';
import { loadConference } from '../../../app/shared/load.ts';
import { COORDINATOR } from '../../../app/credentials/actor.ts';
import { confirmDraft } from '../../../app/conference/review-draft.ts';
import { changed, pending } from '../change-answer.ts';

/** After the decision: the hard-copy queue, in-person confirmations, held letters released, births and draft reviews (coordinator API). */
export function circulationRoutes(deps: AppDeps): Router {
  const r = Router();
  const brief = (c: { id: string; reference: string; state: string }) => ({
    id: c.id,
    reference: c.reference,
    state: c.state,
  });
  r.get('/hard-copies', async (_req, res) => {
    res.json(await printQueue(deps));
  });
  r.get('/conferences/:id/hard-copies', async (req, res) => {
    const c = await loadConference(deps.store, req.params.id);
    res.json({ ...brief(c), hardCopies: c.hardCopies ?? [] });
  });
  r.get('/conferences/:id/hard-copies/:blobId', async (req, res) => {
    const { data, filename } = await hardCopyPdf(deps, req.params.id, req.params.blobId);
    res
      .status(200)
      .type('application/pdf')
      .set('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
      .send(data);
  });
  r.post('/conferences/:id/hard-copies/:blobId/printed', async (req, res) => {
    res.json(await markHardCopyPrinted(deps, req.params.id, req.params.blobId, req.body ?? {}, COORDINATOR));
  });
  r.post('/conferences/:id/circulation/:attendeeId/told', async (req, res) => {
    const c = await confirmToldInPerson(deps, req.params.id, req.params.attendeeId, req.body ?? {});
    res.status(202).json({ ...brief(c), attendeeId: req.params.attendeeId, letter: 'released', ...pending(c) });
  });
  r.post('/conferences/:id/circulation/:attendeeId/release', async (req, res) => {
    const c = await releaseHeldLetter(deps, req.params.id, req.params.attendeeId, req.body ?? {});
    res.status(202).json({ ...brief(c), attendeeId: req.params.attendeeId, letter: 'released', ...pending(c) });
  });
  r.post('/conferences/:id/children/:childId/birth', async (req, res) => {
    const { conference, coreGroupBy } = await recordBirth(deps, req.params.id, req.params.childId, req.body);
    res.json({
      ...brief(conference),
      child: conference.children.find((ch) => ch.id === req.params.childId),
      coreGroupBy: coreGroupBy ?? null,
    });
  });
  r.post('/conferences/:id/confirm', async (req, res) => {
    const { conference: c, warnings } = await confirmDraft(deps, req.params.id, req.body ?? {});
    // Confirmed, with its invitations still to be queued: 202 saying so (follow-on.ts).
    changed(res, c).json({
      ...brief(c),
      startsAt: c.startsAt,
      reviewOf: c.reviewOf ?? null,
      timetable: c.timetable,
      warnings,
      ...pending(c),
    });
  });
  return r;
}
