import { Router } from 'express';
import { addAttendee, removeAttendee } from '../../../app/conference/attendees.ts';
import { correctAddress } from '../../../app/conference/correct-address.ts';
import type { AppDeps } from '../../../app/deps.ts';
import { COORDINATOR } from '../../../app/credentials/actor.ts';
import { sendNewLinks } from '../../../app/credentials/new-links.ts';
import { stopTextsFor } from '../../../app/post-and-texts/texts.ts';
import { setTexts } from '../../../app/post-and-texts/text-consent.ts';
import type { Attendee } from '../../../domain/conference-parts.ts';
import type { Conference } from '../../../domain/conference.ts';
import { changed, pending } from '../change-answer.ts';

/** Adding and removing attendees before the meeting (a deputy, a newly involved agency, someone no longer involved). */
export function attendeeRoutes(deps: AppDeps): Router {
  const r = Router();
  r.post('/conferences/:id/attendees', async (req, res) => {
    const { conference, attendee } = await addAttendee(deps, req.params.id, req.body);
    // Added, with their invitation still to be queued: 202 saying so (follow-on.ts).
    res.status(conference.followOn ? 202 : 201).json({
      id: conference.id,
      reference: conference.reference,
      attendee: { id: attendee.id, role: attendee.role, email: attendee.email },
      report: conference.reports[attendee.id] ?? null,
      ...pending(conference),
    });
  });
  r.post('/conferences/:id/attendees/:attendeeId/remove', async (req, res) => {
    const c = await removeAttendee(deps, req.params.id, req.params.attendeeId, req.body);
    // Removed, with a parent's updated invitation still to be queued: 202 saying so (follow-on.ts).
    changed(res, c).json({
      id: c.id,
      reference: c.reference,
      attendees: c.attendees.map((a) => ({ id: a.id, role: a.role })),
      ...pending(c),
    });
  });
  // Their old links replaced, the new ones on a job: accepted (202), one email however often asked.
  r.post('/conferences/:id/attendees/:attendeeId/new-links', async (req, res) => {
    const out = await sendNewLinks(deps, req.params.id, req.params.attendeeId, req.body, COORDINATOR);
    res.status(202).json({
      id: out.conference.id,
      reference: out.conference.reference,
      attendee: { id: req.params.attendeeId, linkVersion: out.linkVersion },
      replaced: out.replaced,
    });
  });
  r.post('/conferences/:id/attendees/:attendeeId/address', async (req, res) => {
    const c = await correctAddress(deps, req.params.id, req.params.attendeeId, req.body);
    res.json({ id: c.id, reference: c.reference, attendee: { id: req.params.attendeeId } });
  });
  r.post('/conferences/:id/attendees/:attendeeId/texts/stop', async (req, res) => {
    const c = await stopTextsFor(deps, req.params.id, req.params.attendeeId, req.body, COORDINATOR);
    const a = c.attendees.find((x) => x.id === req.params.attendeeId)!;
    res.json(textsAnswer(c, a));
  });
  r.post('/conferences/:id/attendees/:attendeeId/texts', async (req, res) => {
    const c = await setTexts(deps, req.params.id, req.params.attendeeId, req.body, COORDINATOR);
    const a = c.attendees.find((x) => x.id === req.params.attendeeId)!;
    // Texts on, with the day-before text still to be queued: 202 and `pending` say so (follow-on.ts).
    changed(res, c).json({ ...textsAnswer(c, a), ...pending(c) });
  });
  return r;
}

const textsAnswer = (c: Conference, a: Attendee) => ({
  id: c.id,
  reference: c.reference,
  attendee: { id: a.id, textReminders: a.textReminders ?? false, textsStopped: a.textsStopped ?? null },
});
