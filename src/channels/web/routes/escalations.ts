import { Router } from 'express';
import { COORDINATOR } from '../../../app/credentials/actor.ts';
import type { AppDeps } from '../../../app/deps.ts';
import { openEscalation, resolveEscalation } from '../../../app/follow-ups/escalations.ts';
import { loadConference } from '../../../app/shared/load.ts';

/** Disagreements with the decision taken up the policy's route: open, list, record the outcome (coordinator API). */
export function escalationRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/conferences/:id/escalations', async (req, res) => {
    const c = await loadConference(deps.store, req.params.id);
    res.json({ id: c.id, reference: c.reference, escalations: c.escalations ?? [] });
  });
  r.post('/conferences/:id/escalations', async (req, res) => {
    res.status(201).json(await openEscalation(deps, req.params.id, req.body ?? {}, COORDINATOR));
  });
  r.post('/conferences/:id/escalations/:escalationId/resolve', async (req, res) => {
    res.json(await resolveEscalation(deps, req.params.id, req.params.escalationId, req.body ?? {}, COORDINATOR));
  });
  return r;
}
