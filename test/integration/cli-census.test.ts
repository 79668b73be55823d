/** `cpc census` asks the running service (CPC_URL) for the return, with the coordinator key (CPC_API_KEY). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CENSUS_CSV_COLUMNS } from '../../src/content/census.ts';
import { cpcInProcess } from '../helpers/cpc.ts';
import { startedServices, TEST_API_KEY } from '../helpers/service.ts';

const start = startedServices();

/** In this process, as the bin runs it (test/integration/cli.test.ts spawns the bin itself). */
const cpc = (env: Record<string, string>, ...args: string[]) => cpcInProcess(args, env);

describe('cpc census', () => {
  it('prints or writes the return, and says what is wrong in one line', { timeout: 90_000 }, async () => {
    const s = await start();
    const env = { CPC_URL: s.url, CPC_API_KEY: TEST_API_KEY };
    const csv = await cpc(env, 'census', '--year', '2027');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(`${CENSUS_CSV_COLUMNS.join(',')}\r\n`);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'cpc-census-')), 'census.xml');
    const xml = await cpc(env, 'census', '--year', '2027', '--format', 'xml', '--out', out);
    expect(xml.stdout).toBe(`wrote ${out} (0 issue(s): see format json or the dashboard)\n`);
    expect(readFileSync(out, 'utf8')).toContain('<ReferenceDate>2027-03-31</ReferenceDate>');

    const future = await cpc(env, 'census', '--year', '2030');
    expect(future.code).toBe(2);
    expect(future.errorLines).toEqual([
      'cpc: --year: the 2030 collection year starts on 2029-04-01, after today (2026-12-01)',
    ]);
    expect((await cpc(env, 'census')).errorLines).toEqual([
      'cpc: missing --year <YYYY> (2027 is 1 April 2026 to 31 March 2027)',
    ]);
    expect((await cpc(env, 'census', '--year', '2027', '--format', 'pdf')).errorLines).toEqual([
      'cpc: --format: expected one of json, csv, xml',
    ]);
    const wrongKey = await cpc(
      { CPC_URL: s.url, CPC_API_KEY: 'another-key-0123456789abcdef' },
      'census',
      '--year',
      '2027',
    );
    expect(wrongKey.code).toBe(3);
    expect(wrongKey.errorLines).toEqual([`cpc: the service at ${s.url} answered 401 (check CPC_API_KEY)`]);
  });
});
