/**
 * The census return for a collection year, from the children's records (never by loading every
 * conference): JSON (rows and the validation report), CSV or the census XML layout.
 */
import { z } from 'zod/v4';
import { censusCsv, censusXml } from '../../content/census.ts';
import { censusReturn, collectionYear, type CensusReturn } from '../../domain/census.ts';
import { ValidationError } from '../../domain/errors.ts';
import { childPlans } from './child-records.ts';
import type { AppDeps } from '../deps.ts';
import { parseInput } from '../shared/parse.ts';
import { londonDate, toLondonIso } from '../shared/time.ts';

export const CENSUS_FORMATS = ['json', 'csv', 'xml'] as const;

export const CensusQuery = z
  .object({
    /** The collection year by the year it ends: 2027 is 1 April 2026 to 31 March 2027. */
    year: z.string().regex(/^\d{4}$/, 'expected a collection year such as 2027 (1 April 2026 to 31 March 2027)'),
    /** @defaultValue json */
    format: z.enum(CENSUS_FORMATS, { message: `expected one of ${CENSUS_FORMATS.join(', ')}` }).default('json'),
  })
  .strict();

export interface CensusExport {
  format: (typeof CENSUS_FORMATS)[number];
  contentType: string;
  filename: string;
  body: string;
  census: CensusReturn;
}

/** The census's first collection in its present form was 2008 to 2009. */
const FIRST_YEAR = 2009;

export async function censusExport(
  deps: Pick<AppDeps, 'childRecords' | 'calendar' | 'clock'>,
  raw: unknown,
  source: { softwareCode: string; release: string },
): Promise<CensusExport> {
  const q = parseInput(CensusQuery, raw, 'census request');
  const year = Number(q.year);
  const y = collectionYear(year);
  const today = londonDate(deps.clock.now());
  if (year < FIRST_YEAR)
    throw new ValidationError('Invalid census request', [
      { field: 'year', message: `the census in this form starts with the ${FIRST_YEAR} collection` },
    ]);
  if (y.start > today)
    throw new ValidationError('Invalid census request', [
      { field: 'year', message: `the ${year} collection year starts on ${y.start}, after today (${today})` },
    ]);
  const census = censusReturn(await childPlans(deps, { activeSince: y.start }), year, deps.calendar);
  const filename = `cin-census-${year}-conferences.${q.format}`;
  switch (q.format) {
    case 'csv':
      return { format: q.format, contentType: 'text/csv; charset=utf-8', filename, body: censusCsv(census), census };
    case 'xml':
      return {
        format: q.format,
        contentType: 'application/xml; charset=utf-8',
        filename,
        body: censusXml(census, { ...source, dateTime: toLondonIso(deps.clock.now()).slice(0, 19) }),
        census,
      };
    case 'json':
      return {
        format: q.format,
        contentType: 'application/json; charset=utf-8',
        filename,
        body: JSON.stringify(census),
        census,
      };
  }
}
