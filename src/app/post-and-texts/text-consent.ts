/**
 * The coordinator records a parent's or carer's choice about text reminders after the conference
 * was set up (the API and the dashboard form): a new or changed mobile number and whether they
 * agree to texts. Turning texts on is the family's word given to the coordinator, so it also lifts an
 * earlier reply's stop for that number; the day-before reminder is planned if it is still ahead.
 * Turning them off is the same as "Stop texts".
 */
import { z } from 'zod/v4';
import type { Conference } from '../../domain/conference.ts';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { SLOT_ROLES } from '../../domain/family-slots.ts';
import { isEnded } from '../../domain/state-machine.ts';
import { audited, type Actor } from '../credentials/actor.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { planConferenceJobs } from '../follow-ups/plan-jobs.ts';
import { mobileField } from '../shared/field-schemas.ts';
import { stopTexts } from './texts.ts';
import { toLondonIso } from '../shared/time.ts';
import { withEffects } from '../../domain/follow-on.ts';
import { followOnAfterWrite, storedJobs } from '../conference/follow-on.ts';

export const TextsBody = z
  .object({
    /** Whether they agree to short text reminders (no names) at the mobile number. */
    textReminders: z.boolean(),
    /** Their UK mobile number; leave out to keep the one on record. */
    mobile: mobileField.optional(),
    /** Who recorded it, for the audit (through the coordinator's key). */
    by: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

export async function setTexts(
  deps: AppDeps,
  conferenceId: string,
  attendeeId: string,
  raw: unknown,
  actor: Actor,
): Promise<Conference> {
  const input = parseInput(TextsBody, raw ?? {}, 'request');
  const c = await loadConference(deps.store, conferenceId);
  const a = c.attendees.find((x) => x.id === attendeeId);
  if (!a) throw new NotFoundError(`No attendee "${attendeeId.slice(0, 20)}" in ${c.reference}`);
  if (!SLOT_ROLES.has(a.role))
    throw new ValidationError('Invalid text reminders', [
      { field: 'textReminders', message: `only a parent or carer gets text reminders (this attendee is ${a.role})` },
    ]);
  const mobile = input.mobile ?? a.mobile;
  const who = audited(actor, input.by);
  if (!input.textReminders) {
    // One update and one audit entry: texts stopped (saying the number changed), or only the new number.
    return stopTexts(deps, conferenceId, attendeeId, who.actor, undefined, input.mobile);
  }
  if (!mobile)
    throw new ValidationError('Invalid text reminders', [
      { field: 'mobile', message: 'required for text reminders: a UK mobile number' },
    ]);
  if (isEnded(c.state))
    throw new IllegalTransitionError(c.state, c.state, `texts cannot start for a conference that is ${c.state}`);
  if (a.textReminders === true && a.mobile === mobile) return c;

  const at = toLondonIso(deps.clock.now());
  await deps.textOptOuts?.optIn(mobile);
  // The audit entry and the day-before text's job are stored with the change (follow-on.ts): should
  // queueing fail after the write, a repair queues it (asking again finds texts on and plans nothing).
  const stored = await deps.store.update(conferenceId, (cur) => {
    const next: Conference = {
      ...cur,
      attendees: cur.attendees.map((x) => {
        if (x.id !== attendeeId) return x;
        const { textsStopped: _stopped, ...rest } = x;
        return { ...rest, mobile, textReminders: true };
      }),
    };
    const audit = {
      actor: who.actor,
      action: 'texts.started',
      detail: {
        attendeeId,
        numberChanged: mobile !== a.mobile,
        ...(who.requestedBy ? { requestedBy: who.requestedBy } : {}),
      },
    };
    // A changed number: the old day-before reminder goes; the plan gives the current one.
    const dayBefore = planConferenceJobs(next, deps.policies.get(next.policyId), deps).filter(
      (j) => j.step === 'text-day-before' && j.attendeeId === attendeeId,
    );
    return {
      ...next,
      followOn: withEffects(next, at, audit, [
        { do: 'cancel-attendee', attendeeId, steps: ['text-day-before'] },
        { do: 'schedule', jobs: storedJobs(dayBefore) },
      ]),
    };
  });
  return followOnAfterWrite(deps, stored);
}
