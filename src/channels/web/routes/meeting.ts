import { Router } from 'express';
import { changed, pending } from '../change-answer.ts';
import { approveDecision, decide } from '../../../app/meeting-day/decision.ts';
import { coreGroupMemberWarnings, familyReasonWarnings } from '../../../app/meeting-day/decision-warnings.ts';
import { planDueWarnings } from '../../../app/follow-ups/plan.ts';
import { openRoundOfViews } from '../../../app/meeting-day/view-links.ts';
import type { AppDeps } from '../../../app/deps.ts';
import { loadConference } from '../../../app/shared/load.ts';
import { COORDINATOR } from '../../../app/credentials/actor.ts';
import { asksForOwnView } from '../../../domain/authority.ts';
import { childrenFor } from '../../../domain/disclosure.ts';
import {
  closeViewRound,
  recordAttendance,
  recordExclusion,
  recordView,
  startMeeting,
  tickChecklist,
} from '../../../app/meeting-day/meeting.ts';

/**
 * The chair's in-meeting actions over the coordinator API (the Teams bot and web pages call the same
 * use-cases). The key proves the coordinator, not the chair: each is audited as the coordinator, with
 * any `by`, `decidedBy` or `recordedBy` in the body kept as `requestedBy`.
 */
export function meetingRoutes(deps: AppDeps): Router {
  const r = Router();
  const brief = (c: { id: string; reference: string; state: string }) => ({
    id: c.id,
    reference: c.reference,
    state: c.state,
  });
  r.post('/conferences/:id/start', async (req, res) => {
    const c = await startMeeting(deps, req.params.id, req.body ?? {}, COORDINATOR);
    res.json({ ...brief(c), heldOn: c.heldOn });
  });
  r.post('/conferences/:id/checklist', async (req, res) => {
    const c = await tickChecklist(deps, req.params.id, req.body, COORDINATOR);
    res.json({ ...brief(c), checklist: c.checklist });
  });
  r.post('/conferences/:id/attendance', async (req, res) => {
    const { conference, quorum } = await recordAttendance(deps, req.params.id, req.body, COORDINATOR);
    res.json({ ...brief(conference), attendance: conference.attendance, quorum });
  });
  r.post('/conferences/:id/exclusions', async (req, res) => {
    const c = await recordExclusion(deps, req.params.id, req.body, COORDINATOR);
    res.status(201).json({ ...brief(c), exclusions: c.exclusions });
  });
  r.post('/conferences/:id/views/open', async (req, res) => {
    const {
      conference: c,
      cardsSent,
      linksSent,
    } = await openRoundOfViews(deps, req.params.id, req.body ?? {}, COORDINATOR);
    res.json({ ...brief(c), viewRound: c.viewRound, cardsSent: cardsSent.length, linksSent });
  });
  r.post('/conferences/:id/views/close', async (req, res) => {
    const c = await closeViewRound(deps, req.params.id, req.body ?? {}, COORDINATOR);
    res.json({ ...brief(c), viewRound: c.viewRound });
  });
  r.get('/conferences/:id/views', async (req, res) => {
    const c = await loadConference(deps.store, req.params.id);
    // Who is asked for a view: the same rule as the Teams round and the chair's page (domain/authority.ts).
    const policy = deps.policies.get(c.policyId);
    const given = new Set(
      c.views.filter((v) => !v.childsVoice && !v.onBehalfOfFamily).map((v) => `${v.attendeeId}:${v.childId}`),
    );
    const expected = c.attendees.filter((a) => asksForOwnView(policy, a));
    res.json({
      ...brief(c),
      viewRound: c.viewRound ?? null,
      views: c.views,
      missing: c.children.flatMap((ch) =>
        expected
          .filter((a) => childrenFor(c, a).includes(ch.id) && !given.has(`${a.id}:${ch.id}`))
          .map((a) => ({ childId: ch.id, attendeeId: a.id, role: a.role })),
      ),
    });
  });
  r.post('/conferences/:id/views', async (req, res) => {
    const { conference, view } = await recordView(deps, req.params.id, req.body, COORDINATOR);
    res.status(201).json({ ...brief(conference), view });
  });
  r.post('/conferences/:id/decision', async (req, res) => {
    const c = await decide(deps, req.params.id, req.body, COORDINATOR);
    res.status(201).json({
      ...brief(c),
      decision: c.decision,
      coreGroups: c.coreGroups ?? [],
      // Not errors: the decision is recorded; the chair's family reasons missing or the professional ones
      // again, a core group or a plan action's due date on a day nobody works, a core group of the social worker alone.
      warnings: [
        ...(c.coreGroups ?? []).flatMap((g) => g.warnings),
        ...familyReasonWarnings(c),
        ...coreGroupMemberWarnings(c),
        ...planDueWarnings(deps.calendar, c.decision?.plan ?? []),
      ],
    });
  });
  r.post('/conferences/:id/decision/approve', async (req, res) => {
    const c = await approveDecision(deps, req.params.id, req.body ?? {}, COORDINATOR);
    changed(res, c).json({ ...brief(c), decision: c.decision, ...pending(c) });
  });
  return r;
}
