import { Router } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import { approveFamilyAttendeeList, setPreMeetingSlots } from '../../../app/conference/family-arrangements.ts';
import { completeTask } from '../../../app/conference/tasks.ts';
import { recordParticipation } from '../../../app/meeting-day/participation.ts';
import { COORDINATOR } from '../../../app/credentials/actor.ts';
import { loadConference } from '../../../app/shared/load.ts';
import { changed, pending } from '../change-answer.ts';

/** The chair's arrangements for the family, over the coordinator API. */
export function familyRoutes(deps: AppDeps): Router {
  const r = Router();
  r.post('/conferences/:id/pre-meeting-slots', async (req, res) => {
    const { conference: c, updated, warnings } = await setPreMeetingSlots(deps, req.params.id, req.body);
    // Saved, with the updated invitations still to be queued: 202 and `pending` say so (follow-on.ts).
    changed(res, c).json({
      id: c.id,
      reference: c.reference,
      state: c.state,
      version: c.version,
      slots: c.attendees
        .filter((a) => a.preMeetingSlot)
        .map((a) => ({ attendeeId: a.id, role: a.role, startsAt: a.preMeetingSlot!.startsAt })),
      invitationsUpdated: updated,
      warnings,
      ...pending(c),
    });
  });
  r.post('/conferences/:id/family-attendee-list', async (req, res) => {
    const c = await approveFamilyAttendeeList(deps, req.params.id, req.body);
    res.json({ id: c.id, reference: c.reference, state: c.state, familyAttendeeList: c.familyAttendeeList });
  });
  r.get('/conferences/:id/tasks', async (req, res) => {
    const c = await loadConference(deps.store, req.params.id);
    res.json({ id: c.id, reference: c.reference, tasks: c.tasks ?? [] });
  });
  // The coordinator confirms an arrangement is made (the interpreter is booked): the invitation says so.
  r.post('/conferences/:id/tasks/:taskId/done', async (req, res) => {
    // The task, as before; done, with the updated invitation still to be queued: 202 and `pending` (follow-on.ts).
    const { task, conference } = await completeTask(
      deps,
      req.params.id,
      req.params.taskId,
      req.body ?? {},
      COORDINATOR,
    );
    changed(res, conference).json({ ...task, ...pending(conference) });
  });
  // How each child took part (attended, views another way, or not recorded and why).
  r.get('/conferences/:id/participation', async (req, res) => {
    const c = await loadConference(deps.store, req.params.id);
    res.json({ id: c.id, reference: c.reference, participation: c.participation ?? [] });
  });
  r.post('/conferences/:id/participation', async (req, res) => {
    const participation = await recordParticipation(deps, req.params.id, req.body, COORDINATOR);
    res.json({ id: req.params.id, participation });
  });
  return r;
}
