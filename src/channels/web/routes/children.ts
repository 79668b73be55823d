import { Router } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import { childRecordView, setPreviousPlans } from '../../../app/records/child-records.ts';
import { censusExport } from '../../../app/records/census.ts';
import { API_VERSION } from '../api/openapi.ts';

/** Children across conferences (behind the API key): one child's plans, and the census return. */
export function childRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/children/:recordId', async (req, res) => {
    res.json(await childRecordView(deps, req.params.recordId));
  });
  r.post('/children/:recordId/previous-plans', async (req, res) => {
    res.json(await setPreviousPlans(deps, req.params.recordId, req.body));
  });
  r.get('/census', async (req, res) => {
    const out = await censusExport(deps, { ...req.query }, { softwareCode: 'cp-conference-bot', release: API_VERSION });
    // Summary counts only in the log: the rows stay in the response.
    deps.logger.info('census exported', {
      year: out.census.year,
      format: out.format,
      rows: out.census.rows.length,
      issues: out.census.issues.length,
    });
    res
      .set({
        'Content-Type': out.contentType,
        'X-Census-Issues': String(out.census.issues.length),
        'Content-Disposition': `${out.format === 'json' ? 'inline' : 'attachment'}; filename="${out.filename}"`,
      })
      .send(out.body);
  });
  return r;
}
