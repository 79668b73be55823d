/**
 * The hard-copy queue: printable PDFs for family members who asked for post. The PDF lives in the
 * store's blob space and the queue entry on the conference, so the dashboard (GET the conference)
 * shows what is waiting, and a `hard-copy-due` job alerts the coordinator at the deadline. A later
 * version of a letter withdraws the unprinted earlier one, and letters about coming to a meeting
 * leave the list once it is held (both kept on the record; rules in domain/letters.ts). With GOV.UK
 * Notify configured each letter is handed to Notify instead (notify-letters.ts) and is on the print
 * list only if Notify refuses it.
 */
import type { SendKind } from '../../ports.ts';
import { DateTime } from 'luxon';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { HardCopy } from '../../domain/deliveries.ts';
import { circulationDueAt } from '../../domain/circulation.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { dateAndTime } from '../../content/format.ts';
import { letterStateWords } from '../../content/letter-state.ts';
import { stillToPrint, supersede, withNotify } from '../../domain/letters.ts';
import { audited, requested, type Actor } from '../credentials/actor.ts';
import { recordCirculatedOncePrinted } from '../circulation/circulated-audit.ts';
import type { AppDeps } from '../deps.ts';
import { ledgerKey } from '../shared/deliver.ts';
import { loadConference } from '../shared/load.ts';
import { notifyPart, postWithNotify } from './notify-letters.ts';
import { parseInput } from '../shared/parse.ts';
import { ActorBody } from '../meeting-day/schemas.ts';
import { toLondonIso } from '../shared/time.ts';
import { LONDON } from '../../domain/calendar/zone.ts';

const BLOB_ID = /^hardcopy-[a-z0-9-]{1,80}$/;

/** `recipient` is the attendee id, or their ledger recipient for a later version of the letter (`a3-update1`). */
export function hardCopyBlobId(document: string, recipient: string, version: number): string {
  return `hardcopy-${document}-${recipient}-v${version}`;
}

/** The policy's hard-copy deadline, else the circulation deadline, else the end of the next working day. */
export function hardCopyDueAt(deps: Pick<AppDeps, 'calendar' | 'policies'>, c: Conference, now: Date): string {
  const due = c.timetable.hardCopyDue ?? circulationDueAt(c);
  if (due) return due;
  return endOfNextWorkingDay(deps, c, now);
}

/** The end of the next working day: when a letter about the meeting must be in the post. */
export function endOfNextWorkingDay(
  deps: Pick<AppDeps, 'calendar' | 'policies'>,
  c: Pick<Conference, 'policyId'>,
  now: Date,
): string {
  const policy = deps.policies.get(c.policyId);
  const today = DateTime.fromJSDate(now, { zone: LONDON }).toISODate()!;
  const [h, m] = policy.endOfWorkingDay.split(':').map(Number) as [number, number];
  return toLondonIso(
    DateTime.fromISO(deps.calendar.addWorkingDays(today, 1), { zone: LONDON }).set({ hour: h, minute: m }),
  );
}

export interface QueueOptions {
  dueAt?: string;
  /** Ledger recipient of this version of the letter (default: the attendee id). */
  recipient?: string;
  /** The ledger step of the delivery this letter is: recorded so the delivery counts only once printed. */
  step?: SendKind;
  /** The post cannot bring it in time: the coordinator is told at once instead of at its deadline. */
  tooLateForPost?: { neededBy: string };
}

/**
 * Puts a letter on the queue once (a retried job finds it there and changes nothing), withdrawing
 * any unprinted earlier version of it for the same person, and queues the `hard-copy-due` alert for
 * its deadline.
 */
export async function queueHardCopy(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  document: string,
  pdf: Buffer,
  opts: QueueOptions = {},
): Promise<HardCopy> {
  const blobId = hardCopyBlobId(document, opts.recipient ?? a.id, c.version);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  await deps.store.putBlob(c.id, blobId, pdf, {
    contentType: 'application/pdf',
    filename: `${c.reference}-${document}-${a.id}.pdf`,
    attendeeId: a.id,
  });
  const entry: HardCopy = {
    blobId,
    attendeeId: a.id,
    document,
    queuedAt: at,
    dueAt: opts.dueAt ?? hardCopyDueAt(deps, c, now),
    ...(opts.step ? { ledgerKey: ledgerKey(opts.step, opts.recipient ?? a.id, c.version) } : {}),
    ...(opts.tooLateForPost ? { tooLateForPost: opts.tooLateForPost } : {}),
    ...notifyPart(deps, c, blobId),
  };
  let superseded: string[] = [];
  const updated = await deps.store.update(c.id, (cur) => {
    if ((cur.hardCopies ?? []).some((h) => h.blobId === blobId)) return cur;
    const next = supersede(cur.hardCopies ?? [], entry, at);
    superseded = next.superseded;
    return { ...cur, hardCopies: next.hardCopies };
  });
  const copies = updated.hardCopies!;
  const copy = copies.find((h) => h.blobId === blobId)!;
  if (superseded.length)
    await deps.store.audit(c.id, {
      at,
      actor: 'system',
      action: 'hard-copy.superseded',
      detail: { attendeeId: a.id, blobIds: superseded, by: blobId },
    });
  // One alert job per letter (seq tells them apart); letters due at the same moment share one email.
  if (!copy.tooLateForPost) {
    await deps.jobs.schedule([
      {
        conferenceId: c.id,
        version: c.version,
        step: 'hard-copy-due',
        attendeeId: a.id,
        seq: copies.indexOf(copy) + 1,
        runAt: new Date(Date.parse(copy.dueAt)),
      },
    ]);
  }
  // With GOV.UK Notify it is printed and posted for us (a retried job finds it handed over already).
  await postWithNotify(deps, updated, copy, pdf);
  return copy;
}

function checkBlobId(blobId: string): void {
  if (!BLOB_ID.test(blobId)) throw new NotFoundError(`No hard copy "${blobId.slice(0, 80)}"`);
}

export async function hardCopyPdf(
  deps: AppDeps,
  id: string,
  blobId: string,
): Promise<{ data: Buffer; filename: string }> {
  checkBlobId(blobId);
  const c = await loadConference(deps.store, id);
  if (!(c.hardCopies ?? []).some((h) => h.blobId === blobId))
    throw new NotFoundError(`No hard copy "${blobId}" in ${c.reference}`);
  const blob = await deps.store.getBlob(id, blobId);
  if (!blob) {
    const h = c.hardCopies!.find((x) => x.blobId === blobId)!;
    // A letter's PDF is kept only while it is to be printed (storage/redis-blobs.ts).
    if (!stillToPrint(c, h))
      throw new NotFoundError(
        `${c.reference}: this letter is no longer on the print list (${h.printedAt ? `printed ${h.printedAt}` : h.withdrawnAt ? 'withdrawn' : 'not needed'}), so its PDF is not kept`,
      );
    throw new NotFoundError(`The PDF for "${blobId}" is missing`);
  }
  return { data: blob.data, filename: blob.meta.filename ?? `${blobId}.pdf` };
}

export async function markHardCopyPrinted(
  deps: AppDeps,
  id: string,
  blobId: string,
  raw: unknown,
  actor: Actor,
): Promise<HardCopy> {
  checkBlobId(blobId);
  const who = audited(actor, parseInput(ActorBody, raw ?? {}, 'request').by);
  const by = who.actor;
  const c = await loadConference(deps.store, id);
  const letter = (c.hardCopies ?? []).find((h) => h.blobId === blobId);
  if (!letter) throw new NotFoundError(`No hard copy "${blobId}" in ${c.reference}`);
  if (withNotify(letter))
    throw new ConflictError(
      `${c.reference}: GOV.UK Notify is posting this letter; it counts as posted when Notify says so`,
    );
  // A withdrawn letter (replaced, or about a meeting held or cancelled) is not to be posted: printing it would mislead.
  if (letter.withdrawnAt && !letter.printedAt)
    throw new ValidationError(`${c.reference}: letter not marked printed`, [
      { field: 'blobId', message: `this letter is not on the print list: ${letterStateWords(letter, dateAndTime)}` },
    ]);
  const at = toLondonIso(deps.clock.now());
  const updated = await deps.store.update(id, (cur) => ({
    ...cur,
    hardCopies: (cur.hardCopies ?? []).map((h) =>
      h.blobId === blobId && !h.printedAt ? { ...h, printedAt: at, printedBy: by } : h,
    ),
  }));
  await deps.store.audit(id, { at, actor: by, action: 'hard-copy.printed', detail: { blobId, ...requested(who) } });
  await recordCirculatedOncePrinted(deps, id);
  return updated.hardCopies!.find((h) => h.blobId === blobId)!;
}

/** Every letter still to print (not printed, not withdrawn), across conferences, oldest deadline first (the print room's list). */
export async function printQueue(deps: AppDeps): Promise<(HardCopy & { conferenceId: string; reference: string })[]> {
  const out: (HardCopy & { conferenceId: string; reference: string })[] = [];
  for (const s of await deps.store.list()) {
    const c = await deps.store.get(s.id);
    for (const h of c?.hardCopies ?? [])
      if (stillToPrint(c!, h)) out.push({ ...h, conferenceId: s.id, reference: s.reference });
  }
  return out.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

/**
 * A meeting called off (a conference cancelled or postponed, a core group cancelled, a person
 * removed) while this person's letters about it (`documents`) were never printed nor handed to
 * Notify: they are withdrawn from the print queue (kept for the record) and true is returned, so no
 * cancellation letter follows a letter that never went. False when any of them may be in the post.
 */
export async function withdrawUnprintedLetters(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  documents: readonly string[],
  detail: Record<string, string> = {},
): Promise<boolean> {
  const letters = (c.hardCopies ?? []).filter((h) => h.attendeeId === a.id && documents.includes(h.document));
  if (letters.some((h) => h.printedAt || withNotify(h))) return false;
  const waiting = letters.filter((h) => !h.withdrawnAt).map((h) => h.blobId);
  if (waiting.length) {
    const at = toLondonIso(deps.clock.now());
    await deps.store.update(c.id, (cur) => ({
      ...cur,
      hardCopies: (cur.hardCopies ?? []).map((h) =>
        waiting.includes(h.blobId) && !h.printedAt && !h.withdrawnAt && !withNotify(h)
          ? { ...h, withdrawnAt: at, withdrawnReason: 'meeting-cancelled' as const }
          : h,
      ),
    }));
    await deps.store.audit(c.id, {
      at,
      actor: 'system',
      action: 'hard-copy.withdrawn',
      detail: { attendeeId: a.id, blobIds: waiting, reason: 'meeting-cancelled', ...detail },
    });
  }
  return true;
}
