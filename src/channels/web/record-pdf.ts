/**
 * The full record as a readable PDF for the child's case record: headings, the state history,
 * attendees, views, decision, reports (with their stored text), deliveries and the audit trail.
 * Attachments are listed, not embedded (they are in the JSON export). The document's metadata
 * carries the reference only.
 */
import { checklistNoteLine } from '../../content/labels.ts';
import { queuedLetter } from '../../domain/letters.ts';
import { OVERRIDE_LABEL } from '../../content/words.ts';
import { auditLines, auditSentence } from '../../content/audit-lines.ts';
import type { ConferenceRecord } from '../../app/records/export-record.ts';
import { block, taggedPdf, type TaggedPdf } from '../../content/tagged-pdf.ts';

function heading(t: TaggedPdf, text: string): void {
  t.doc.moveDown(0.8);
  block(t, 'H2', text, { size: 13, bold: true });
  t.doc.moveDown(0.3);
}

/** One paragraph of the record, in the embedded font (a character it lacks prints as "?"). */
const line = (t: TaggedPdf, text: string): void => block(t, 'P', text, { size: 10 });

export function renderRecordPdf(record: ConferenceRecord): Promise<Buffer> {
  const c = record.conference;
  const doc = taggedPdf({
    title: `Conference record ${c.reference}`,
    subject: c.reference,
    createdAt: new Date(Date.parse(record.exportedAt)),
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
  });
  block(doc, 'H1', `Child protection conference record ${c.reference}`, { size: 18, bold: true });
  block(doc, 'P', `Exported ${record.exportedAt}. Confidential: for the child's case record.`, {
    size: 10,
    color: '#505a5f',
  });

  heading(doc, 'Conference');
  line(
    doc,
    `Policy ${c.policyId}, ${c.kind} conference, ${c.mode}. State: ${c.state}. Starts ${c.startsAt}${c.heldOn ? `, held on ${c.heldOn}` : ''}.`,
  );
  for (const h of c.history) line(doc, `${h.at}  ${h.from} -> ${h.to} by ${h.by}${h.reason ? ` (${h.reason})` : ''}`);

  heading(doc, 'Children');
  for (const ch of c.children)
    line(
      doc,
      `${ch.id}: ${[ch.firstName, ch.lastName].filter(Boolean).join(' ') || '(unnamed)'}${ch.dateOfBirth ? `, born ${ch.dateOfBirth}` : ''}${ch.unborn ? `, unborn (due ${ch.expectedDueDate ?? '?'})` : ''}`,
    );

  heading(doc, 'Attendees');
  for (const a of c.attendees)
    line(
      doc,
      `${a.id}: ${a.name}, ${a.role}${a.agency ? `, ${a.agency}` : ''}${a.email ? `, ${a.email}` : ''}. RSVP ${a.rsvp}.`,
    );

  heading(doc, 'Pre-meeting checklist');
  const ticks = Object.entries(c.checklist ?? {});
  if (ticks.length === 0) line(doc, 'Nothing ticked.');
  for (const [item, t] of ticks)
    line(doc, `${t.at} ${item}, ticked by ${t.by}.${t.note ? ` ${checklistNoteLine(t.note)}` : ''}`);

  heading(doc, 'Views');
  if (record.views.length === 0) line(doc, 'None recorded.');
  for (const v of record.views)
    line(
      doc,
      `${v.at} ${v.childId} ${v.onBehalfOfFamily ? 'family' : v.childsVoice ? `child's own view via ${v.childsVoice.via}${v.attendeeId ? ` ${v.attendeeId}` : ''}${v.mayShare ? ` (may share: ${v.mayShare})` : ''}` : (v.attendeeId ?? '?')} (recorded by ${v.recordedBy}): ${v.recommendation ?? 'no recommendation'}${v.categories.length ? ` [${v.categories.join(', ')}]` : ''}${v.scale !== undefined ? ` scale ${v.scale}` : ''}. ${v.rationale}`,
    );

  heading(doc, 'Decision');
  const d = record.decision;
  if (!d) line(doc, 'No decision recorded.');
  else {
    line(
      doc,
      `Decided ${d.decidedAt} by ${d.decidedBy}${d.approvedAt ? `; approved ${d.approvedAt} by ${d.approvedBy ?? '?'}` : '; not approved'}.`,
    );
    for (const x of d.overrides ?? [])
      line(doc, `${OVERRIDE_LABEL[x.rule]} (missing: ${x.missing.join('; ')}). The chair's reason: ${x.reason}`);
    for (const o of d.outcomes)
      line(
        doc,
        `${o.childId}: ${o.outcome}${o.categories.length ? ` [${o.categories.join(', ')}]` : ''}${o.scale !== undefined ? `, chair's scale ${o.scale}` : ''}${o.keyWorker ? `, key worker ${o.keyWorker}` : ''}${o.visitingFrequency ? `, visits ${o.visitingFrequency}` : ''}. ${o.rationale}${o.familyRationale ? ` For the family: ${o.familyRationale}` : ''}`,
      );
    for (const x of d.dissent)
      line(
        doc,
        `Dissent ${x.childId} ${x.onBehalfOfFamily ? 'family' : (x.attendeeId ?? '?')}: ${x.recommendation ?? '?'} (escalation: ${x.escalationRoute})`,
      );
    for (const p of d.plan)
      line(doc, `Plan: ${p.risk} / ${p.task} / ${p.byWhom} / ${p.timescale} / ${p.plannedOutcome}`);
    line(doc, `Core group: ${d.coreGroup.join(', ') || 'none'}`);
    if (d.confidentialNotes) line(doc, `Confidential notes: ${d.confidentialNotes}`);
  }

  heading(doc, 'Reports');
  for (const r of record.reports) {
    line(
      doc,
      `${r.attendeeId} (${r.role}): ${r.status}${r.dueAt ? `, due ${r.dueAt}` : ''}${r.receivedAt ? `, received ${r.receivedAt}` : ''}; ${r.submissions.length} submission(s)`,
    );
    for (const s of r.submissions)
      line(doc, `   ${s.at} by ${s.channel}, ${s.attachmentCount} attachment(s)${s.late ? ', late' : ''}`);
  }
  for (const doc_ of record.documents) {
    line(
      doc,
      `Document ${doc_.blobId} (${doc_.meta.contentType ?? 'unknown type'}, ${doc_.bytes} bytes${doc_.meta.filename ? `, ${doc_.meta.filename}` : ''})`,
    );
    if (doc_.encoding === 'utf8') line(doc, doc_.content.slice(0, 20_000));
  }

  heading(doc, 'Deliveries');
  for (const [key, e] of Object.entries(record.deliveries).sort(([a], [b]) => a.localeCompare(b))) {
    // A letter on the hard-copy queue is "sent" in the ledger once queued; it went only when printed.
    const letter = e.state === 'sent' ? queuedLetter(record.conference, key, e) : undefined;
    const state = letter
      ? letter.printedAt
        ? `letter queued ${e.at}, printed ${letter.printedAt}`
        : `letter queued ${e.at}, not printed (post by ${letter.dueAt})`
      : `${e.state} ${e.at}`;
    line(doc, `${key}: ${state}${e.reason ? ` (${e.reason})` : ''}`);
  }

  heading(doc, 'Audit trail');
  // In words, as a coordinator reads it (the dashboard's conference page uses the same lines).
  for (const l of auditLines(c, record.audit)) line(doc, auditSentence(l));
  return doc.end();
}
