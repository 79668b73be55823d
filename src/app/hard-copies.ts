/**
 * The hard-copy queue: printable PDFs for family members who asked for post. The PDF lives in the
 * store's blob space and the queue entry on the conference, so the dashboard (GET the conference)
 * shows what is waiting, and a `hard-copy-due` job alerts the coordinator at the deadline.
 */
import { DateTime } from 'luxon';
import type { Attendee, Conference, HardCopy } from '../domain/conference.ts';
import { circulationDueAt } from '../domain/circulation.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { AppDeps } from './deps.ts';
import { loadConference } from './load.ts';
import { parseInput } from './parse.ts';
import { ActorBody } from './schemas.ts';
import { toLondonIso } from './time.ts';

const BLOB_ID = /^hardcopy-[a-z0-9-]{1,80}$/;

export function hardCopyBlobId(document: string, attendeeId: string, version: number): string {
  return `hardcopy-${document}-${attendeeId}-v${version}`;
}

/** The policy's hard-copy deadline, else the circulation deadline, else the end of the next working day. */
export function hardCopyDueAt(deps: Pick<AppDeps, 'calendar' | 'policies'>, c: Conference, now: Date): string {
  const due = c.timetable.hardCopyDue ?? circulationDueAt(c);
  if (due) return due;
  const policy = deps.policies.get(c.policyId);
  const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).toISODate()!;
  const [h, m] = policy.endOfWorkingDay.split(':').map(Number) as [number, number];
  return toLondonIso(DateTime.fromISO(deps.calendar.addWorkingDays(today, 1), { zone: 'Europe/London' }).set({ hour: h, minute: m }));
}

/** Puts a letter on the queue once (a retried job finds it there and changes nothing). */
export async function queueHardCopy(deps: AppDeps, c: Conference, a: Attendee, document: string, pdf: Buffer, dueAt?: string): Promise<HardCopy> {
  const blobId = hardCopyBlobId(document, a.id, c.version);
  const now = deps.clock.now();
  await deps.store.putBlob(c.id, blobId, pdf, { contentType: 'application/pdf', filename: `${c.reference}-${document}-${a.id}.pdf`, attendeeId: a.id });
  const entry: HardCopy = { blobId, attendeeId: a.id, document, queuedAt: toLondonIso(now), dueAt: dueAt ?? hardCopyDueAt(deps, c, now) };
  const updated = await deps.store.update(c.id, (cur) => {
    if ((cur.hardCopies ?? []).some((h) => h.blobId === blobId)) return cur;
    return { ...cur, hardCopies: [...(cur.hardCopies ?? []), entry] };
  });
  return updated.hardCopies!.find((h) => h.blobId === blobId)!;
}

function checkBlobId(blobId: string): void {
  if (!BLOB_ID.test(blobId)) throw new NotFoundError(`No hard copy "${blobId.slice(0, 80)}"`);
}

export async function hardCopyPdf(deps: AppDeps, id: string, blobId: string): Promise<{ data: Buffer; filename: string }> {
  checkBlobId(blobId);
  const c = await loadConference(deps.store, id);
  if (!(c.hardCopies ?? []).some((h) => h.blobId === blobId)) throw new NotFoundError(`No hard copy "${blobId}" in ${c.reference}`);
  const blob = await deps.store.getBlob(id, blobId);
  if (!blob) throw new NotFoundError(`The PDF for "${blobId}" is missing`);
  return { data: blob.data, filename: blob.meta.filename ?? `${blobId}.pdf` };
}

export async function markHardCopyPrinted(deps: AppDeps, id: string, blobId: string, raw: unknown = {}): Promise<HardCopy> {
  checkBlobId(blobId);
  const { by = 'coordinator' } = parseInput(ActorBody, raw, 'request');
  const c = await loadConference(deps.store, id);
  if (!(c.hardCopies ?? []).some((h) => h.blobId === blobId)) throw new NotFoundError(`No hard copy "${blobId}" in ${c.reference}`);
  const at = toLondonIso(deps.clock.now());
  const updated = await deps.store.update(id, (cur) => ({
    ...cur,
    hardCopies: (cur.hardCopies ?? []).map((h) => (h.blobId === blobId && !h.printedAt ? { ...h, printedAt: at, printedBy: by } : h)),
  }));
  await deps.store.audit(id, { at, actor: by, action: 'hard-copy.printed', detail: { blobId } });
  return updated.hardCopies!.find((h) => h.blobId === blobId)!;
}

/** Every letter not yet printed, across conferences, oldest deadline first (the print room's list). */
export async function printQueue(deps: AppDeps): Promise<(HardCopy & { conferenceId: string; reference: string })[]> {
  const out: (HardCopy & { conferenceId: string; reference: string })[] = [];
  for (const s of await deps.store.list()) {
    const c = await deps.store.get(s.id);
    for (const h of c?.hardCopies ?? []) if (!h.printedAt) out.push({ ...h, conferenceId: s.id, reference: s.reference });
  }
  return out.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}
