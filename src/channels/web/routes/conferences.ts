import { Router } from 'express';
import { createConference } from '../../../app/conference/create-conference.ts';
import { conferenceView } from '../../../app/conference/conference-view.ts';
import type { AppDeps } from '../../../app/deps.ts';
import {
  cancelConference,
  postponeConference,
  rescheduleConference,
  rescheduleWarnings,
} from '../../../app/conference/reschedule-conference.ts';
import { changed, pending } from '../change-answer.ts';

/** The coordinator API: every route here sits behind the API key. */
export function conferenceRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/policies', (_req, res) => {
    res.json(
      deps.policies
        .list()
        .map((p) => ({ id: p.id, name: p.name, authority: p.authority, example: p.example, basis: p.basis })),
    );
  });
  r.get('/conferences', async (_req, res) => {
    res.json(await deps.store.list());
  });
  r.post('/conferences', async (req, res) => {
    const { conference, warnings } = await createConference(deps, req.body);
    // 202 when its invitations could not be queued yet (they will be: `pending` says so).
    res
      .status(conference.followOn ? 202 : 201)
      .location(`/api/conferences/${conference.id}`)
      .json({
        id: conference.id,
        reference: conference.reference,
        state: conference.state,
        policy: conference.policyId,
        children: conference.children.map((c) => ({ id: c.id, unborn: c.unborn })),
        attendees: conference.attendees.map((a) => ({ id: a.id, role: a.role, email: a.email })),
        timetable: conference.timetable,
        warnings,
        ...pending(conference),
      });
  });
  r.get('/conferences/:id', async (req, res) => {
    res.json(await conferenceView(deps, req.params.id));
  });
  r.post('/conferences/:id/reschedule', async (req, res) => {
    const c = await rescheduleConference(deps, req.params.id, req.body);
    changed(res, c).json({
      id: c.id,
      reference: c.reference,
      state: c.state,
      version: c.version,
      timetable: c.timetable,
      warnings: await rescheduleWarnings(deps, c),
      ...pending(c),
    });
  });
  r.post('/conferences/:id/postpone', async (req, res) => {
    const c = await postponeConference(deps, req.params.id, req.body);
    changed(res, c).json({ id: c.id, reference: c.reference, state: c.state, version: c.version, ...pending(c) });
  });
  r.post('/conferences/:id/cancel', async (req, res) => {
    const c = await cancelConference(deps, req.params.id, req.body);
    changed(res, c).json({ id: c.id, reference: c.reference, state: c.state, version: c.version, ...pending(c) });
  });
  return r;
}
