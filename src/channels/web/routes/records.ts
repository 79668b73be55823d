import { Router } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import { closeConference } from '../../../app/records/close-conference.ts';
import { buildConferenceRecord, recordExported } from '../../../app/records/export-record.ts';
import { runRetention } from '../../../app/records/retention.ts';
import { subjectAccessExport } from '../../../app/records/subject-access.ts';
import { renderRecordPdf } from '../record-pdf.ts';
import { changed, pending } from '../change-answer.ts';

/** Closing, record export, subject access and retention (behind the API key). */
export function recordRoutes(deps: AppDeps, options: { retentionDays: number }): Router {
  const r = Router();
  r.post('/conferences/:id/close', async (req, res) => {
    const c = await closeConference(deps, req.params.id, req.body);
    changed(res, c).json({ id: c.id, reference: c.reference, state: c.state, ...pending(c) });
  });
  r.get('/conferences/:id/export', async (req, res) => {
    const record = await buildConferenceRecord(deps, req.params.id);
    await recordExported(deps, record, 'json');
    res.set('Content-Disposition', `attachment; filename="${record.conference.reference}-record.json"`).json(record);
  });
  r.get('/conferences/:id/export.pdf', async (req, res) => {
    const record = await buildConferenceRecord(deps, req.params.id);
    const pdf = await renderRecordPdf(record);
    await recordExported(deps, record, 'pdf');
    res
      .set({
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${record.conference.reference}-record.pdf"`,
      })
      .send(pdf);
  });
  r.get('/subject-access', async (req, res) => {
    res.json(await subjectAccessExport(deps, req.query.email));
  });
  r.post('/retention/run', async (_req, res) => {
    res.json(await runRetention(deps, options.retentionDays));
  });
  r.get('/retention/log', async (_req, res) => {
    res.json((await deps.store.readPurgeLog?.()) ?? []);
  });
  return r;
}
