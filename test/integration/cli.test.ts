import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpcInProcess } from '../helpers/cpc.ts';

/** In this process (the same `run` the bin calls); the last test spawns the real bin once. */
const cpc = (...args: string[]) => cpcInProcess(args);

describe('cpc timetable', () => {
  it('prints a table with London times and the rule each came from', async () => {
    const r = await cpc(
      'timetable',
      '--policy',
      'hackney',
      '--kind',
      'initial',
      '--starts-at',
      '2027-01-04T10:00',
      '--strategy-discussion',
      '2026-12-14',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /reportsDue\s+Tue 29 Dec 2026 17:00 \(GMT\)\s+reports\.due\.initial: 3 working days before/,
    );
    expect(r.stdout).toMatch(/professionalsJoinAt\s+Mon 4 Jan 2027 10:30 \(GMT\)/);
    expect(r.stdout).toMatch(/nextReviewBy\s+Fri 2 Apr 2027 17:00 \(BST\)/);
  });

  it('warns when the conference falls on a weekend or bank holiday, as the API does', async () => {
    const boxing = await cpc(
      'timetable',
      '--policy',
      'hackney',
      '--kind',
      'initial',
      '--starts-at',
      '2026-12-28T10:00',
    );
    expect(boxing.code).toBe(0);
    expect(boxing.stdout).toContain(
      'Warning: 2026-12-28 is not a working day (Boxing Day (substitute day)): check the date.',
    );
    const saturday = await cpc(
      'timetable',
      '--policy',
      'hackney',
      '--kind',
      'initial',
      '--starts-at',
      '2027-01-09T10:00',
      '--json',
    );
    expect(saturday.code).toBe(0);
    expect(JSON.parse(saturday.stdout).warnings).toEqual([
      '2027-01-09 is not a working day (Saturday): check the date.',
    ]);
    expect(saturday.stderr).toBe('Warning: 2027-01-09 is not a working day (Saturday): check the date.\n');
    const monday = await cpc(
      'timetable',
      '--policy',
      'hackney',
      '--kind',
      'initial',
      '--starts-at',
      '2027-01-04T10:00',
    );
    expect(monday.stdout).not.toContain('not a working day');
  });

  it('warns about a pre-birth or transfer-in conference later than the policy allows, naming the rule, as the API does', async () => {
    const prebirth = await cpc(
      'timetable',
      '--policy',
      'cumbria',
      '--kind',
      'pre-birth',
      '--starts-at',
      '2027-01-04T10:00',
      '--expected-due-date',
      '2027-02-01',
    );
    expect(prebirth.code).toBe(0);
    expect(prebirth.stdout).toContain(
      'Warning: This conference is later than the Cumbria policy allows (a pre-birth child protection conference is held within 15 working days of the strategy discussion and at least 10 weeks before the expected due date): it should be held by Monday 23 November 2026.',
    );
    const transfer = await cpc(
      'timetable',
      '--policy',
      'hampshire',
      '--kind',
      'transfer-in',
      '--starts-at',
      '2027-01-04T10:00',
      '--notified',
      '2026-11-16',
      '--json',
    );
    const late =
      "This conference is later than the Hampshire policy allows (a transfer-in child protection conference is held within 15 working days of the other authority's notification): it should be held by Monday 7 December 2026.";
    expect(JSON.parse(transfer.stdout).warnings).toEqual([late]);
    expect(transfer.stderr).toBe(`Warning: ${late}\n`);
  });

  it('prints JSON with --json', async () => {
    const r = await cpc(
      'timetable',
      '--policy',
      'hampshire',
      '--kind',
      'initial',
      '--starts-at',
      '2027-02-01T10:00',
      '--json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { policy: string; kind: string; timetable: Record<string, string> };
    expect(Object.keys(out)).toEqual(['policy', 'kind', 'timetable']);
    expect(out.policy).toBe('hampshire');
    expect(out.kind).toBe('initial');
    expect(out.timetable.reportsDue).toBe('2027-01-29T10:00:00+00:00');
    expect(out.timetable.professionalsJoinAt).toBe('2027-02-01T09:45:00+00:00');
  });

  it('loads a custom policy file', async () => {
    const r = await cpc(
      'timetable',
      '--policy-file',
      'policies/example-custom.yaml',
      '--kind',
      'transfer-in',
      '--starts-at',
      '2027-01-04T10:00',
      '--notified',
      '2026-12-01',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).timetable.latestConferenceDate).toBe('2026-12-22T17:00:00+00:00');
  });

  it("names a policy in sentences by its short name, or its id in words, never the preset's it extends", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cpc-short-name-'));
    try {
      const late = async (file: string) => {
        const r = await cpc(
          'timetable',
          '--policy-file',
          file,
          '--kind',
          'transfer-in',
          '--starts-at',
          '2027-01-04T10:00',
          '--notified',
          '2026-11-16',
          '--json',
        );
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as { policy: string; warnings: string[] };
      };
      // The example file sets `shortName: Riverside`; its id stays the identifier.
      const riverside = await late('policies/example-custom.yaml');
      expect(riverside.policy).toBe('riverside');
      expect(riverside.warnings[0]).toMatch(/^This conference is later than the Riverside policy allows \(/);
      // One without a short name reads as its id in words, not as "the Hackney policy" it extends.
      const own = path.join(dir, 'west.yaml');
      const example = readFileSync('policies/example-custom.yaml', 'utf8');
      writeFileSync(own, example.replace('id: riverside', 'id: west-riverside').replace(/^shortName: .*$/m, ''));
      expect((await late(own)).warnings[0]).toMatch(
        /^This conference is later than the West Riverside policy allows \(/,
      );
      // A short name that is not one line of text is refused, naming the field.
      writeFileSync(own, example.replace(/^shortName: .*$/m, 'shortName: "River\\nside"'));
      const bad = await cpc('timetable', '--policy-file', own, '--kind', 'initial', '--starts-at', '2027-01-04T10:00');
      expect(bad.code).toBe(2);
      expect(bad.errorLines.join('\n')).toMatch(/shortName: one line of text/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with one clear line for an unknown policy, from the real bin too (nothing else on stderr)', async () => {
    const args = ['timetable', '--policy', 'atlantis', '--kind', 'initial', '--starts-at', '2027-01-04T10:00'];
    // The one spawn: the project's own tsx, as `npm run cpc` runs it, without npm's notices on stderr.
    const bin = spawnSync('node_modules/.bin/tsx', ['src/cli/bin.ts', ...args], { encoding: 'utf8', timeout: 30_000 });
    const binErrorLines = bin.stderr.split('\n').filter((l) => l.startsWith('cpc:'));
    expect(bin.status).toBe(2);
    expect(bin.stdout).toBe('');
    expect(bin.stderr.trim().split('\n')).toEqual(binErrorLines);
    const r = await cpc(...args);
    expect(binErrorLines).toEqual(r.errorLines);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(r.errorLines);
    expect(r.errorLines).toHaveLength(1);
    expect(r.errorLines[0]).toMatch(/--policy: unknown policy "atlantis"; expected one of statutory, hackney/);
  });

  it('exits 2 for an impossible date', async () => {
    const r = await cpc('timetable', '--policy', 'hackney', '--kind', 'initial', '--starts-at', '2027-02-30T10:00');
    expect(r.code).toBe(2);
    expect(r.errorLines).toHaveLength(1);
    expect(r.errorLines[0]).toMatch(/--starts-at: "2027-02-30T10:00" is not a valid date/);
  });

  it('exits 2 for a London time that does not exist (the night the clocks go forward)', async () => {
    const r = await cpc('timetable', '--policy', 'hackney', '--kind', 'initial', '--starts-at', '2027-03-28T01:30');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.errorLines).toEqual([
      'cpc: --starts-at: 2027-03-28T01:30 does not exist in London: the clocks go forward on 28 March 2027, from 01:00 straight to 02:00; give a time before 01:00 or from 02:00',
    ]);
  });

  it('exits 2 for a London time that happens twice (the night the clocks go back), unless the offset says which', async () => {
    const r = await cpc('timetable', '--policy', 'hackney', '--kind', 'initial', '--starts-at', '2027-10-31T01:30');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.errorLines).toEqual([
      'cpc: --starts-at: 2027-10-31T01:30 happens twice in London: the clocks go back on 31 October 2027, from 02:00 to 01:00; give the offset, 2027-10-31T01:30+01:00 for the first (BST) or 2027-10-31T01:30+00:00 for the second (GMT)',
    ]);
    for (const [offset, zone] of [
      ['+01:00', 'BST'],
      ['+00:00', 'GMT'],
    ]) {
      const given = await cpc(
        'timetable',
        '--policy',
        'hackney',
        '--kind',
        'initial',
        '--starts-at',
        `2027-10-31T01:30${offset}`,
      );
      expect(given.code, offset).toBe(0);
      expect(given.stdout).toContain(`Conference: initial, starting Sun 31 Oct 2027 01:30 (${zone})`);
    }
  });

  it('exits 2 for an unknown flag or a missing one', async () => {
    const unknown = await cpc(
      'timetable',
      '--policy',
      'hackney',
      '--kind',
      'initial',
      '--starts-at',
      '2027-01-04T10:00',
      '--colour',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.errorLines[0]).toMatch(/--colour/);
    const missing = await cpc('timetable', '--policy', 'hackney', '--starts-at', '2027-01-04T10:00');
    expect(missing.code).toBe(2);
    expect(missing.errorLines[0]).toMatch(/missing --kind/);
    // As the API refuses them (trial: a pre-birth timetable without a due date printed the due-date rule as applied).
    const noDue = await cpc(
      'timetable',
      '--policy',
      'hackney',
      '--kind',
      'pre-birth',
      '--starts-at',
      '2027-01-04T10:00',
    );
    expect(noDue.code).toBe(2);
    expect(noDue.stdout).toBe('');
    expect(noDue.errorLines).toEqual(['cpc: --expected-due-date: required for a pre-birth conference (YYYY-MM-DD)']);
    const noNotice = await cpc(
      'timetable',
      '--policy',
      'hackney',
      '--kind',
      'transfer-in',
      '--starts-at',
      '2027-01-04T10:00',
    );
    expect(noNotice.code).toBe(2);
    expect(noNotice.errorLines[0]).toBe(
      'cpc: --notified: required for a transfer-in conference (the date the other authority notified us, YYYY-MM-DD)',
    );
  });
});

describe('cpc policies', () => {
  it('lists the presets', async () => {
    const r = await cpc('policies');
    expect(r.code).toBe(0);
    for (const id of ['statutory', 'hackney', 'cumbria', 'hampshire', 'bexley']) expect(r.stdout).toContain(id);
  });
});
