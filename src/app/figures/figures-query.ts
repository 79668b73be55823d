/**
 * The figures for a period, as the API and the dashboard ask for them: the query checked (a period
 * the wrong way round, an unknown policy, a year or a start in the future are refused, field named),
 * the records read from the figures index for those dates only, then added up (figures.ts).
 */
import { DateTime } from 'luxon';
import { z } from 'zod/v4';
import { LONDON } from '../../domain/calendar/zone.ts';
import { ValidationError, type FieldIssue } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../shared/parse.ts';
import { isCalendarDate } from '../shared/time.ts';
import { childPlans } from '../records/child-records.ts';
import { computeFigures, plansOver12Months, type Figures } from './figures.ts';
import { backfillFigures } from './track-figures.ts';

const calendarDate = z.string().refine(isCalendarDate, { message: 'expected a real date as YYYY-MM-DD' });

/** The query string of `GET /api/figures` and `/dashboard/figures` (every value a string, as it arrives). */
export const FiguresQuery = z
  .object({
    from: calendarDate
      .optional()
      .describe('first day of the period (London date, included); default a year before `to`'),
    to: calendarDate.optional().describe('last day of the period (included); default today'),
    year: z
      .string()
      .regex(/^\d{4}$/, 'expected a year such as 2027')
      .optional()
      .describe('a calendar year instead of from and to'),
    policy: z
      .string()
      .max(100)
      .optional()
      .describe('only conferences under this policy (an id from GET /api/policies)'),
    format: z.enum(['json', 'csv']).optional().describe('json (default) or csv'),
  })
  .strict();
export type FiguresQueryInput = z.infer<typeof FiguresQuery>;

/** Longest period asked for at once. */
export const MAX_PERIOD_YEARS = 10;

export interface FiguresPeriod {
  from: string;
  to: string;
  policy: string | null;
  format: 'json' | 'csv';
}

/** Checks the query and works out the period; every problem at once, each naming its field. */
export function figuresPeriod(deps: Pick<AppDeps, 'policies'>, raw: unknown, today: string): FiguresPeriod {
  // Empty values (an empty form field) count as not given.
  const cleaned =
    raw && typeof raw === 'object' ? Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '')) : raw;
  const q = parseInput(FiguresQuery, cleaned, 'figures query');
  const issues: FieldIssue[] = [];
  if (q.year && (q.from || q.to))
    issues.push({ field: 'year', message: 'give a year, or a period with from and to, not both' });
  if (q.year && q.year > today.slice(0, 4))
    issues.push({ field: 'year', message: `${q.year} is in the future: there are no figures for it yet` });
  if (q.from && q.from > today)
    issues.push({ field: 'from', message: `${q.from} is in the future: there are no figures from then yet` });
  if (q.policy !== undefined) {
    try {
      deps.policies.get(q.policy);
    } catch (err) {
      if (err instanceof ValidationError) issues.push(...err.issues);
      else throw err;
    }
  }
  const to = q.year ? `${q.year}-12-31` : (q.to ?? today);
  const from = q.year
    ? `${q.year}-01-01`
    : (q.from ?? DateTime.fromISO(to, { zone: LONDON }).minus({ years: 1 }).plus({ days: 1 }).toISODate()!);
  if (from > to)
    issues.push({ field: 'to', message: `${to} is before from (${from}): the period is the wrong way round` });
  else if (DateTime.fromISO(to).diff(DateTime.fromISO(from), 'years').years > MAX_PERIOD_YEARS)
    issues.push({
      field: 'from',
      message: `the period is longer than ${MAX_PERIOD_YEARS} years: ask for a shorter one`,
    });
  if (issues.length) throw new ValidationError('Invalid figures query', issues);
  return { from, to, policy: q.policy ?? null, format: q.format ?? 'json' };
}

/** The figures for the period the query asks for, from the figures index (built first if it is not yet). */
export async function figuresFor(deps: AppDeps, raw: unknown): Promise<{ period: FiguresPeriod; figures: Figures }> {
  const now = deps.clock.now();
  const today = DateTime.fromJSDate(now).setZone(LONDON).toISODate()!;
  const period = figuresPeriod(deps, raw, today);
  if (!deps.figures) throw new Error('figures index not configured');
  const d = {
    index: deps.figures,
    ledger: deps.ledger,
    policies: deps.policies,
    calendar: deps.calendar,
    logger: deps.logger,
  };
  await backfillFigures(d, deps.store);
  // Plans are counted on the period's last day (or today): only children with a plan still open or
  // a conference on or after that day can have been on one then.
  const asOf = period.to < today ? period.to : today;
  const [records, children] = await Promise.all([
    deps.figures.between(period.from, period.to),
    childPlans(deps, { activeSince: asOf }),
  ]);
  const figures = computeFigures(records, { from: period.from, to: period.to, policy: period.policy }, now, today);
  figures.childrenOnPlanOver12Months = plansOver12Months(children, asOf);
  return { period, figures };
}
