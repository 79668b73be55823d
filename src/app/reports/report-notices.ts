/**
 * What follows a report once it is recorded: the sender's thank-you and the chair's notice with the
 * report itself (each once per submission, by the send ledger), and where a submission's files and
 * pasted text are stored.
 */
import { storedFileDanger } from '../../domain/attachment-safety.ts';
import { reportAttachmentName, reportReceivedChairEmail } from '../../content/templates/report-received.ts';
import { parentAsNamedFor } from '../../content/templates/who-it-is-about.ts';
import { reportEmail } from '../../content/templates/report-request.ts';
import { notSharedWith, sharingByParent } from '../../domain/report-sharing.ts';
import { familyMemberLabel } from '../../content/labels.ts';
import { personalLink } from '../credentials/links.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { ReportRecord, ReportSubmission } from '../../domain/report-record.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { EmailAttachment } from '../../ports.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { currentReplyAddress } from '../credentials/reply-token.ts';
import { senderOf } from '../shared/sender.ts';
import { reportEmailBase } from './report-emails.ts';

/** Thanks the sender and tells the chair about submission `n`, once each (ledger keys carry `s<n>`). */
export async function sendReportNotices(deps: AppDeps, c: Conference, attendeeId: string, n: number): Promise<void> {
  const attendee = c.attendees.find((a) => a.id === attendeeId);
  const existing = attendee ? c.reports[attendee.id] : undefined;
  const submission = existing?.submissions[n - 1];
  if (!attendee || !existing || !submission) throw new NotFoundError(`no report submission ${n} from ${attendeeId}`);
  const updated = c;
  const { at, late } = submission;
  const policy = deps.policies.get(c.policyId);
  const sender = senderOf(policy);
  const base = reportEmailBase(c, policy);
  const owed = notSharedWith(c, existing).map((p) => familyMemberLabel(c, p.id).toLowerCase());
  const thanks = reportEmail({
    ...base,
    kind: 'thanks',
    receivedAt: at,
    late,
    ...(existing.dueAt ? { dueAt: existing.dueAt } : {}),
    ...(owed.length ? { notSharedWith: owed, uploadUrl: personalLink(deps, c, attendee.id, 'report') } : {}),
  });
  // The thank-you says "reply with an updated version": the reply needs this attendee's token to be filed.
  const replyTo = currentReplyAddress(deps, c, attendee.id);
  if (attendee.email)
    await deliverEmail(deps, updated, {
      step: 'report-thanks',
      recipient: `${attendee.id}-s${n}`,
      message: { ...thanks, to: attendee.email, from: sender, replyTo },
    });
  const chair = c.attendees.find((a) => a.role === 'chair');
  if (chair?.email) {
    const notice = await chairNotice(deps, c, attendee, existing, n);
    await deliverEmail(deps, updated, {
      step: 'report-received-chair',
      recipient: `${attendee.id}-s${n}`,
      message: { ...notice, to: chair.email, from: sender },
    });
  }
}

/**
 * Where a submission's files and pasted text are stored: the ids it records (files first, the text
 * last), or for a submission stored before ids came from the counter, the old `-<n>-<i>` names.
 */
export function submissionBlobIds(
  attendeeId: string,
  s: ReportSubmission,
  n: number,
): { files: string[]; text?: string } {
  if (!s.blobIds) {
    const files = Array.from({ length: s.attachmentCount }, (_, i) => `report-${attendeeId}-${n}-${i + 1}`);
    return { files, text: `report-${attendeeId}-${n}-text` };
  }
  const files = s.blobIds.slice(0, s.attachmentCount);
  const text = s.blobIds[s.attachmentCount];
  return text ? { files, text } : { files };
}

/** The chair's notice with the report itself: the pasted text in the body, each file attached. */
async function chairNotice(deps: AppDeps, c: Conference, author: Attendee, report: ReportRecord, n: number) {
  const submission = report.submissions[n - 1]!;
  const policy = deps.policies.get(c.policyId);
  const attachments: EmailAttachment[] = [];
  const stored = submissionBlobIds(author.id, submission, n);
  for (const [i, id] of stored.files.entries()) {
    const blob = await deps.store.getBlob(c.id, id);
    if (!blob) throw new NotFoundError(`report file ${i + 1} of submission ${n} from ${author.id} is missing`);
    // A program or a web page is never mailed on from our address.
    if (storedFileDanger(blob)) continue;
    attachments.push({
      filename: reportAttachmentName(c.reference, author.id, n, i + 1, blob.meta['filename'] ?? ''),
      content: blob.data,
      ...(blob.meta['contentType'] ? { contentType: blob.meta['contentType'] } : {}),
    });
  }
  const text = stored.text ? (await deps.store.getBlob(c.id, stored.text))?.data.toString('utf8') : undefined;
  const chair = c.attendees.find((a) => a.role === 'chair')!;
  const rendered = reportReceivedChairEmail({
    reference: c.reference,
    policy,
    author: { name: author.name, role: author.role, ...(author.agency ? { agency: author.agency } : {}) },
    version: n,
    receivedAt: submission.at,
    late: submission.late,
    ...(report.dueAt ? { dueAt: report.dueAt } : {}),
    channel: submission.channel,
    ...(text ? { text } : {}),
    attachments: attachments.map((a) => a.filename),
    // What is recorded so far across every version, each parent as the chair may see them named.
    sharing: sharingByParent(c, report).map(({ parent, sharedOn, withheld }) => ({
      who: parentAsNamedFor(c, policy, chair, parent),
      ...(sharedOn ? { sharedOn } : {}),
      ...(withheld ? { withheld } : {}),
    })),
    ...(submission.signedBy ? { signedBy: submission.signedBy } : {}),
    ...(submission.readBy ? { readBy: submission.readBy } : {}),
  });
  return { ...rendered, attachments };
}
