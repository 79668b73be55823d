import { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import { searchConferences } from '../../../app/conference/search.ts';
import { z } from 'zod/v4';
import { parseInput } from '../../../app/shared/parse.ts';
import { worklist, WORKLIST_PAGE_MAX } from '../../../app/conference/worklist.ts';

/** `GET /api/worklist?page=&pageSize=`: the counts are of everything, the lines a page at a time. */
const WorklistQuery = z
  .object({
    page: z.coerce.number().int('a whole number').min(1, 'at least 1').max(100_000).optional(),
    pageSize: z.coerce
      .number()
      .int('a whole number')
      .min(1, 'at least 1')
      .max(WORKLIST_PAGE_MAX, `at most ${WORKLIST_PAGE_MAX}`)
      .optional(),
  })
  .strict();
import { jobAdmin } from '../pages/dashboard/jobs.ts';

/** The coordinator's desk over the API: the worklist, and the search behind `GET /conferences?q=…`. */
export function deskRoutes(deps: AppDeps, o: { searchLimit: RequestHandler }): Router {
  const r = Router();
  r.get('/worklist', async (req, res) => {
    const paging = parseInput(WorklistQuery, req.query, 'worklist');
    const admin = jobAdmin(deps.jobs);
    res.json(await worklist(deps, admin ? await admin.failed() : [], paging));
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
