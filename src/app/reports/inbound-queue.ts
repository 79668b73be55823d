/**
 * The coordinator's queue of unproven reports. Inbound mail that looks like an attendee's report
 * but cannot be proven theirs is kept here, not in the record: no report is marked received, no
 * chaser is cancelled, the chair is not told. The coordinator confirms it (then it is filed exactly
 * like a report by email) or rejects it.
 */
import { reportNeedsConfirming } from '../../content/templates/short-notices.ts';
import type { Conference, InboundQueueItem } from '../../domain/conference.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { loadConference } from '../shared/load.ts';
import { NOT_CLEARLY_A_REPORT, recordEmailedReport } from './emailed-report.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf, coordinatorAddress } from '../shared/sender.ts';
import { FROM_REMOVED } from '../../content/desk-words.ts';

export interface UnprovenReport {
  conferenceId: string;
  attendeeId: string;
  from: string;
  subject: string;
  reason: string;
  size: number;
  text?: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  withheld: string[];
  sourceId?: string;
}

/** Unproven mail a conference keeps waiting at once: a flood of forgeries cannot grow the record without end. */
export const MAX_PENDING = 20;

/** The queue is full: the message is summarised to the coordinator instead of kept. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

/**
 * Keeps the message for the coordinator. A redelivery of the same message (same Message-ID) is the
 * same item. Returns the item and whether it is new (so the coordinator is told once).
 */
export async function queueUnprovenReport(
  deps: AppDeps,
  input: UnprovenReport,
): Promise<{ conference: Conference; item: InboundQueueItem; created: boolean }> {
  const at = toLondonIso(deps.clock.now());
  let created = false;
  let item: InboundQueueItem | undefined;
  const conference = await deps.store.update(input.conferenceId, (cur) => {
    const queue = cur.inboundQueue ?? [];
    const same = input.sourceId ? queue.find((q) => q.sourceId === input.sourceId) : undefined;
    if (same) {
      created = false;
      item = same;
      return cur;
    }
    if (queue.filter((q) => q.status === 'pending').length >= MAX_PENDING)
      throw new QueueFullError(`${cur.reference} already has ${MAX_PENDING} messages waiting for the coordinator`);
    created = true;
    item = {
      id: `q${queue.length + 1}`,
      at,
      attendeeId: input.attendeeId,
      from: input.from,
      subject: input.subject.slice(0, 200),
      reason: input.reason,
      size: input.size,
      hasText: Boolean(input.text?.trim()),
      attachments: input.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })),
      withheld: input.withheld,
      ...(input.sourceId ? { sourceId: input.sourceId } : {}),
      status: 'pending',
    };
    return { ...cur, inboundQueue: [...queue, item] };
  });
  const queued = item!;
  if (created) {
    for (const [i, a] of input.attachments.entries())
      await deps.store.putBlob(conference.id, `inbound-${queued.id}-${i + 1}`, a.content, {
        filename: a.filename,
        contentType: a.contentType,
        at,
      });
    if (input.text?.trim())
      await deps.store.putBlob(conference.id, `inbound-${queued.id}-text`, Buffer.from(input.text, 'utf8'), {
        contentType: 'text/plain',
        at,
      });
  }
  return { conference, item: queued, created };
}

/**
 * What the coordinator may still do with an item: nothing once decided; only reject it when the
 * attendee it seemed to come from has since been removed (no report is expected from them).
 */
export function queuedActions(c: Conference, item: InboundQueueItem): ('confirm' | 'reject')[] {
  if (item.status !== 'pending') return [];
  return fromRemoved(c, item) ? ['reject'] : ['confirm', 'reject'];
}

/** The attendee the item seemed to come from is no longer on the conference (they were removed). */
export const fromRemoved = (c: Conference, item: InboundQueueItem): boolean =>
  !c.attendees.some((a) => a.id === item.attendeeId);

/** The coordinator's notice of an item: who it seems to be from and why it waits. No content, no attachments. Sent once. */
export async function tellCoordinatorOfQueued(deps: AppDeps, c: Conference, item: InboundQueueItem): Promise<void> {
  const attendee = c.attendees.find((a) => a.id === item.attendeeId);
  const rendered = reportNeedsConfirming({
    reference: c.reference,
    ...(attendee ? { attendee: { role: attendee.role, ...(attendee.agency ? { agency: attendee.agency } : {}) } } : {}),
    attendeeId: item.attendeeId,
    from: item.from,
    notClearlyAReport: item.reason === NOT_CLEARLY_A_REPORT,
    reason: item.reason,
    dashboardUrl: `${deps.settings.publicBaseUrl}/dashboard/c/${encodeURIComponent(c.id)}`,
  });
  // Through the send ledger: a redelivered message (after a 451) tells the coordinator once.
  const policy = deps.policies.get(c.policyId);
  await deliverEmail(deps, c, {
    step: 'inbound-queued',
    recipient: `coordinator-${item.id}`,
    message: {
      ...rendered,
      to: coordinatorAddress(deps, policy),
      from: senderOf(policy),
    },
  });
}

/** A queued message as the coordinator reads it before deciding: its details, text and attachments. */
export async function readQueued(
  deps: AppDeps,
  conferenceId: string,
  itemId: string,
): Promise<{ conference: Conference; item: InboundQueueItem; text?: string }> {
  const conference = await loadConference(deps.store, conferenceId);
  const item = conference.inboundQueue?.find((q) => q.id === itemId);
  if (!item) throw new NotFoundError(`No queued message ${itemId} in ${conference.reference}`);
  const text = item.hasText
    ? (await deps.store.getBlob(conference.id, `inbound-${item.id}-text`))?.data.toString('utf8')
    : undefined;
  return { conference, item, ...(text !== undefined ? { text } : {}) };
}

/** Attachment `n` (1-based) of a queued message. */
export async function readQueuedAttachment(
  deps: AppDeps,
  conferenceId: string,
  itemId: string,
  n: number,
): Promise<{ filename: string; content: Buffer }> {
  const { conference, item } = await readQueued(deps, conferenceId, itemId);
  const a = Number.isInteger(n) ? item.attachments[n - 1] : undefined;
  const blob = a ? await deps.store.getBlob(conference.id, `inbound-${item.id}-${n}`) : undefined;
  if (!a || !blob) throw new NotFoundError(`Message ${itemId} in ${conference.reference} has no attachment ${n}`);
  return { filename: a.filename, content: blob.data };
}

/**
 * The coordinator confirms an item as the attendee's report (filed as a report by email: received,
 * chasers stopped, thanks and the chair's notice) or rejects it. Either way it is decided once.
 */
export async function decideQueued(
  deps: AppDeps,
  conferenceId: string,
  itemId: string,
  action: 'confirm' | 'reject',
  /** Who decided, as the door proved it (the coordinator's key or dashboard session); `requestedBy` is only what the body claimed. */
  who: { by: string; requestedBy?: string } = { by: 'coordinator' },
): Promise<{ conference: Conference; item: InboundQueueItem }> {
  const by = who.by;
  const c = await loadConference(deps.store, conferenceId);
  const item = c.inboundQueue?.find((q) => q.id === itemId);
  if (!item) throw new NotFoundError(`No queued message ${itemId} in ${c.reference}`);
  if (item.status !== 'pending')
    throw new ConflictError(`Message ${itemId} in ${c.reference} was already ${item.status}`);
  const at = toLondonIso(deps.clock.now());
  if (action === 'confirm' && fromRemoved(c, item))
    throw new ConflictError(FROM_REMOVED.refused(itemId, item.attendeeId, c.reference));
  if (action === 'confirm') {
    const attachments: { filename: string; contentType: string; content: Buffer }[] = [];
    for (const [i, a] of item.attachments.entries()) {
      const blob = await deps.store.getBlob(c.id, `inbound-${item.id}-${i + 1}`);
      if (!blob) throw new NotFoundError(`The content of message ${itemId} is no longer stored`);
      attachments.push({ filename: a.filename, contentType: a.contentType, content: blob.data });
    }
    const text = item.hasText
      ? (await deps.store.getBlob(c.id, `inbound-${item.id}-text`))?.data.toString('utf8')
      : undefined;
    await recordEmailedReport(
      deps,
      {
        conferenceId: c.id,
        attendeeId: item.attendeeId,
        attachments,
        ...(text ? { text } : {}),
        ...(item.sourceId ? { sourceId: item.sourceId } : {}),
      },
      { confirmingQueued: item.id },
    );
  }
  const status = action === 'confirm' ? 'confirmed' : 'rejected';
  const updated = await deps.store.update(c.id, (cur) => {
    const queue = cur.inboundQueue ?? [];
    const current = queue.find((q) => q.id === itemId);
    if (!current || current.status !== 'pending')
      throw new ConflictError(`Message ${itemId} in ${cur.reference} was already ${current?.status ?? 'removed'}`);
    return {
      ...cur,
      inboundQueue: queue.map((q) => (q.id === itemId ? { ...q, status, decidedAt: at, decidedBy: by } : q)),
    };
  });
  await deps.store.audit(c.id, {
    at,
    actor: by,
    action: `inbound.${status}`,
    detail: { item: itemId, attendeeId: item.attendeeId, ...(who.requestedBy ? { requestedBy: who.requestedBy } : {}) },
  });
  return { conference: updated, item: updated.inboundQueue!.find((q) => q.id === itemId)! };
}
