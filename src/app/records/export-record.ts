/**
 * The full record of one conference, for the child's case record: the aggregate (children,
 * attendees, timetable, state history), views, decision, reports with every submission and its
 * stored text and attachments, deliveries (the send ledger) and the audit trail.
 */
import type { Conference } from '../../domain/conference.ts';
import type { AuditEntry } from '../../ports.ts';
import type { LedgerEntry } from '../../ports/send-ledger.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { toLondonIso } from '../shared/time.ts';

export interface StoredDocument {
  blobId: string;
  meta: Record<string, string>;
  /** UTF-8 text for text blobs, base64 otherwise. */
  encoding: 'utf8' | 'base64';
  content: string;
  bytes: number;
}

export interface ConferenceRecord {
  exportedAt: string;
  format: 'cpc-record/1';
  conference: Conference;
  views: Conference['views'];
  decision: Conference['decision'] | null;
  reports: {
    attendeeId: string;
    role: string;
    status: string;
    dueAt?: string;
    receivedAt?: string;
    submissions: Conference['reports'][string]['submissions'];
    history: Conference['reports'][string]['history'];
  }[];
  documents: StoredDocument[];
  deliveries: Record<string, LedgerEntry>;
  audit: AuditEntry[];
}

const isText = (meta: Record<string, string>) => /^(text\/|application\/json)/.test(meta.contentType ?? '');

export async function buildConferenceRecord(deps: AppDeps, id: string): Promise<ConferenceRecord> {
  const c = await loadConference(deps.store, id);
  const [deliveries, audit, blobIds] = await Promise.all([
    deps.ledger.list(id),
    deps.store.readAudit(id),
    deps.store.listBlobs?.(id) ?? Promise.resolve([]),
  ]);
  const documents: StoredDocument[] = [];
  for (const blobId of blobIds) {
    const blob = await deps.store.getBlob(id, blobId);
    if (!blob) continue;
    const text = isText(blob.meta);
    documents.push({
      blobId,
      meta: blob.meta,
      encoding: text ? 'utf8' : 'base64',
      content: blob.data.toString(text ? 'utf8' : 'base64'),
      bytes: blob.data.length,
    });
  }
  return {
    exportedAt: toLondonIso(deps.clock.now()),
    format: 'cpc-record/1',
    conference: c,
    views: c.views,
    decision: c.decision ?? null,
    reports: Object.values(c.reports).map((r) => ({
      attendeeId: r.attendeeId,
      role: c.attendees.find((a) => a.id === r.attendeeId)?.role ?? 'unknown',
      status: r.status,
      ...(r.dueAt ? { dueAt: r.dueAt } : {}),
      ...(r.receivedAt ? { receivedAt: r.receivedAt } : {}),
      submissions: r.submissions,
      history: r.history,
    })),
    documents,
    deliveries,
    audit,
  };
}

/**
 * Records that the full record left the service. The revision exported is kept: retention purges
 * only a conference whose current revision was exported (nothing changed after the export).
 */
export async function recordExported(
  deps: AppDeps,
  record: ConferenceRecord,
  format: 'json' | 'pdf',
  actor = 'coordinator',
): Promise<void> {
  const id = record.conference.id;
  await deps.store.audit(id, {
    at: toLondonIso(deps.clock.now()),
    actor,
    action: 'record.exported',
    detail: { format, rev: record.conference.rev },
  });
  deps.logger.info('record exported', { conferenceId: id, format });
}
