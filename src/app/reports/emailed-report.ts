/**
 * A report that came by email, proven to be its author's: the same use-case as every other door,
 * plus what only email needs. An author replying by email records sharing with the family the way
 * the request tells them to, one line per parent or carer:
 *
 *     Shared with parent or carer 1 on 2026-12-18
 *     Withheld from parent or carer 1: the name of the neighbour who called
 *
 * Those lines are taken out of the report text and recorded like the upload page's fields. A reply
 * with such lines and no file, beside at most a short note (a greeting, a signature), records the
 * sharing on the report already in, rather than filing a new version of it.
 */
import { createHash } from 'node:crypto';
import type { Conference } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { RenderedEmail } from '../../content/templates/layout.ts';
import type { ReportSubmission } from '../../domain/report-record.ts';
import { ValidationError, type DomainError } from '../../domain/errors.ts';
import { isBeforeMeeting } from '../../domain/state-machine.ts';
import { reportEmail } from '../../content/templates/report-request.ts';
import { reportSharingTargets } from '../../domain/disclosure.ts';
import { familyNumberOf, notSharedWith } from '../../domain/report-sharing.ts';
import { calendarDate } from '../../content/format.ts';
import { familyMemberLabel } from '../../content/labels.ts';
import type { AppDeps } from '../deps.ts';
import { recordReportSharing } from '../chat/replies.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { personalLink } from '../credentials/links.ts';
import { loadConference } from '../shared/load.ts';
import { currentReplyAddress } from '../credentials/reply-token.ts';
import { senderOf } from '../shared/sender.ts';
import { reportEmailBase } from './report-emails.ts';
import { recordReport, type IncomingReport, type RecordReportOptions } from './record-report.ts';
import { isCalendarDate, londonDate, toLondonIso } from '../shared/time.ts';

// Matched against a trimmed line of at most MAX_LINE characters, with no backtracking tail: a
// hostile line of spaces cannot make matching slow.
// The date is any one word, so an example copied as it stands ("on YYYY-MM-DD") is refused as not a
// date instead of passing as report text.
const SHARED = /^shared with parent or carer (\d{1,2})(?: on|:)? ([^\s.]+)\.?$/i;
const WITHHELD = /^withheld from parent or carer (\d{1,2}) ?: ?(\S.*)$/i;
const MAX_LINE = 2100;
/** What may stand beside sharing lines in a reply that only records sharing: a greeting and a signature, not a report. */
const MAX_NOTE = 400;

type Sharing = NonNullable<ReportSubmission['sharedWithFamily']>;

/** The sharing lines of an emailed report (quoted earlier mail ignored), and the text without them. */
export function sharingFromEmail(
  c: Pick<Conference, 'attendees'>,
  text: string,
  today: string,
): { shared: Sharing; rest: string } {
  const parents = reportSharingTargets(c.attendees);
  const on = new Map<string, string>();
  const withheld = new Map<string, string>();
  const issues: { field: string; message: string }[] = [];
  const rest: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.length <= MAX_LINE && !line.startsWith('>') ? line.trim().replace(/\s+/g, ' ') : '';
    const s = t ? SHARED.exec(t) : null;
    const w = t && !s ? WITHHELD.exec(t) : null;
    const hit = s ?? w;
    if (!hit) {
      rest.push(line);
      continue;
    }
    // By the number each parent keeps for good: removing another parent does not move it.
    const parent = parents.find((p) => familyNumberOf(c, p) === Number(hit[1]));
    if (!parent) {
      issues.push({ field: 'shared', message: `there is no parent or carer ${hit[1]} in this conference now` });
      continue;
    }
    if (s) {
      if (!isCalendarDate(s[2]!))
        issues.push({ field: 'shared', message: `"${s[2]}" is not a date: write it as 2027-01-04` });
      else if (s[2]! > today)
        issues.push({
          field: 'shared',
          message: `the date you shared it with parent or carer ${s[1]} cannot be in the future`,
        });
      else on.set(parent.id, s[2]!);
    } else withheld.set(parent.id, w![2]!.slice(0, 2000));
  }
  if (issues.length) throw new ValidationError('Invalid sharing lines', issues);
  for (const id of withheld.keys())
    if (!on.has(id))
      throw new ValidationError('Invalid sharing lines', [
        {
          field: 'shared',
          message: 'give the date you shared it with that parent or carer as well as what was withheld',
        },
      ]);
  const shared = [...on].map(([parentId, sharedOn]) => ({
    parentId,
    sharedOn,
    ...(withheld.has(parentId) ? { withheld: withheld.get(parentId)! } : {}),
  }));
  return { shared, rest: rest.join('\n') };
}

/** Words of their own (quoted mail and sharing lines left out) below which a reply with no file is not clearly a report. */
export const MIN_REPORT_WORDS = 40;
/** The queue's reason for a reply that came from its author but is not clearly a report. */
export const NOT_CLEARLY_A_REPORT = 'a short message with no file attached, which may not be the report';

/**
 * Whether a proven reply is clearly a report to file straight away: a file attached, or at least
 * MIN_REPORT_WORDS words of the author's own text. "I am on leave", "Sorry, I will send it on Friday"
 * or "My report" are not: they go to the coordinator to confirm. A reply that only records sharing
 * on a report already in is left to recordEmailedReport, as is one it will refuse with a reason.
 */
export function clearlyAReport(
  c: Pick<Conference, 'attendees' | 'reports'>,
  attendeeId: string,
  input: { text?: string; attachments: readonly unknown[] },
  today: string,
): boolean {
  if (input.attachments.length > 0 || !input.text?.trim()) return true;
  let parsed: { shared: Sharing; rest: string };
  try {
    parsed = sharingFromEmail(c, input.text, today);
  } catch {
    return true;
  }
  if (parsed.shared.length && c.reports[attendeeId]?.status === 'received') return true;
  const words = parsed.rest
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('>'))
    .join(' ')
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w)).length;
  return words >= MIN_REPORT_WORDS;
}

/** One send per message, by its Message-ID or, without one, its bytes: a redelivery writes again to nobody. */
function messageKey(message: { id?: string; raw: Buffer }): string {
  return createHash('sha256')
    .update(message.id ?? message.raw)
    .digest('hex')
    .slice(0, 12);
}

/**
 * One email to a report's author about one message of theirs: at their address on record (never the
 * From), once per message, and not at all to an author with no email address.
 */
async function tellAuthor(
  deps: AppDeps,
  where: { conferenceId: string; attendeeId: string },
  message: { id?: string; raw: Buffer },
  step: 'report-passed-to-coordinator' | 'report-not-filed' | 'report-sharing-recorded',
  write: (c: Conference, policy: Policy, authorId: string) => { email: RenderedEmail; replyTo?: string },
): Promise<void> {
  const c = await loadConference(deps.store, where.conferenceId);
  const author = c.attendees.find((a) => a.id === where.attendeeId);
  if (!author?.email) return;
  const policy = deps.policies.get(c.policyId);
  const { email, replyTo } = write(c, policy, author.id);
  await deliverEmail(deps, c, {
    step,
    recipient: `${author.id}-m${messageKey(message)}`,
    message: { ...email, to: author.email, from: senderOf(policy), ...(replyTo ? { replyTo } : {}) },
  });
}

/**
 * A reply from its author passed to the coordinator (not clearly a report): the author is told so,
 * and how to send the report, without being told it was filed. Once per message.
 */
export async function tellAuthorPassedOn(
  deps: AppDeps,
  where: { conferenceId: string; attendeeId: string },
  message: { id?: string; raw: Buffer },
): Promise<void> {
  await tellAuthor(deps, where, message, 'report-passed-to-coordinator', (c, policy, authorId) => ({
    email: reportEmail({
      ...reportEmailBase(c, policy),
      kind: 'passed-on',
      receivedAt: toLondonIso(deps.clock.now()),
      uploadUrl: personalLink(deps, c, authorId, 'report'),
    }),
    replyTo: currentReplyAddress(deps, c, authorId),
  }));
}

/**
 * A reply that only recorded sharing with the family: the author is told what is recorded now and
 * who it is still not recorded as shared with, once per message (before, nothing came back).
 */
export async function tellAuthorSharingRecorded(
  deps: AppDeps,
  where: { conferenceId: string; attendeeId: string },
  message: { id?: string; raw: Buffer },
): Promise<void> {
  await tellAuthor(deps, where, message, 'report-sharing-recorded', (c, policy, authorId) => {
    const report = c.reports[authorId];
    const label = (id: string) => familyMemberLabel(c, id).toLowerCase();
    const sharedWith = (report?.submissions.at(-1)?.sharedWithFamily ?? []).map(
      (s) => `${label(s.parentId)} on ${calendarDate(s.sharedOn)}${s.withheld ? ` (withheld: ${s.withheld})` : ''}`,
    );
    return {
      email: reportEmail({
        ...reportEmailBase(c, policy),
        kind: 'sharing-recorded',
        sharedWith,
        notSharedWith: notSharedWith(c, report).map((p) => label(p.id)),
        uploadUrl: personalLink(deps, c, authorId, 'report'),
      }),
      replyTo: currentReplyAddress(deps, c, authorId),
    };
  });
}

export async function recordEmailedReport(
  deps: AppDeps,
  input: Omit<IncomingReport, 'channel' | 'sharedWithFamily'>,
  options: RecordReportOptions = {},
): Promise<'filed' | 'sharing-recorded'> {
  const c = await loadConference(deps.store, input.conferenceId);
  const { shared, rest } = input.text
    ? sharingFromEmail(c, input.text, londonDate(deps.clock.now()))
    : { shared: [], rest: '' };
  const author = c.attendees.find((a) => a.id === input.attendeeId);
  // A reply with sharing lines, no file and only a short note beside them (a greeting, a signature)
  // records the sharing; it does not replace the report with the signature.
  const note = rest
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('>'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const onlySharing = shared.length > 0 && input.attachments.length === 0 && note.length <= MAX_NOTE;
  if (onlySharing && author && c.reports[author.id]?.status === 'received') {
    await recordReportSharing(deps, c, author, shared);
    return 'sharing-recorded';
  }
  const { text: _text, ...others } = input;
  await recordReport(
    deps,
    {
      ...others,
      channel: 'email',
      ...(input.text ? { text: shared.length ? rest : input.text } : {}),
      ...(shared.length ? { sharedWithFamily: shared } : {}),
    },
    options,
  );
  return 'filed';
}

/**
 * A reply from the author (their own reply address, their own domain) that could not be filed: a
 * sharing date in the future, nothing in it, a conference no longer taking reports. The author is
 * told what to put right, at their address on record (never the From), once per message: before,
 * only the coordinator heard, and the author believed their report was in.
 */
export async function tellAuthorNotFiled(
  deps: AppDeps,
  where: { conferenceId: string; attendeeId: string },
  err: DomainError,
  message: { id?: string; raw: Buffer },
): Promise<void> {
  const problems =
    err instanceof ValidationError && err.issues.length ? err.issues.map((i) => i.message) : [err.message];
  await tellAuthor(deps, where, message, 'report-not-filed', (c, policy, authorId) => {
    const open = isBeforeMeeting(c.state);
    return {
      email: reportEmail({
        ...reportEmailBase(c, policy),
        kind: 'not-filed',
        receivedAt: toLondonIso(deps.clock.now()),
        problems: [...new Set(problems)],
        reportOnFile: c.reports[authorId]?.status === 'received',
        ...(open ? { uploadUrl: personalLink(deps, c, authorId, 'report') } : {}),
      }),
      ...(open ? { replyTo: currentReplyAddress(deps, c, authorId) } : {}),
    };
  });
}
