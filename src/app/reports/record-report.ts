import { reportSharingTargets } from '../../domain/disclosure.ts';
import { withArticle } from '../../content/words.ts';
import type { Conference, ConferenceState } from '../../domain/conference.ts';
import type { Channel, ReportSubmission } from '../../domain/report-record.ts';
import { assertFilesMayBeStored } from '../../domain/attachment-safety.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { allocateIds } from '../../domain/ids.ts';
import { REPORT_CHASE_STEPS } from '../../domain/steps.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { assertNoBidi } from '../shared/text-input.ts';
import { toLondonIso } from '../shared/time.ts';
import { isBeforeMeeting, isEnded } from '../../domain/state-machine.ts';
import { supersedeQueued } from '../../domain/inbound-queue.ts';
import { withEffects } from '../../domain/follow-on.ts';
import type { ScheduledJob } from '../../ports/jobs.ts';
import { followOnAfterWrite, storedJobs } from '../conference/follow-on.ts';

export interface IncomingReport {
  conferenceId: string;
  attendeeId: string;
  channel: Channel;
  text?: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  sharedWithFamily?: ReportSubmission['sharedWithFamily'];
  signedBy?: string;
  readBy?: string;
  /** The inbound email's Message-ID, when it came by email. */
  sourceId?: string;
}

/** No invisible direction controls in what a report's readers see: its text, names, file names and sharing notes. */
export function assertReportTextShowsWhatItSays(
  input: Pick<IncomingReport, 'text' | 'signedBy' | 'readBy' | 'sharedWithFamily'> & {
    attachments?: IncomingReport['attachments'];
  },
): void {
  assertNoBidi(
    {
      ...(input.text !== undefined ? { text: input.text } : {}),
      ...(input.signedBy !== undefined ? { signedBy: input.signedBy } : {}),
      ...(input.readBy !== undefined ? { readBy: input.readBy } : {}),
      ...(input.attachments ? { attachments: input.attachments.map((a) => ({ filename: a.filename })) } : {}),
      ...(input.sharedWithFamily
        ? { sharedWithFamily: input.sharedWithFamily.map((x) => ({ withheld: x.withheld })) }
        : {}),
    },
    'report',
  );
}

/** Sharing is recorded only against the conference's parents and carers. */
export function assertSharedWithParents(
  c: Conference,
  shared: NonNullable<ReportSubmission['sharedWithFamily']>,
): void {
  const parents = new Set(reportSharingTargets(c.attendees).map((x) => x.id));
  const bad = shared.filter((s) => !parents.has(s.parentId));
  if (bad.length)
    throw new ValidationError('Invalid sharing', [
      { field: 'shared', message: `not a parent or carer: ${bad.map((b) => b.parentId).join(', ')}` },
    ]);
}

export interface RecordReportOptions {
  /**
   * The conference states this door takes reports in (a personal link's: see links.ts). Checked
   * again inside every write, so a report racing a cancellation or the meeting's start is refused
   * rather than stored half-way.
   */
  acceptIn?: ReadonlySet<ConferenceState>;
  /** The coordinator is confirming this queued message as the report: it is decided as confirmed, not superseded. */
  confirmingQueued?: string;
}

function assertStillExpected(c: Conference, attendeeId: string, options: RecordReportOptions): void {
  if (!c.attendees.some((a) => a.id === attendeeId) || !c.reports[attendeeId])
    throw new NotFoundError(`No report expected from ${attendeeId} in ${c.reference}`);
  if (options.acceptIn && !options.acceptIn.has(c.state))
    throw new ConflictError(`${c.reference} is ${c.state}: reports are no longer taken here`);
  // Whatever the door (email, Teams, API): a cancelled or closed conference takes no report.
  if (isEnded(c.state)) throw new ConflictError(`${c.reference} is ${c.state}: it takes no more reports`);
}

/**
 * Reports are for the meeting: once it has started (or been stopped as inquorate) none is filed,
 * whatever the door, as the report link already refused (LINK_RULES.report). Before, an emailed
 * reply, a Teams card or the coordinator confirming a queued message filed a new version after the
 * decision, and the chair was told they "have it now".
 */
function assertBeforeMeeting(c: Conference): void {
  if (!isBeforeMeeting(c.state))
    throw new ConflictError(
      `${c.reference} has already met (${c.state}): reports are taken only before the meeting, so this one was not filed`,
    );
}

/**
 * A report arrived (email, Teams, web link or API): keep it, mark it received, stop that
 * attendee's chasers at once, thank the sender and tell the chair. Duplicates and late reports
 * are kept as further submissions, never dropped.
 */
export async function recordReport(
  deps: AppDeps,
  input: IncomingReport,
  options: RecordReportOptions = {},
): Promise<{ conference: Conference; submission: number; late: boolean }> {
  const c = await loadConference(deps.store, input.conferenceId);
  const attendee = c.attendees.find((a) => a.id === input.attendeeId);
  if (!attendee) throw new NotFoundError(`No attendee ${input.attendeeId} in ${c.reference}`);
  if (!c.reports[attendee.id])
    throw new ValidationError('Not expected', [
      { field: 'attendeeId', message: `${withArticle(attendee.role)} is not asked for a report` },
    ]);
  assertStillExpected(c, attendee.id, options);
  if (!input.text?.trim() && input.attachments.length === 0)
    throw new ValidationError('Empty report', [{ field: 'report', message: 'attach the report or paste its text' }]);
  if (input.sharedWithFamily?.length) assertSharedWithParents(c, input.sharedWithFamily);
  assertReportTextShowsWhatItSays(input);
  assertFilesMayBeStored(input.attachments);

  const now = deps.clock.now();
  const at = toLondonIso(now);
  const existing = c.reports[attendee.id]!;
  // A mail server redelivers a message it was told to try again (451): same message, same
  // submission. Only the notices that did not go out are sent again (the ledger skips the rest).
  const again = input.sourceId ? existing.submissions.findIndex((s) => s.sourceId === input.sourceId) : -1;
  if (again >= 0) {
    const earlier = existing.submissions[again]!;
    await queueNotices(deps, c, attendee.id, again + 1);
    return { conference: c, submission: again + 1, late: earlier.late };
  }
  assertBeforeMeeting(c);
  const text = input.text?.trim() ? input.text : undefined;
  // Document ids come from the conference's counter, reserved before anything is written: two
  // submissions arriving together never write over each other, and no id is ever used twice.
  let blobIds: string[] = [];
  await deps.store.update(c.id, (cur) => {
    assertStillExpected(cur, attendee.id, options);
    assertBeforeMeeting(cur);
    const issued = allocateIds(cur, 'blob', input.attachments.length + (text ? 1 : 0));
    blobIds = issued.ids.map((b) => `report-${attendee.id}-${b}`);
    return issued.conference;
  });
  const meta = { attendeeId: attendee.id, channel: input.channel, at };
  for (const [i, a] of input.attachments.entries()) {
    await deps.store.putBlob(c.id, blobIds[i]!, a.content, {
      ...meta,
      filename: a.filename,
      contentType: a.contentType,
    });
  }
  if (text)
    await deps.store.putBlob(c.id, blobIds.at(-1)!, Buffer.from(text, 'utf8'), { ...meta, contentType: 'text/plain' });

  const late = existing.dueAt ? now.getTime() > Date.parse(existing.dueAt) : false;
  const submission: ReportSubmission = {
    at,
    channel: input.channel,
    attachmentCount: input.attachments.length,
    blobIds,
    late,
    ...(input.sharedWithFamily ? { sharedWithFamily: input.sharedWithFamily } : {}),
    ...(input.signedBy ? { signedBy: input.signedBy } : {}),
    ...(input.readBy ? { readBy: input.readBy } : {}),
    ...(input.sourceId ? { sourceId: input.sourceId } : {}),
  };
  let n = 0;
  let duplicate = false;
  // Its follow-on work is stored with it (follow-on.ts): the chasers removed (and any chaser caught
  // mid-send closed), the audit, the thank-you and the chair's notice queued. A failure after the
  // write is repaired, so the author is not shown an error and does not send the report twice.
  const stored = await deps.store.update(c.id, (cur) => {
    assertStillExpected(cur, attendee.id, options);
    const r = cur.reports[attendee.id]!;
    const again = input.sourceId ? r.submissions.findIndex((s) => s.sourceId === input.sourceId) : -1;
    n = again >= 0 ? again + 1 : r.submissions.length + 1;
    duplicate = again >= 0;
    if (duplicate) return cur;
    const first = r.status !== 'received';
    // Unproven mail that claimed to be this report is no longer the coordinator's work: the report is in.
    const resolved = supersedeQueued(cur, at, 'report-filed', {
      attendeeId: attendee.id,
      ...(options.confirmingQueued ? { except: options.confirmingQueued } : {}),
    });
    const next: Conference = {
      ...resolved.conference,
      reports: {
        ...cur.reports,
        [attendee.id]: {
          ...r,
          status: 'received',
          ...(first ? { receivedAt: at, channel: input.channel } : {}),
          submissions: [...r.submissions, submission],
        },
      },
    };
    const audit = {
      actor: attendee.id,
      action: n === 1 ? 'report.received' : 'report.resubmitted',
      detail: { channel: input.channel, late, attachments: input.attachments.length },
      ...(resolved.superseded.length
        ? { superseded: resolved.superseded, supersededBecause: 'report-filed' as const }
        : {}),
    };
    return {
      ...next,
      followOn: withEffects(next, at, audit, [
        // Their chasers stop: the shared ones (one per run time, for every author due then) skip a report
        // that is in when they run; one queued before chasers were shared names them and goes now.
        { do: 'cancel-attendee', attendeeId: attendee.id, steps: [...REPORT_CHASE_STEPS], countAs: 'chasersRemoved' },
        // A chaser whose attempt died mid-send (or was refused for now) may have had its retry removed just now: close it.
        {
          do: 'skip-unsent',
          steps: [...REPORT_CHASE_STEPS],
          recipients: [attendee.id, `${attendee.id}-manager`],
          reason: 'the report arrived first',
        },
        { do: 'schedule', jobs: storedJobs([noticesJob(deps, next, attendee.id, n)]) },
      ]),
    };
  });
  // The same message filed meanwhile by another delivery of it: only its notices, if they did not go.
  if (duplicate) await queueNotices(deps, stored, attendee.id, n);
  const updated = await followOnAfterWrite(deps, stored);
  return { conference: updated, submission: n, late };
}

/**
 * The thank-you and the chair's notice go out on a queued job, not inline: if mail is refused they
 * retry with backoff like every other send, whichever channel the report came by.
 */
function queueNotices(deps: AppDeps, c: Conference, attendeeId: string, n: number): Promise<void> {
  return deps.jobs.schedule([noticesJob(deps, c, attendeeId, n)]);
}

function noticesJob(deps: AppDeps, c: Conference, attendeeId: string, n: number): ScheduledJob {
  return {
    conferenceId: c.id,
    version: c.version,
    step: 'report-notices',
    attendeeId,
    seq: n,
    runAt: deps.clock.now(),
  };
}
