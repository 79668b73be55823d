import { Router } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import { childRecordView } from '../../../app/child-records.ts';

/** Children across conferences (behind the API key): one child's plans, and the census return. */
export function childRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/children/:recordId', async (req, res) => {
    res.json(await childRecordView(deps, req.params.recordId));
  });
  return r;
}
