/**
 * Finding a conference (dashboard, `GET /api/conferences?q=…`, `cpc find`): by reference, or by a
 * child's, parent's, chair's or professional's name or an agency, through the blind index (no
 * record is decrypted to look for a name: only the candidates the index gives, each checked
 * against its own words), then by state, policy and date range, sorted and paged. What a result
 * shows of the family is what the disclosure table lets the coordinator open (`case-identity`).
 */
import { DateTime } from 'luxon';
import { z } from 'zod/v4';
import { LONDON } from '../../domain/calendar/zone.ts';
import { CONFERENCE_STATES, type Conference } from '../../domain/conference.ts';
import { coordinatorMayOpen } from '../../domain/disclosure.ts';
import { REFERENCE } from '../../domain/ids.ts';
import { summaryOf } from './conference-summary.ts';
import { normaliseTerms, queryTokens, searchWords, wordsMatch } from '../../domain/search-terms.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { ConferenceSummary } from '../../ports.ts';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../shared/parse.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
export const SORTS = ['date', '-date', 'reference'] as const;

/** The query string of a search. Unknown fields are refused by name. */
export const SearchQuery = z
  .object({
    q: z
      .string()
      .max(200, 'at most 200 characters')
      .optional()
      .describe(
        'Words to find: a reference (CPC-2027-0042), or names of a child, parent, chair or professional, or an agency; every word must match',
      ),
    state: z.enum(CONFERENCE_STATES).optional().describe('Only conferences in this state'),
    policy: z
      .string()
      .max(60)
      .regex(/^[a-z0-9-]+$/, 'expected a policy id')
      .optional()
      .describe('Only conferences under this policy'),
    from: day.optional().describe('Only conferences on or after this London date'),
    to: day.optional().describe('Only conferences on or before this London date'),
    sort: z.enum(SORTS).optional().describe('date (soonest first, the default), -date (latest first) or reference'),
    page: z.coerce
      .number()
      .int('a whole number')
      .min(1, 'at least 1')
      .max(10_000)
      .optional()
      .describe('Page number, from 1'),
    pageSize: z.coerce
      .number()
      .int('a whole number')
      .min(1, 'at least 1')
      .max(100, 'at most 100')
      .optional()
      .describe('Results per page (default 25)'),
  })
  .strict();
export type SearchQuery = z.infer<typeof SearchQuery>;

export interface SearchResult extends ConferenceSummary {
  parentsJoinAt?: string;
  professionalsJoinAt: string;
  /** The children and parents or carers by name, where the coordinator may know them. */
  about?: { children: string[]; family: string[] };
  chair?: string;
}

export interface SearchPage {
  total: number;
  page: number;
  pageSize: number;
  results: SearchResult[];
}

const londonDate = (iso: string) => new Date(Date.parse(iso)).toLocaleDateString('en-CA', { timeZone: LONDON });

/** The summary the store keeps beside each conference, with the join times and, where the coordinator may know them, the names. */
function result(c: Conference): SearchResult {
  const names = coordinatorMayOpen('case-identity');
  const chair = c.attendees.find((a) => a.role === 'chair');
  return {
    ...summaryOf(c),
    ...(c.timetable.parentsJoinAt ? { parentsJoinAt: c.timetable.parentsJoinAt } : {}),
    professionalsJoinAt: c.timetable.professionalsJoinAt,
    ...(names
      ? {
          about: {
            children: c.children.map(
              (ch) => [ch.firstName, ch.lastName].filter(Boolean).join(' ') || (ch.unborn ? 'Unborn child' : 'Child'),
            ),
            family: c.attendees.filter((a) => FAMILY_ROLES.has(a.role) && a.role !== 'child').map((a) => a.name),
          },
        }
      : {}),
    ...(chair ? { chair: chair.name } : {}),
  };
}

/** Reads the query (400 naming the field), finds, filters, sorts and pages. */
export async function searchConferences(deps: Pick<AppDeps, 'store' | 'search'>, raw: unknown): Promise<SearchPage> {
  const q = parseInput(SearchQuery, raw ?? {}, 'search');
  if (q.from && q.to && q.from > q.to)
    throw new ValidationError('Invalid search', [{ field: 'to', message: `must be on or after from (${q.from})` }]);
  const text = q.q?.trim() ?? '';
  const wanted = (c: Pick<Conference, 'state' | 'policyId' | 'startsAt'>) =>
    (!q.state || c.state === q.state) &&
    (!q.policy || c.policyId === q.policy) &&
    (!q.from || londonDate(c.startsAt) >= q.from) &&
    (!q.to || londonDate(c.startsAt) <= q.to);
  const sort = q.sort ?? 'date';
  const order = (a: Pick<Conference, 'reference' | 'startsAt'>, b: Pick<Conference, 'reference' | 'startsAt'>) =>
    sort === 'reference'
      ? a.reference.localeCompare(b.reference)
      : (Date.parse(a.startsAt) - Date.parse(b.startsAt)) * (sort === '-date' ? -1 : 1) ||
        a.reference.localeCompare(b.reference);
  const pageSize = q.pageSize ?? 25;
  const page = q.page ?? 1;
  const slice = <T>(xs: T[]) => xs.slice((page - 1) * pageSize, page * pageSize);
  if (!text && deps.store.listPage) {
    // No words: a page of the store's sorted indexes (by date, state, policy, reference), only the page read.
    const day = (d: string) => DateTime.fromISO(d, { zone: LONDON }).toMillis();
    const { total, summaries } = await deps.store.listPage({
      ...(q.from ? { fromMs: day(q.from) } : {}),
      ...(q.to ? { beforeMs: DateTime.fromISO(q.to, { zone: LONDON }).plus({ days: 1 }).toMillis() } : {}),
      descending: sort === '-date',
      ...(q.state ? { state: q.state } : {}),
      ...(q.policy ? { policy: q.policy } : {}),
      byReference: sort === 'reference',
      offset: (page - 1) * pageSize,
      count: pageSize,
    });
    const loaded = await Promise.all(summaries.map((s) => deps.store.get(s.id)));
    return { total, page, pageSize, results: loaded.filter((c): c is Conference => Boolean(c)).map(result) };
  }
  if (!text) {
    // No words: the summaries kept beside each conference are enough to filter, sort and page;
    // only the page's conferences are read.
    const kept = (await deps.store.list()).filter(wanted).sort(order);
    const loaded = await Promise.all(slice(kept).map((s) => deps.store.get(s.id)));
    return {
      total: kept.length,
      page,
      pageSize,
      results: loaded.filter((c): c is Conference => Boolean(c)).map(result),
    };
  }
  let found: Conference[];
  if (REFERENCE.test(text.toUpperCase())) {
    const c = await deps.store.getByReference(text.toUpperCase());
    found = c ? [c] : [];
  } else {
    const terms = normaliseTerms(text);
    if (!terms.length)
      throw new ValidationError('Invalid search', [
        { field: 'q', message: 'give at least one letter or number to look for' },
      ]);
    const ids = deps.search ? await deps.search.find(queryTokens(terms)) : (await deps.store.list()).map((s) => s.id);
    const loaded = await Promise.all(ids.map((id) => deps.store.get(id)));
    // Each candidate is checked against its own words (a prefix longer than the index keeps, a
    // stale entry): only a real match is shown.
    found = loaded.filter((c): c is Conference => Boolean(c) && wordsMatch(searchWords(c!), terms));
  }
  const kept = found.filter(wanted).sort(order);
  return { total: kept.length, page, pageSize, results: slice(kept).map(result) };
}
