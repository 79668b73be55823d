import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import { searchConferences } from '../../../app/search.ts';
import { worklist } from '../../../app/worklist.ts';
import { jobAdmin } from '../pages/dashboard/jobs.ts';

/** The coordinator's desk over the API: the worklist, and the search behind `GET /conferences?q=…`. */
export function deskRoutes(deps: AppDeps, o: { searchLimit: RequestHandler }): Router {
  const r = Router();
  r.get('/worklist', async (_req, res) => {
    const admin = jobAdmin(deps.jobs);
    res.json(await worklist(deps, admin ? await admin.failed() : []));
  });
  // Without a query: every conference, as before. With one: found, filtered, sorted and paged; the
  // page is the array, the total in X-Total-Count (a Link header gives the next page).
  r.get('/conferences', async (req, res, next) => {
    if (!Object.keys(req.query).length) return next();
    o.searchLimit(req, res, async () => {
      try {
        const p = await searchConferences(deps, req.query);
        res.set('X-Total-Count', String(p.total));
        if (p.page * p.pageSize < p.total) {
          const u = new URLSearchParams(
            Object.entries({ ...req.query, page: String(p.page + 1) }).map(([k, v]) => [k, String(v)]),
          );
          res.set('Link', `</api/conferences?${u.toString()}>; rel="next"`);
        }
        res.json(p.results);
      } catch (err) {
        next(err);
      }
    });
  });
  return r;
}
