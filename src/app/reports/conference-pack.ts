/**
 * Before the meeting (when the report deadline passes: Hampshire's is 24 hours before) the chair
 * gets one conference pack: every report received, latest version of each, in the order they
 * arrived, with a cover saying what is missing and whom in the family each was shared with.
 * Reports that come later reach the chair one by one, as they always do (record-report.ts).
 */
import { renderConferencePack, type PackReport } from '../../content/conference-pack-pdf.ts';
import { calendarDate, dateAndTime, longDate, time } from '../../content/format.ts';
import { conferencePackEmail } from '../../content/templates/conference-pack-email.ts';
import { reportAttachmentName } from '../../content/templates/report-received.ts';
import { parentAsNamedFor, whoItIsAboutFor } from '../../content/templates/who-it-is-about.ts';
import { storedFileDanger } from '../../domain/attachment-safety.ts';
import { reportSharingTargets } from '../../domain/disclosure.ts';
import { kindLabel, roleLabel } from '../../content/words.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { ReportRecord } from '../../domain/report-record.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { sharingByParent } from '../../domain/report-sharing.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { submissionBlobIds } from './report-notices.ts';
import { senderOf } from '../shared/sender.ts';

const STATUS: Record<string, string> = {
  'not-requested': 'not requested',
  requested: 'requested',
  reminded: 'reminded',
  overdue: 'overdue',
  escalated: 'overdue, escalated to their manager',
};

const who = (a: Attendee) => `${a.name}, ${roleLabel(a.role, a.agency)}`;

/** The latest sharing date each parent was given, across every version of the report. */
function sharingLines(c: Conference, r: ReportRecord, named: (parent: Attendee) => string): string[] {
  return sharingByParent(c, r).map(
    ({ parent, sharedOn, withheld }) =>
      `${named(parent)}: ${sharedOn ? `shared on ${calendarDate(sharedOn)}${withheld ? `; withheld: ${withheld}` : ''}` : 'not recorded as shared'}`,
  );
}

async function packReport(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  r: ReportRecord,
  named: (parent: Attendee) => string,
): Promise<PackReport> {
  const n = r.submissions.length;
  const latest = r.submissions[n - 1]!;
  const stored = submissionBlobIds(a.id, latest, n);
  const files: PackReport['files'] = [];
  for (const [i, id] of stored.files.entries()) {
    const blob = await deps.store.getBlob(c.id, id);
    if (!blob) throw new NotFoundError(`report file ${i + 1} of submission ${n} from ${a.id} is missing`);
    // A program or a web page is never mailed on from our address, as with the chair's notice.
    if (storedFileDanger(blob)) continue;
    files.push({
      name: reportAttachmentName(c.reference, a.id, n, i + 1, blob.meta['filename'] ?? ''),
      content: blob.data,
      ...(blob.meta['contentType'] ? { contentType: blob.meta['contentType'] } : {}),
    });
  }
  const text = stored.text ? (await deps.store.getBlob(c.id, stored.text))?.data.toString('utf8') : undefined;
  return {
    author: who(a),
    received: `${dateAndTime(latest.at)}${latest.late ? ' (late)' : ''}`,
    version: n,
    sharing: sharingLines(c, r, named),
    ...(text ? { text } : {}),
    files,
  };
}

export async function sendConferencePack(deps: AppDeps, c: Conference): Promise<void> {
  const chair = c.attendees.find((a) => a.role === 'chair');
  if (!chair?.email) {
    deps.logger.warn('conference pack not sent: the conference has no chair with an email address', {
      conferenceId: c.id,
      reference: c.reference,
    });
    return;
  }
  const policy = deps.policies.get(c.policyId);
  const now = deps.clock.now();
  const expected = Object.values(c.reports).flatMap((r) => {
    const a = c.attendees.find((x) => x.id === r.attendeeId);
    return a ? [{ a, r }] : [];
  });
  const received = expected
    .filter(({ r }) => r.status === 'received' && r.submissions.length)
    .sort((x, y) => Date.parse(x.r.receivedAt ?? '') - Date.parse(y.r.receivedAt ?? ''));
  const missing = expected
    .filter(({ r }) => r.status !== 'received')
    .map(
      ({ a, r }) =>
        `${who(a)}: due ${r.dueAt ? dateAndTime(r.dueAt) : 'before the conference'} (${STATUS[r.status] ?? r.status})`,
    );
  // The pack is emailed: names as the policy lets the chair receive them (caseNames), numbers otherwise.
  const named = (parent: Attendee) => parentAsNamedFor(c, policy, chair, parent);
  const reports = await Promise.all(received.map(({ a, r }) => packReport(deps, c, a, r, named)));
  const about = whoItIsAboutFor(c, policy, chair).whoItIsAbout ?? {
    children: c.children.map((_, i) => `Child ${i + 1}`),
    family: reportSharingTargets(c.attendees).map((p) => named(p)),
  };
  const joinAt = c.timetable.professionalsJoinAt;
  const { pdf, separate } = await renderConferencePack({
    reference: c.reference,
    conference: `${kindLabel(c.kind).replace(/^./, (x) => x.toUpperCase())}, ${longDate(joinAt)}, professionals join at ${time(joinAt)}`,
    children: about.children,
    family: about.family,
    reports,
    missing,
    preparedAt: dateAndTime(now.toISOString()),
    createdAt: now,
  });

  const rendered = conferencePackEmail({
    reference: c.reference,
    policy,
    professionalsJoinAt: joinAt,
    reports: reports.length,
    missing,
    separate: separate.length,
  });
  await deliverEmail(deps, c, {
    step: 'conference-pack',
    recipient: 'chair',
    message: {
      ...rendered,
      to: chair.email,
      from: senderOf(policy),
      attachments: [
        { filename: `${c.reference}-conference-pack.pdf`, content: pdf, contentType: 'application/pdf' },
        ...separate.map((f) => ({
          filename: f.name,
          content: f.content,
          ...(f.contentType ? { contentType: f.contentType } : {}),
        })),
      ],
    },
  });
}
