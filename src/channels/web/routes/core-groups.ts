import { Router } from 'express';
import { COORDINATOR } from '../../../app/credentials/actor.ts';
import { bookCoreGroup, cancelCoreGroup, rescheduleCoreGroup } from '../../../app/core-groups/core-groups.ts';
import { recordCoreGroupRsvp } from '../../../app/core-groups/core-group-rsvp.ts';
import type { AppDeps } from '../../../app/deps.ts';
import type { Conference } from '../../../domain/conference.ts';
import { changed, pending } from '../change-answer.ts';
import { loadConference } from '../../../app/shared/load.ts';
import { recordCoreGroup } from '../../../app/core-groups/core-group-record.ts';
import { updatePlanAction } from '../../../app/follow-ups/plan.ts';

/**
 * Core groups over the coordinator API: book a later one, reschedule or cancel one in place, record
 * a member's answer. The first is booked with the decision (`firstCoreGroup`).
 */
export function coreGroupRoutes(deps: AppDeps): Router {
  const r = Router();
  // Stored, with its invitations or cancellations still to be queued: 202 and `pending` say so (follow-on.ts).
  const out = (c: Conference, g: { id: string; warnings: string[] }) => ({
    id: c.id,
    reference: c.reference,
    state: c.state,
    coreGroup: g,
    warnings: g.warnings,
    ...pending(c),
  });
  r.get('/conferences/:id/core-groups', async (req, res) => {
    const c = await loadConference(deps.store, req.params.id);
    res.json({ id: c.id, reference: c.reference, coreGroups: c.coreGroups ?? [] });
  });
  r.post('/conferences/:id/core-groups', async (req, res) => {
    const { conference, coreGroup } = await bookCoreGroup(deps, req.params.id, req.body, COORDINATOR);
    res.status(conference.followOn ? 202 : 201).json(out(conference, coreGroup));
  });
  r.post('/conferences/:id/core-groups/:cg/reschedule', async (req, res) => {
    const { conference, coreGroup } = await rescheduleCoreGroup(
      deps,
      req.params.id,
      req.params.cg,
      req.body,
      COORDINATOR,
    );
    changed(res, conference).json(out(conference, coreGroup));
  });
  r.post('/conferences/:id/core-groups/:cg/cancel', async (req, res) => {
    const { conference, coreGroup } = await cancelCoreGroup(deps, req.params.id, req.params.cg, req.body, COORDINATOR);
    changed(res, conference).json(out(conference, coreGroup));
  });
  r.post('/conferences/:id/core-groups/:cg/record', async (req, res) => {
    const { conference, coreGroup } = await recordCoreGroup(deps, req.params.id, req.params.cg, req.body, COORDINATOR);
    res.status(201).json({
      id: conference.id,
      reference: conference.reference,
      coreGroup,
      plan: conference.decision?.plan ?? [],
      signsOfSafety: conference.decision?.signsOfSafety ?? null,
    });
  });
  r.post('/conferences/:id/plan/:action', async (req, res) => {
    const { conference, action, warnings } = await updatePlanAction(
      deps,
      req.params.id,
      req.params.action,
      req.body,
      COORDINATOR,
    );
    // Saved, with its reminders still to be queued: 202 and `pending` say so (follow-on.ts).
    changed(res, conference).json({
      id: conference.id,
      reference: conference.reference,
      action,
      warnings,
      ...pending(conference),
    });
  });
  r.post('/conferences/:id/core-groups/:cg/rsvp', async (req, res) => {
    const g = await recordCoreGroupRsvp(deps, req.params.id, req.params.cg, req.body, COORDINATOR);
    res.json({ coreGroup: g });
  });
  return r;
}
