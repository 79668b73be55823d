/**
 * Reading reports from a personal link page. The disclosure table decides who may open what:
 * professionals who may open a report (`report`) read the latest version of every report received;
 * a parent or carer (and a companion, through the person they come with) may open a report's
 * shared form (`report-shared`) only as the author's version for the family, only once the author
 * recorded sharing that report with them, and never the full report. Nobody else opens anything.
 * Every file request recomputes this list, so a file id is worth nothing on its own.
 */
import { assertFilesMayBeStored, storedFileDanger } from '../../domain/attachment-safety.ts';
import { reportAttachmentName } from '../../content/templates/report-received.ts';
import { sharingByParent } from '../../domain/report-sharing.ts';
import type { Attendee, IsoDate, IsoInstant } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { FamilyVersion } from '../../domain/report-record.ts';
import { accessFor, effectiveAttendee } from '../../domain/disclosure.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { allocateIds } from '../../domain/ids.ts';
import type { AppDeps } from '../deps.ts';
import { LINK_RULES } from '../credentials/links.ts';
import { loadConference } from '../shared/load.ts';
import { assertReportTextShowsWhatItSays } from './record-report.ts';
import { submissionBlobIds } from './report-notices.ts';
import { toLondonIso } from '../shared/time.ts';

export interface ReadableFile {
  blobId: string;
  /** The download name: the reference, author id and version only (never a person's name or the uploaded name). */
  name: string;
  size: number;
}

export interface ReadableReport {
  author: Attendee;
  /** For professionals: the submission number; for the family: the family version's. */
  version: number;
  at: IsoInstant;
  late?: boolean;
  text?: string;
  files: ReadableFile[];
  /** For the family: when the author shared it with them (whose row they read). */
  sharedOn?: IsoDate;
  /** For the family: the author shared it but left no version to open here. */
  noFamilyVersion?: boolean;
  /** For professionals: the version the family can open, so they can see what the family was given. */
  family?: { version: number; at: IsoInstant; text?: string; files: ReadableFile[] };
}

export type ReportsView =
  | { kind: 'none' }
  | { kind: 'professional'; reports: ReadableReport[] }
  | { kind: 'family'; reports: ReadableReport[] };

/** Which table row an attendee reads reports by: the full reports, the family's versions, or none. */
export function reportReader(c: Conference, deps: Pick<AppDeps, 'policies'>, a: Attendee): ReportsView['kind'] {
  const policy = deps.policies.get(c.policyId);
  if (accessFor(c, policy, a, 'report') !== 'none') return 'professional';
  if (accessFor(c, policy, a, 'report-shared') !== 'none') return 'family';
  return 'none';
}

/** The latest date the author recorded sharing the report with each parent or carer. */

const received = (c: Conference) =>
  Object.values(c.reports)
    .filter((r) => r.status === 'received' && r.submissions.length)
    .sort((x, y) => Date.parse(x.receivedAt ?? '') - Date.parse(y.receivedAt ?? ''))
    .flatMap((r) => {
      const a = c.attendees.find((x) => x.id === r.attendeeId);
      return a ? [{ a, r }] : [];
    });

/** `CPC-2027-0001-report-a4-v2-1.pdf`, or `…-report-a4-family-v1-1.pdf` for the family's version. */
function fileName(
  reference: string,
  authorId: string,
  version: number,
  family: boolean,
  index: number,
  original: string,
): string {
  const name = reportAttachmentName(reference, authorId, version, index, original);
  return family ? name.replace(`-report-${authorId}-v`, `-report-${authorId}-family-v`) : name;
}

async function load(
  deps: AppDeps,
  c: Conference,
  authorId: string,
  version: number,
  family: boolean,
  ids: { files: string[]; text?: string },
  withText: boolean,
) {
  const files: ReadableFile[] = [];
  for (const [i, id] of ids.files.entries()) {
    const blob = await deps.store.getBlob(c.id, id);
    // A program or a web page is never handed on from our site.
    if (!blob || storedFileDanger(blob)) continue;
    files.push({
      blobId: id,
      name: fileName(c.reference, authorId, version, family, i + 1, blob.meta['filename'] ?? ''),
      size: blob.data.length,
    });
  }
  const text = withText && ids.text ? (await deps.store.getBlob(c.id, ids.text))?.data.toString('utf8') : undefined;
  return { files, ...(text ? { text } : {}) };
}

const familyIds = (v: FamilyVersion) => {
  const files = v.blobIds.slice(0, v.attachmentCount);
  const text = v.blobIds[v.attachmentCount];
  return text ? { files, text } : { files };
};

/** What this attendee may read, loaded (`withText: false` leaves the pasted text out, for file checks). */
export async function readableReports(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  withText = true,
): Promise<ReportsView> {
  const kind = reportReader(c, deps, a);
  if (kind === 'none') return { kind };
  const out: ReadableReport[] = [];
  if (kind === 'professional') {
    for (const { a: author, r } of received(c)) {
      const n = r.submissions.length;
      const s = r.submissions[n - 1]!;
      const fv = r.familyVersions?.at(-1);
      const k = r.familyVersions?.length ?? 0;
      const family = fv
        ? { version: k, at: fv.at, ...(await load(deps, c, author.id, k, true, familyIds(fv), withText)) }
        : undefined;
      out.push({
        author,
        version: n,
        at: s.at,
        late: s.late,
        ...(await load(deps, c, author.id, n, false, submissionBlobIds(author.id, s, n), withText)),
        ...(family ? { family } : {}),
      });
    }
    return { kind, reports: out };
  }
  // The family: only what the author shared with the parent or carer whose row this is.
  const parent = effectiveAttendee(c, a);
  for (const { a: author, r } of received(c)) {
    const sharing = sharingByParent(c, r);
    const sharedOn = sharing.find((x) => x.parent.id === parent.id)?.sharedOn;
    if (!sharedOn) continue;
    const v = r.familyVersions?.at(-1);
    // One family version serves every parent it was shared with. Where the author withheld
    // different things from different parents (one parent's new address from the other, say), it
    // cannot be right for all of them: nobody opens it here, and they ask the social worker.
    const differs = new Set(sharing.filter((x) => x.sharedOn).map((x) => x.withheld ?? '')).size > 1;
    if (!v || differs) {
      out.push({
        author,
        version: 0,
        at: r.receivedAt ?? r.submissions[0]!.at,
        sharedOn,
        noFamilyVersion: true,
        files: [],
      });
      continue;
    }
    const k = r.familyVersions!.length;
    out.push({
      author,
      version: k,
      at: v.at,
      sharedOn,
      ...(await load(deps, c, author.id, k, true, familyIds(v), withText)),
    });
  }
  return { kind, reports: out };
}

/** One file this attendee may open now, or NotFoundError (the same answer for "not yours" and "no such file"). */
export async function openReportFile(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  blobId: string,
): Promise<{ name: string; data: Buffer; contentType: string }> {
  const view = await readableReports(deps, c, a, false);
  const file =
    view.kind === 'none'
      ? undefined
      : view.reports.flatMap((r) => [...r.files, ...(r.family?.files ?? [])]).find((f) => f.blobId === blobId);
  const blob = file ? await deps.store.getBlob(c.id, file.blobId) : undefined;
  if (!file || !blob) throw new NotFoundError('No such report file');
  return { name: file.name, data: blob.data, contentType: blob.meta['contentType'] ?? 'application/octet-stream' };
}

export interface IncomingFamilyVersion {
  conferenceId: string;
  attendeeId: string;
  text?: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/**
 * The author's version of their report for the family, with the withheld parts removed. Taken
 * while reports are (the report link's stages), once the report itself is in; a newer one replaces
 * what the family can open.
 */
export async function recordFamilyVersion(deps: AppDeps, input: IncomingFamilyVersion): Promise<Conference> {
  const c = await loadConference(deps.store, input.conferenceId);
  const author = c.attendees.find((a) => a.id === input.attendeeId);
  if (!author || !c.reports[author.id])
    throw new NotFoundError(`No report expected from ${input.attendeeId} in ${c.reference}`);
  const text = input.text?.trim() ? input.text : undefined;
  if (!text && input.attachments.length === 0)
    throw new ValidationError('Empty family version', [
      { field: 'family', message: 'attach the version for the family or paste its text' },
    ]);
  assertReportTextShowsWhatItSays({ ...(text ? { text } : {}), attachments: input.attachments });
  assertFilesMayBeStored(input.attachments);
  const check = (cur: Conference) => {
    if (!LINK_RULES.report.opensIn.has(cur.state))
      throw new ConflictError(`${cur.reference} is ${cur.state}: reports are no longer taken here`);
    if (cur.reports[author.id]?.status !== 'received')
      throw new ValidationError('No report yet', [
        { field: 'family', message: 'send the report first, then its version for the family' },
      ]);
  };
  check(c);
  let blobIds: string[] = [];
  await deps.store.update(c.id, (cur) => {
    check(cur);
    const issued = allocateIds(cur, 'blob', input.attachments.length + (text ? 1 : 0));
    blobIds = issued.ids.map((b) => `report-${author.id}-${b}`);
    return issued.conference;
  });
  const at = toLondonIso(deps.clock.now());
  const meta = { attendeeId: author.id, channel: 'web', at, family: 'yes' };
  for (const [i, f] of input.attachments.entries())
    await deps.store.putBlob(c.id, blobIds[i]!, f.content, {
      ...meta,
      filename: f.filename,
      contentType: f.contentType,
    });
  if (text)
    await deps.store.putBlob(c.id, blobIds.at(-1)!, Buffer.from(text, 'utf8'), { ...meta, contentType: 'text/plain' });
  const version: FamilyVersion = { at, attachmentCount: input.attachments.length, blobIds };
  const updated = await deps.store.update(c.id, (cur) => {
    check(cur);
    const r = cur.reports[author.id]!;
    return {
      ...cur,
      reports: { ...cur.reports, [author.id]: { ...r, familyVersions: [...(r.familyVersions ?? []), version] } },
    };
  });
  await deps.store.audit(c.id, {
    at,
    actor: author.id,
    action: 'report.family-version',
    detail: { attachments: input.attachments.length, text: Boolean(text) },
  });
  return updated;
}
