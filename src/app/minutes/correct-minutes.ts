/**
 * The chair corrects minutes already approved: a new version with the reason, which the chair then
 * approves like any other. It goes to the same recipients in the copy the disclosure table gives
 * each (confidential sections and parts a parent left stay out of theirs), once per version
 * (ledger `circulate-minutes-a3-m4-v1`, jobs `…-v1-s4`), each copy saying what it corrects and why.
 * Nothing reaches anyone until the chair approves the corrected version. Only the chair corrects:
 * a minute taker, or the coordinator on their own word (through the key, or signed in to the
 * dashboard as anyone but the chair), is refused (403) and nothing changes.
 */
import type { Conference, Minutes, MinutesCorrection } from '../../domain/conference.ts';
import { minutesCorrectionAuthority, signedInNotChair } from '../../domain/authority.ts';
import { ConflictError, ForbiddenError } from '../../domain/errors.ts';
import { audited, requested, sessionAttendee, type Actor } from '../credentials/actor.ts';
import { parseWithChecks } from '../shared/cross-check.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { toLondonIso } from '../shared/time.ts';
import { shapeMinutes } from './record-minutes.ts';
import { MinutesCorrectionBody } from './schemas.ts';

/**
 * Who is correcting, proven: the chair's own link, the chair signed in to the dashboard as
 * themselves (the sign-in provider's verified email is the chair's), or the chair named in `by`
 * through the coordinator's key. Anyone else signed in is refused, saying who they are signed in as.
 */
function assertChair(c: Conference, actor: Actor, raw: unknown): string {
  const by =
    typeof raw === 'object' && raw && typeof (raw as { by?: unknown }).by === 'string'
      ? (raw as { by: string }).by
      : undefined;
  if (actor.via === 'session') {
    const a = sessionAttendee(c, actor);
    const why = a ? minutesCorrectionAuthority(c, a, a.id) : signedInNotChair(c, actor.name);
    if (why) throw new ForbiddenError(`Not corrected: ${why}. Nothing was changed.`);
    return a!.id;
  }
  const id = actor.via === 'attendee' ? actor.attendeeId : actor.via === 'coordinator' ? by : undefined;
  const a = id === undefined ? undefined : c.attendees.find((x) => x.id === id.trim());
  const why = minutesCorrectionAuthority(c, a, actor.via === 'attendee' ? actor.attendeeId : id);
  if (why) throw new ForbiddenError(`Not corrected: ${why}. Nothing was changed.`);
  return a!.id;
}

/** What the new version corrects: the approved version it replaces (or, re-saving a correction, the same one). */
function corrected(c: Conference, reason: string, by: string, at: string): MinutesCorrection {
  const m = c.minutes;
  if (!m || (!m.approvedAt && !m.corrects))
    throw new ConflictError(
      'There are no approved minutes to correct: edit the minutes (POST …/minutes) and the chair approves them',
    );
  if (!m.approvedAt) return { ...m.corrects!, reason, by, at };
  return { version: m.version, sentAt: m.circulatedAt ?? m.approvedAt, reason, by, at };
}

/** The chair's correction: saved as the next version, unapproved, until the chair approves it. */
export async function correctMinutes(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const c = await loadConference(deps.store, id);
  const chair = assertChair(c, actor, raw);
  const input = parseWithChecks(MinutesCorrectionBody, raw, 'minutes correction', (v) =>
    c.minutes ? shapeMinutes(c, actor, v).issues : [],
  );
  const at = toLondonIso(deps.clock.now());
  const corrects = corrected(c, input.reason, chair, at);
  const { texts, built } = shapeMinutes(c, actor, input);
  const version = c.minutes!.version + 1;
  const blobId = `minutes-v${version}`;
  await deps.store.putBlob(
    c.id,
    blobId,
    Buffer.from(JSON.stringify(built!.sections.map((s, i) => ({ id: s.id, text: texts![i]!.text }))), 'utf8'),
    { contentType: 'application/json', at },
  );
  const minutes: Minutes = {
    version,
    blobId,
    source: 'text',
    sections: built!.sections,
    savedAt: at,
    savedBy: chair,
    corrects,
  };
  const updated = await deps.store.update(id, (cur) => {
    if (cur.minutes?.version !== c.minutes!.version)
      throw new ConflictError(
        'The minutes changed while you were correcting them: load them again and redo your change',
      );
    return { ...cur, minutes };
  });
  const who = audited(actor, actor.via === 'coordinator' ? chair : undefined);
  await deps.store.audit(id, {
    at,
    actor: who.actor,
    action: 'minutes.corrected',
    detail: { version, corrects: corrects.version, reason: corrects.reason, chair, ...requested(who) },
  });
  return updated;
}
