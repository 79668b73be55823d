/**
 * `cpc worklist | find | show | print-queue`: the coordinator's desk from a terminal, talking to a
 * running service (CPC_URL, CPC_API_KEY: cli-config.ts readCliEnv). The same answers as the dashboard,
 * from the same API. Exit codes: 0 done, 1 nothing found, 2 bad input (a flag, or a field the
 * service refused, named), 3 the service could not be reached or refused the key.
 */
import { parseArgs } from 'node:util';
import { letterTitle, meetingTimes, WORK_KIND_LABEL, whenRelative } from '../content/worklist.ts';
import { stateLabel } from '../content/labels.ts';
import { WORK_KINDS, type WorkKind } from '../domain/worklist.ts';
import { api, DeskUsageError, NotFound, ServiceError, type Env } from './service-api.ts';

export const DESK_USAGE: Record<string, string> = {
  worklist: `Usage: cpc worklist [--json]
What needs you across conferences, most urgent first: counts, then each item with what to do.`,
  find: `Usage: cpc find <words> [--state <state>] [--policy <id>] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                [--sort date|-date|reference] [--page N] [--page-size N] [--json]
Finds conferences by reference, a child's, parent's, chair's or professional's name, or an agency
(every word must match). Exit 1 when none matches.`,
  show: `Usage: cpc show <reference> [--json]
One conference: state, both times, whom it is about, reports, letters and what needs doing.`,
  'print-queue': `Usage: cpc print-queue [--json]
Letters to print and post, most urgent first, each in words with whom it is for.`,
};

const json = (env: Env, v: unknown) => env.out(`${JSON.stringify(v, null, 2)}\n`);

interface Line {
  kind: WorkKind;
  reference: string;
  urgency: 'overdue' | 'today' | 'soon';
  what: string;
  next: string;
  due: string;
  conferenceId: string;
}
const URGENCY = { overdue: 'OVERDUE', today: 'TODAY', soon: 'SOON' } as const;

function workLines(items: Line[]): string[] {
  return items.flatMap((i) => [
    `${URGENCY[i.urgency].padEnd(8)} ${i.reference}  ${i.what} (${i.due})`,
    `         → ${i.next}`,
  ]);
}

async function worklist(env: Env, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { json: { type: 'boolean', default: false } },
  });
  const { body } = await api(env, '/api/worklist');
  if (values.json) return json(env, body);
  const wl = body as { counts: Record<string, number>; items: Line[] };
  const counts = WORK_KINDS.filter((k) => wl.counts[k]).map(
    (k) => `${wl.counts[k]} ${WORK_KIND_LABEL[k].toLowerCase()}`,
  );
  env.out(`${wl.counts['overdue'] ?? 0} overdue${counts.length ? `; ${counts.join('; ')}` : ''}\n`);
  if (!wl.items.length) return env.out('Nothing needs you today.\n');
  env.out(`\n${workLines(wl.items).join('\n')}\n`);
}

interface Result {
  id: string;
  reference: string;
  state: string;
  kind: string;
  startsAt: string;
  parentsJoinAt?: string;
  professionalsJoinAt: string;
  about?: { children: string[]; family: string[] };
  chair?: string;
}

async function find(env: Env, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      state: { type: 'string' },
      policy: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      sort: { type: 'string' },
      page: { type: 'string' },
      'page-size': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const q = positionals.join(' ').trim();
  const { json: asJson, 'page-size': pageSize, ...rest } = values;
  if (!q && !Object.keys(rest).length)
    throw new DeskUsageError('give words to find (a name, a reference or an agency), or a filter such as --state');
  const query = new URLSearchParams(
    Object.entries({ ...(q ? { q } : {}), ...rest, ...(pageSize ? { pageSize } : {}) }).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
  const { body, headers } = await api(env, `/api/conferences?${query.toString()}`);
  const results = body as Result[];
  if (asJson) return json(env, { total: Number(headers.get('x-total-count') ?? results.length), results });
  if (!results.length) throw new NotFound(`no conference matches${q ? ` "${q}"` : ''}`);
  const now = env.now();
  for (const r of results) {
    env.out(`${r.reference}  ${stateLabel(r.state)}  ${meetingTimes(r, now)}\n`);
    if (r.about)
      env.out(
        `    About: ${[...r.about.children, ...r.about.family.map((n) => `${n} (parent or carer)`)].join('; ')}\n`,
      );
    if (r.chair) env.out(`    Chair: ${r.chair}\n`);
  }
  const total = Number(headers.get('x-total-count') ?? results.length);
  if (total > results.length) env.out(`(${results.length} of ${total}: --page for more)\n`);
}

interface Attendee {
  id: string;
  name: string;
  role: string;
  agency?: string;
  report?: { status: string; dueAt?: string; receivedAt?: string };
}
interface HardCopy {
  blobId: string;
  attendeeId: string;
  document: string;
  ledgerKey?: string;
  dueAt: string;
  printedAt?: string;
  withdrawnAt?: string;
  conferenceId?: string;
  reference?: string;
}

async function show(env: Env, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const ref = positionals[0]?.trim().toUpperCase();
  if (!ref || positionals.length > 1) throw new DeskUsageError('give one reference, e.g. cpc show CPC-2027-0042');
  if (!/^CPC-\d{4}-\d{3,6}$/.test(ref))
    throw new DeskUsageError(
      `<reference>: "${ref.slice(0, 40)}" is not a reference like CPC-2027-0042 (cpc find looks for names)`,
    );
  const hits = (await api(env, `/api/conferences?q=${encodeURIComponent(ref)}`)).body as Result[];
  if (!hits[0]) throw new NotFound(`no conference ${ref}`);
  const [{ body: view }, { body: wl }] = await Promise.all([
    api(env, `/api/conferences/${hits[0].id}`),
    api(env, '/api/worklist'),
  ]);
  const c = view as {
    id: string;
    reference: string;
    state: string;
    kind: string;
    startsAt: string;
    policy: { name: string };
    timetable: { parentsJoinAt?: string; professionalsJoinAt: string };
    children: { firstName?: string; lastName?: string }[];
    attendees: Attendee[];
    hardCopies: HardCopy[];
  };
  const work = (wl as { items: Line[] }).items.filter((i) => i.conferenceId === c.id);
  if (values.json) return json(env, { conference: view, needsAction: work });
  const now = env.now();
  const out = [
    `${c.reference}  ${stateLabel(c.state)}  (${c.policy.name}, ${c.kind})`,
    `When: ${meetingTimes({ ...c.timetable, startsAt: c.startsAt }, now)}`,
    `Children: ${c.children.map((ch) => [ch.firstName, ch.lastName].filter(Boolean).join(' ') || 'unborn child').join('; ')}`,
    '',
    'Attendees and reports:',
    ...c.attendees.map(
      (a) =>
        `  ${a.name} (${a.role}${a.agency ? `, ${a.agency}` : ''})${a.report ? `: report ${a.report.status}${a.report.receivedAt ? ` ${whenRelative(a.report.receivedAt, now)}` : a.report.dueAt ? `, due ${whenRelative(a.report.dueAt, now)}` : ''}` : ''}`,
    ),
  ];
  const letters = c.hardCopies.filter((h) => !h.printedAt && !h.withdrawnAt);
  if (letters.length)
    out.push(
      '',
      'Letters to print:',
      ...letters.map(
        (h) =>
          `  ${letterTitle(h.document, h.ledgerKey)} for ${c.attendees.find((a) => a.id === h.attendeeId)?.name ?? h.attendeeId}: post by ${whenRelative(h.dueAt, now)}`,
      ),
    );
  out.push(
    '',
    work.length ? 'Needs action:' : 'Nothing needs you on this conference now.',
    ...workLines(work).map((l) => `  ${l}`),
  );
  env.out(`${out.join('\n')}\n`);
}

async function printQueue(env: Env, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { json: { type: 'boolean', default: false } },
  });
  const queue = (await api(env, '/api/hard-copies')).body as HardCopy[];
  const names = new Map<string, Attendee[]>();
  for (const id of new Set(queue.map((h) => h.conferenceId!)))
    names.set(id, ((await api(env, `/api/conferences/${id}`)).body as { attendees: Attendee[] }).attendees);
  const rows = queue.map((h) => ({
    ...h,
    letter: letterTitle(h.document, h.ledgerKey),
    for: names.get(h.conferenceId!)?.find((a) => a.id === h.attendeeId)?.name ?? h.attendeeId,
  }));
  if (values.json) return json(env, rows);
  if (!rows.length) return env.out('No letters to print.\n');
  const now = env.now();
  for (const r of rows)
    env.out(
      `${Date.parse(r.dueAt) < now.getTime() ? 'OVERDUE  ' : ''}${r.reference}  ${r.letter} for ${r.for}: post by ${whenRelative(r.dueAt, now)}\n`,
    );
}

const COMMANDS: Record<string, (env: Env, args: string[]) => Promise<void>> = {
  worklist,
  find,
  show,
  'print-queue': printQueue,
};
export const isDeskCommand = (c: string): boolean => Object.hasOwn(COMMANDS, c);

/** Runs one desk command; "today" and "in 3 days" are the service's time (its clock may be simulated). */
export async function runDesk(
  command: string,
  args: string[],
  o: { url: string; apiKey: string; out: (s: string) => void },
): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) return o.out(`${DESK_USAGE[command]}\n`);
  let now = new Date();
  const env: Env = { ...o, now: () => now };
  const clock = await api(env, '/api/dev/clock').catch((err: unknown) => {
    if (err instanceof ServiceError) throw err;
    return undefined;
  });
  const at = (clock?.body as { now?: string } | undefined)?.now;
  if (at && !Number.isNaN(Date.parse(at))) now = new Date(at);
  await COMMANDS[command]!(env, args);
}
