/**
 * The full record as a readable PDF for the child's case record: headings, the state history,
 * attendees, views, decision, reports (with their stored text), deliveries and the audit trail.
 * Attachments are listed, not embedded (they are in the JSON export). The document's metadata
 * carries the reference only.
 */
import { queuedLetter } from '../../domain/letters.ts';
import PDFDocument from 'pdfkit';
import type { ConferenceRecord } from '../../app/records/export-record.ts';

type Doc = InstanceType<typeof PDFDocument>;

function heading(doc: Doc, text: string): void {
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#0b0c0c').text(text).moveDown(0.3);
  doc.font('Helvetica').fontSize(10);
}

function line(doc: Doc, text: string): void {
  // Helvetica covers Windows-1252 only: anything else is replaced rather than printed as garbage.
  doc.text(text.replace(/[^\x09\x0a\x0d\x20-\x7e\xa0-\xff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u20ac]/g, '?'));
}

export function renderRecordPdf(record: ConferenceRecord): Promise<Buffer> {
  const c = record.conference;
  const doc = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 56, right: 56 }, lang: 'en-GB', info: { Title: `Conference record ${c.reference}`, Subject: c.reference, Creator: 'cp-conference-bot' } });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(`Child protection conference record ${c.reference}`);
  doc.font('Helvetica').fontSize(10).fillColor('#505a5f').text(`Exported ${record.exportedAt}. Confidential: for the child's case record.`).fillColor('#0b0c0c');

  heading(doc, 'Conference');
  line(doc, `Policy ${c.policyId}, ${c.kind} conference, ${c.mode}. State: ${c.state}. Starts ${c.startsAt}${c.heldOn ? `, held on ${c.heldOn}` : ''}.`);
  for (const h of c.history) line(doc, `${h.at}  ${h.from} -> ${h.to} by ${h.by}${h.reason ? ` (${h.reason})` : ''}`);

  heading(doc, 'Children');
  for (const ch of c.children) line(doc, `${ch.id}: ${[ch.firstName, ch.lastName].filter(Boolean).join(' ') || '(unnamed)'}${ch.dateOfBirth ? `, born ${ch.dateOfBirth}` : ''}${ch.unborn ? `, unborn (due ${ch.expectedDueDate ?? '?'})` : ''}`);

  heading(doc, 'Attendees');
  for (const a of c.attendees) line(doc, `${a.id}: ${a.name}, ${a.role}${a.agency ? `, ${a.agency}` : ''}${a.email ? `, ${a.email}` : ''}. RSVP ${a.rsvp}.`);

  heading(doc, 'Views');
  if (record.views.length === 0) line(doc, 'None recorded.');
  for (const v of record.views) line(doc, `${v.at} ${v.childId} ${v.onBehalfOfFamily ? 'family' : v.childsVoice ? `child's own view via ${v.childsVoice.via}${v.attendeeId ? ` ${v.attendeeId}` : ''}${v.mayShare ? ` (may share: ${v.mayShare})` : ''}` : (v.attendeeId ?? '?')} (recorded by ${v.recordedBy}): ${v.recommendation ?? 'no recommendation'}${v.categories.length ? ` [${v.categories.join(', ')}]` : ''}${v.scale !== undefined ? ` scale ${v.scale}` : ''}. ${v.rationale}`);

  heading(doc, 'Decision');
  const d = record.decision;
  if (!d) line(doc, 'No decision recorded.');
  else {
    line(doc, `Decided ${d.decidedAt} by ${d.decidedBy}${d.approvedAt ? `; approved ${d.approvedAt} by ${d.approvedBy ?? '?'}` : '; not approved'}.`);
    for (const o of d.outcomes) line(doc, `${o.childId}: ${o.outcome}${o.categories.length ? ` [${o.categories.join(', ')}]` : ''}. ${o.rationale}`);
    for (const x of d.dissent) line(doc, `Dissent ${x.childId} ${x.onBehalfOfFamily ? 'family' : (x.attendeeId ?? '?')}: ${x.recommendation ?? '?'} (escalation: ${x.escalationRoute})`);
    for (const p of d.plan) line(doc, `Plan: ${p.risk} / ${p.task} / ${p.byWhom} / ${p.timescale} / ${p.plannedOutcome}`);
    line(doc, `Core group: ${d.coreGroup.join(', ') || 'none'}`);
    if (d.confidentialNotes) line(doc, `Confidential notes: ${d.confidentialNotes}`);
  }

  heading(doc, 'Reports');
  for (const r of record.reports) {
    line(doc, `${r.attendeeId} (${r.role}): ${r.status}${r.dueAt ? `, due ${r.dueAt}` : ''}${r.receivedAt ? `, received ${r.receivedAt}` : ''}; ${r.submissions.length} submission(s)`);
    for (const s of r.submissions) line(doc, `   ${s.at} by ${s.channel}, ${s.attachmentCount} attachment(s)${s.late ? ', late' : ''}`);
  }
  for (const doc_ of record.documents) {
    line(doc, `Document ${doc_.blobId} (${doc_.meta.contentType ?? 'unknown type'}, ${doc_.bytes} bytes${doc_.meta.filename ? `, ${doc_.meta.filename}` : ''})`);
    if (doc_.encoding === 'utf8') line(doc, doc_.content.slice(0, 20_000));
  }

  heading(doc, 'Deliveries');
  for (const [key, e] of Object.entries(record.deliveries).sort(([a], [b]) => a.localeCompare(b))) {
    // A letter on the hard-copy queue is "sent" in the ledger once queued; it went only when printed.
    const letter = e.state === 'sent' ? queuedLetter(record.conference, key, e) : undefined;
    const state = letter ? (letter.printedAt ? `letter queued ${e.at}, printed ${letter.printedAt}` : `letter queued ${e.at}, not printed (post by ${letter.dueAt})`) : `${e.state} ${e.at}`;
    line(doc, `${key}: ${state}${e.reason ? ` (${e.reason})` : ''}`);
  }

  heading(doc, 'Audit trail');
  for (const e of record.audit) line(doc, `${e.at} ${e.actor} ${e.action}${e.detail ? ` ${JSON.stringify(e.detail).slice(0, 400)}` : ''}`);
  doc.end();
  return done;
}
