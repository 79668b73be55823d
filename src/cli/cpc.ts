/**
 * `npm run cpc -- <command>`: a conference timetable from the command line, without the server.
 * Exit codes: 0 done, 2 bad input (unknown policy or flag, missing flag, impossible date).
 * `run(argv, io)` is the whole command; src/cli/bin.ts hands it the process's argv, streams and env.
 */
import { lateConferenceWarning } from '../content/late-conference.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';
import { readCliEnv } from '../cli-config.ts';
import { isDeskCommand, runDesk } from './desk-commands.ts';
import { reseal } from './reseal-command.ts';
import { DeskUsageError, NotFound, ServiceError } from './service-api.ts';
import { DateTime } from 'luxon';
import { parseClosureDaysIcs } from '../domain/calendar/closure-days.ts';
import { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import { LONDON } from '../domain/calendar/zone.ts';
import { DomainError, ValidationError } from '../domain/errors.ts';
import { issueMessage } from '../content/london-time-words.ts';
import { parsePolicy } from '../domain/policy/load-policy.ts';
import { printablePolicy } from '../app/shared/policy-print-check.ts';
import { PRESETS, getPreset } from '../domain/policy/presets/index.ts';
import type { Policy } from '../domain/policy/schema.ts';
import { TIMETABLE_KEYS, buildTimetable } from '../domain/timetable-build.ts';
import { timetableRules } from '../domain/timetable-rules.ts';
import type { TimetableInput } from '../domain/timetable-build.ts';
import { CONFERENCE_KINDS } from '../domain/vocabulary.ts';
import { notWorkingDayWarningOn } from '../content/words.ts';
import type { ConferenceKind } from '../domain/vocabulary.ts';

const USAGE = `Usage:
  cpc timetable --kind <${CONFERENCE_KINDS.join('|')}> --starts-at <YYYY-MM-DDTHH:mm> (--policy <id> | --policy-file <file>)
                [--strategy-discussion <date>] [--notified <date>] [--expected-due-date <date>] [--held-on <date>]
                [--duration <minutes, default 120>] [--closure-days <file.ics>] [--json]
  cpc policies [--json]
  cpc worklist [--json]                   what needs you across conferences, most urgent first
  cpc find <words> [filters] [--json]     find conferences by name, reference or agency
  cpc show <reference> [--json]           one conference
  cpc print-queue [--json]                letters to print and post
  (these four talk to a running service: CPC_URL, default http://127.0.0.1:3978, and CPC_API_KEY;
   cpc <command> --help for each; exit 0 done, 1 nothing found, 2 bad input, 3 service unreachable)
  cpc census --year <YYYY> [--format <csv|xml|json>, default csv] [--out <file>]
                                          the census return (docs/census.md), from the running service as above;
                                          2027 is the collection year 1 April 2026 to 31 March 2027
  cpc reseal [--dry-run]                  seal values stored plain before encryption (docs/deployment.md)
Dates are YYYY-MM-DD; --starts-at without an offset is London local time.`;

/** Where a command writes and what environment it reads (the process's own in bin.ts; buffers in tests). */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

/** Bad input from the person at the keyboard: one line on stderr, exit code 2. */
class UsageError extends Error {}

/** Domain field names as the flags that feed them, so an error points at what to retype. */
const FLAG_FOR_FIELD: Record<string, string> = {
  startsAt: '--starts-at',
  durationMinutes: '--duration',
  strategyDiscussionOn: '--strategy-discussion',
  notifiedOn: '--notified',
  expectedDueDate: '--expected-due-date',
  heldOn: '--held-on',
  policy: '--policy',
  closureDays: '--closure-days',
  year: '--year',
  format: '--format',
};

/** The census return from the running service (GET /api/census), to stdout or --out. */
async function census(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { year: { type: 'string' }, format: { type: 'string', default: 'csv' }, out: { type: 'string' } },
  });
  if (values.year === undefined) throw new UsageError('missing --year <YYYY> (2027 is 1 April 2026 to 31 March 2027)');
  const { url: base, apiKey } = readCliEnv(io.env);
  const query = new URLSearchParams({ year: values.year, format: values.format });
  let res: Response;
  try {
    res = await fetch(`${base}/api/census?${query}`, { headers: { authorization: `Bearer ${apiKey}` } });
  } catch (err) {
    throw new ServiceError(`cannot reach the service at ${base} (${(err as Error).message}); start it, or set CPC_URL`);
  }
  const text = await res.text();
  if (res.status === 400) {
    const issues = (JSON.parse(text) as { issues?: { field: string; message: string }[] }).issues ?? [];
    throw new UsageError(
      issues.map((i) => `${FLAG_FOR_FIELD[i.field] ?? i.field}: ${i.message}`).join('; ') ||
        'the service refused the request',
    );
  }
  if (!res.ok)
    throw new ServiceError(
      `the service at ${base} answered ${res.status}${res.status === 401 ? ' (check CPC_API_KEY)' : ''}`,
    );
  if (values.out) {
    writeFileSync(values.out, text);
    const issues = res.headers.get('x-census-issues');
    io.stdout.write(`wrote ${values.out}${issues ? ` (${issues} issue(s): see format json or the dashboard)` : ''}\n`);
  } else io.stdout.write(text);
}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** London local time for people: "Mon 4 Jan 2027 10:00 (GMT)". */
function londonLabel(iso: string): string {
  const dt = DateTime.fromISO(iso, { zone: LONDON });
  return `${dt.toFormat('ccc d LLL yyyy HH:mm')} (${dt.offset === 0 ? 'GMT' : 'BST'})`;
}

function loadPolicy(values: Record<string, string | boolean | undefined>): Policy {
  const file = values['policy-file'];
  const id = values.policy;
  if (typeof file === 'string' && typeof id === 'string')
    throw new UsageError('use either --policy or --policy-file, not both');
  if (typeof file === 'string') {
    try {
      return printablePolicy(
        parsePolicy(readText(file, '--policy-file'), /\.json$/i.test(file) ? 'json' : 'yaml', file),
        file,
      );
    } catch (err) {
      if (err instanceof ValidationError)
        throw new UsageError(`--policy-file ${file}: ${err.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
      throw err;
    }
  }
  if (typeof id !== 'string')
    throw new UsageError('missing --policy <id> (or --policy-file <file>); see `cpc policies`');
  return getPreset(id);
}

function timetable(args: string[], io: CliIo): void {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      policy: { type: 'string' },
      'policy-file': { type: 'string' },
      kind: { type: 'string' },
      'starts-at': { type: 'string' },
      'strategy-discussion': { type: 'string' },
      notified: { type: 'string' },
      'expected-due-date': { type: 'string' },
      'held-on': { type: 'string' },
      duration: { type: 'string', default: '120' },
      'closure-days': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const kind = values.kind;
  if (kind === undefined) throw new UsageError(`missing --kind <${CONFERENCE_KINDS.join('|')}>`);
  if (!(CONFERENCE_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--kind: unknown kind "${kind}"; expected one of ${CONFERENCE_KINDS.join(', ')}`);
  }
  const startsAt = values['starts-at'];
  if (startsAt === undefined) throw new UsageError('missing --starts-at <YYYY-MM-DDTHH:mm>');
  if (!/^\d+$/.test(values.duration))
    throw new UsageError(`--duration: expected whole minutes, got "${values.duration}"`);
  const policy = loadPolicy(values);

  const closureFile = values['closure-days'];
  const calendar = new WorkingDayCalendar(
    closureFile ? parseClosureDaysIcs(readText(closureFile, '--closure-days')) : [],
  );
  const optional = (flag: string, key: 'strategyDiscussionOn' | 'notifiedOn' | 'expectedDueDate' | 'heldOn') => {
    const v = values[flag as keyof typeof values];
    return typeof v === 'string' ? { [key]: v } : {};
  };
  // As the API refuses them (docs/policies.md): without these the kind's latest date cannot be worked out.
  if (kind === 'pre-birth' && values['expected-due-date'] === undefined)
    throw new UsageError('--expected-due-date: required for a pre-birth conference (YYYY-MM-DD)');
  if (kind === 'transfer-in' && values.notified === undefined)
    throw new UsageError(
      '--notified: required for a transfer-in conference (the date the other authority notified us, YYYY-MM-DD)',
    );
  const durationMinutes = Number(values.duration);
  const input: TimetableInput = {
    policy,
    kind: kind as ConferenceKind,
    startsAt,
    durationMinutes,
    ...optional('strategy-discussion', 'strategyDiscussionOn'),
    ...optional('notified', 'notifiedOn'),
    ...optional('expected-due-date', 'expectedDueDate'),
    ...optional('held-on', 'heldOn'),
  };
  const result = buildTimetable(input, calendar);
  // As the API warns when a conference is created: a weekend, bank holiday or closure day is allowed but checked.
  const day = DateTime.fromISO(startsAt, { zone: LONDON });
  const date = day.isValid ? day.toISODate() : null;
  const notWorking = date ? notWorkingDayWarningOn(calendar, date) : undefined;

  // As the API warns: later than the policy's latest date for this kind, naming the rule.
  const late =
    result.latestConferenceDate && day.isValid && day > DateTime.fromISO(result.latestConferenceDate)
      ? lateConferenceWarning(policy, input.kind, result.latestConferenceDate, input)
      : undefined;
  const warned = [late, notWorking].filter((w): w is string => w !== undefined);

  if (values.json) {
    // The JSON stays machine-readable; the person at the keyboard still sees the warnings.
    for (const w of warned) io.stderr.write(`Warning: ${w}\n`);
    const warnings = warned.length ? { warnings: warned } : {};
    io.stdout.write(`${JSON.stringify({ policy: policy.id, kind, timetable: result, ...warnings }, null, 2)}\n`);
    return;
  }
  const rules = timetableRules(policy, input.kind, durationMinutes);
  const rows = TIMETABLE_KEYS.flatMap((key) => {
    const at = result[key];
    return at ? [[key, londonLabel(at), rules[key] ?? '']] : [];
  });
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c))
      .join('  ')
      .trimEnd();
  const out = [
    `Policy: ${policy.name} [${policy.id}]${policy.example ? ' (an example to adapt, not current procedure)' : ''}`,
    `Conference: ${kind}, starting ${londonLabel(DateTime.fromISO(startsAt, { zone: LONDON }).toISO() ?? startsAt)}`,
    '',
    ...rows.map(line),
  ];
  for (const w of warned) out.push('', `Warning: ${w}`);
  io.stdout.write(`${out.join('\n')}\n`);
}

function policies(args: string[], io: CliIo): void {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { json: { type: 'boolean', default: false } },
  });
  const list = Object.values(PRESETS).map((p) => ({ id: p.id, name: p.name, example: p.example, basis: p.basis }));
  if (values.json) {
    io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  const width = Math.max(...list.map((p) => p.id.length));
  for (const p of list) io.stdout.write(`${p.id.padEnd(width)}  ${p.name}${p.example ? ' (example)' : ''}\n`);
}

function describe(err: unknown): string {
  if (err instanceof ValidationError && err.issues.length) {
    return err.issues.map((i) => `${FLAG_FOR_FIELD[i.field] ?? i.field}: ${issueMessage(i)}`).join('; ');
  }
  return err instanceof Error ? err.message : String(err);
}

/** Runs one cpc command; resolves to the exit code (0 done, 1 nothing found, 2 bad input, 3 service unreachable). */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'timetable') timetable(rest, io);
    else if (command === 'policies') policies(rest, io);
    else if (command === 'census') await census(rest, io);
    else if (command === 'reseal') return await reseal(rest, io, (m) => new UsageError(m));
    else if (command !== undefined && isDeskCommand(command)) {
      const { url, apiKey } = readCliEnv(io.env);
      await runDesk(command, rest, { url, apiKey, out: (s) => void io.stdout.write(s) });
    } else if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(`${USAGE}\n`);
    } else
      throw new UsageError(
        `unknown command "${command}"; expected timetable, policies, worklist, find, show, print-queue, census or reseal`,
      );
    return 0;
  } catch (err) {
    // parseArgs reports unknown and malformed flags with ERR_PARSE_ARGS_* codes.
    const code = (err as { code?: unknown }).code;
    const isArgError = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
    if (err instanceof UsageError || err instanceof DomainError || err instanceof DeskUsageError || isArgError) {
      io.stderr.write(`cpc: ${describe(err)}\n`);
      return 2;
    }
    if (err instanceof NotFound) {
      io.stderr.write(`cpc: ${err.message}\n`);
      return 1;
    }
    if (err instanceof ServiceError || err instanceof ConfigError) {
      io.stderr.write(`cpc: ${err instanceof ConfigError ? err.problems.join('; ') : err.message}\n`);
      return 3;
    }
    throw err;
  }
}
