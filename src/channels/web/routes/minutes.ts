import { Router } from 'express';
import { COORDINATOR } from '../../../app/credentials/actor.ts';
import type { AppDeps } from '../../../app/deps.ts';
import { loadConference } from '../../../app/shared/load.ts';
import { minutesView } from '../../../app/minutes/minutes-watch.ts';
import { correctMinutes } from '../../../app/minutes/correct-minutes.ts';
import { approveMinutes, draftMinutes, minutesText, saveMinutes } from '../../../app/minutes/record-minutes.ts';
import type { Conference } from '../../../domain/conference.ts';
import { joinSections } from '../../../domain/minutes.ts';
import { changed, pending } from '../change-answer.ts';

/** The minutes through the coordinator's key: read, save (text), build the draft, approve and correct (the chair, named in `by`). */
export function minutesRoutes(deps: AppDeps): Router {
  const r = Router();
  const show = async (c: Conference) => {
    const policy = deps.policies.get(c.policyId);
    const sections = c.minutes ? await minutesText(deps, c) : [];
    const ledger = await deps.ledger.list(c.id);
    return {
      id: c.id,
      reference: c.reference,
      state: c.state,
      ...minutesView(c, policy, ledger),
      sections,
      // The text to edit and send back: each section under its heading (confidential ones are listed by id).
      text: sections.length ? joinSections(sections) : null,
      confidentialSections: sections.filter((s) => s.confidential).map((s) => s.id),
    };
  };
  r.get('/conferences/:id/minutes', async (req, res) => {
    res.json(await show(await loadConference(deps.store, req.params.id)));
  });
  r.post('/conferences/:id/minutes', async (req, res) => {
    res.status(201).json(await show(await saveMinutes(deps, req.params.id, req.body, COORDINATOR)));
  });
  r.post('/conferences/:id/minutes/draft', async (req, res) => {
    res.status(201).json(await show(await draftMinutes(deps, req.params.id, req.body ?? {}, COORDINATOR)));
  });
  r.post('/conferences/:id/minutes/approve', async (req, res) => {
    // Approved, with the minutes' sending still to be queued: 202 and `pending` say so (follow-on.ts).
    const c = await approveMinutes(deps, req.params.id, req.body ?? {}, COORDINATOR);
    changed(res, c).json({ ...(await show(c)), ...pending(c) });
  });
  r.post('/conferences/:id/minutes/correction', async (req, res) => {
    res.status(201).json(await show(await correctMinutes(deps, req.params.id, req.body, COORDINATOR)));
  });
  return r;
}
