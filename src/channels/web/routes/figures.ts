import { Router } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import { figuresAsCsv } from '../../../app/figures/figures-csv.ts';
import { figuresFor } from '../../../app/figures/figures-query.ts';
import { HOW_COUNTED } from '../../../content/figures-words.ts';

/** `GET /api/figures?from=&to=&policy=&format=`: the figures for a period, as JSON (with how each is counted) or CSV. */
export function figuresRoutes(deps: AppDeps): Router {
  const r = Router();
  r.get('/figures', async (req, res) => {
    const { period, figures } = await figuresFor(deps, req.query);
    if (period.format === 'csv') {
      res
        .type('text/csv; charset=utf-8')
        .set(
          'Content-Disposition',
          `attachment; filename="figures-${period.from}-to-${period.to}${period.policy ? `-${period.policy.replace(/[^A-Za-z0-9_-]/g, '_')}` : ''}.csv"`,
        )
        .send(figuresAsCsv(figures));
      return;
    }
    res.json({ ...figures, howCounted: HOW_COUNTED });
  });
  return r;
}
