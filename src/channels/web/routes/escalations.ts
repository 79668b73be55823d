import { Router } from 'express';
import { COORDINATOR } from '../../../app/credentials/actor.ts';
import type { AppDeps } from '../../../app/deps.ts';
import { openEscalation, resolveEscalation } from '../../../app/follow-ups/escalations.ts';
import { loadConference } from '../../../app/shared/load.ts';
import { changed, pending } from '../change-answer.ts';

/** Disagreements with the decision taken up the policy's route: open, list, record the outcome (coordinator API). */
export function escalationRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/conferences/:id/escalations', async (req, res) => {
    const c = await loadConference(deps.store, req.params.id);
    res.json({ id: c.id, reference: c.reference, escalations: c.escalations ?? [] });
  });
  // The escalation itself, as before; stored with its notices still to be queued: 202 and `pending` (follow-on.ts).
  r.post('/conferences/:id/escalations', async (req, res) => {
    const { escalation, conference } = await openEscalation(deps, req.params.id, req.body ?? {}, COORDINATOR);
    res.status(conference.followOn ? 202 : 201).json({ ...escalation, ...pending(conference) });
  });
  r.post('/conferences/:id/escalations/:escalationId/resolve', async (req, res) => {
    const { escalation, conference } = await resolveEscalation(
      deps,
      req.params.id,
      req.params.escalationId,
      req.body ?? {},
      COORDINATOR,
    );
    changed(res, conference).json({ ...escalation, ...pending(conference) });
  });
  return r;
}
