/**
 * The demo's readable timeline: audit entries, sends from the ledger and failed jobs, merged in
 * simulated time, with people shown by role (never by name).
 */
import type { Conference } from '../src/domain/conference.ts';
import type { AuditEntry } from '../src/ports.ts';
import type { LedgerEntry } from '../src/ports/send-ledger.ts';
import { roleLabel } from '../src/content/words.ts';

export interface TimelineEntry {
  at: string;
  reference: string;
  step: string;
  who: string;
  what: string;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mon 04 Jan 2027 10:31" in London time. */
export function when(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: 'numeric',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    weekday: 'short',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const d = new Date(Date.UTC(Number(get('year')), Number(get('month')) - 1, Number(get('day'))));
  return `${DAYS[(d.getUTCDay() + 6) % 7]} ${get('day')} ${MONTHS[d.getUTCMonth()]} ${get('year')} ${get('hour')}:${get('minute')}`;
}

function who(c: Conference, actor: string): string {
  const id = /^(?:chair:)?(a\d+)/.exec(actor)?.[1];
  const a = id ? c.attendees.find((x) => x.id === id) : undefined;
  if (a) return roleLabel(a.role, a.agency);
  return actor === 'system' ? 'bot' : actor;
}

function describe(c: Conference, e: AuditEntry): string {
  const d = (e.detail ?? {}) as Record<string, any>;
  switch (e.action) {
    case 'conference.created':
      return `created (${d.policy}, ${d.kind}, starts ${when(d.startsAt)})`;
    case 'conference.drafted':
      return `review drafted for ${when(d.startsAt)} (follows ${d.reviewOfReference})`;
    case 'report.received':
    case 'report.resubmitted':
      return `report received by ${d.channel}${d.late ? ' (LATE)' : ''}; ${d.chasersRemoved} chaser(s) cancelled`;
    case 'view.recorded':
      return `view for ${d.childId}: ${d.recommendation ?? 'family view'}${d.attendeeId && e.actor !== d.attendeeId && d.attendeeId !== 'family' ? ` (for ${who(c, d.attendeeId)})` : ''}`;
    case 'decision.recorded':
      return `decision: ${(d.outcomes ?? []).map((o: any) => `${o.childId} ${o.outcome}${o.categories?.length ? ` (${o.categories.join(', ')})` : ''}`).join('; ')}; ${d.dissent} dissent`;
    case 'decision.circulated':
      return d.afterPrint
        ? `decision circulated: the last posted copy printed (${d.recipients} recipient(s))`
        : `decision circulated to ${d.recipients} recipient(s); state approved → circulated → follow-up`;
    case 'decision.circulated-except-post':
      return `decision ${d.summary} (${d.recipients} recipient(s)); state approved → circulated → follow-up`;
    case 'minutes.circulated-except-post':
    case 'record-bundle.circulated-except-post':
      return `${e.action.startsWith('record') ? 'record bundle' : 'minutes'} ${d.summary} (${d.recipients} recipient(s))`;
    case 'follow-ups.scheduled':
      return `follow-ups queued: ${(d.jobs ?? []).map((j: any) => `${j.step} ${when(j.runAt)}`).join('; ')}${d.notes?.length ? ` | ${d.notes.join(' | ')}` : ''}`;
    case 'follow-up.core-group':
      return `first core group for ${(d.children ?? []).join(', ')} ${d.straightAfter ? 'straight after' : `by ${when(d.by)}`} (${(d.members ?? []).length} members told)`;
    case 'hard-copy.queued':
      return `letter for ${who(c, d.attendeeId)} on the hard-copy queue (due ${when(d.dueAt)})`;
    case 'attendance.recorded':
      return `attendance: ${d.present} present, ${d.apologies} apologies, quorate: ${d.quorate}`;
    case 'checklist.ticked':
      return `checklist: ${d.item}`;
    case 'exclusion.recorded':
      return `${who(c, d.attendeeId)} asked to leave part: ${d.part}`;
    case 'invites.sent':
      return `invitations sent (meeting provider: ${d.provider})`;
    case 'circulation.on-time':
      return `watchdog: every recipient served before the deadline (${when(d.dueAt)})`;
    case 'circulation.at-risk':
      return `watchdog: ${(d.outstanding ?? []).length} recipient(s) outstanding before ${when(d.dueAt)}`;
    case 'follow-up.review-drafted':
      return `review conference ${d.draftReference} drafted for ${when(d.startsAt)}, for the coordinator to confirm`;
    case 'follow-up.record-bundle-reminder':
    case 'follow-up.minutes-reminder':
      return `reminder: ${e.action.includes('bundle') ? 'record bundle' : 'minutes'} due ${when(d.dueAt)} (to ${(d.to ?? []).join(' and ')})`;
    case 'minutes.saved':
      return `minutes version ${d.version} saved (${d.source}, ${d.sections} sections, ${(d.confidential ?? []).length} confidential)`;
    case 'minutes.approved':
      return `minutes version ${d.version} approved by the chair: circulation queued`;
    case 'minutes.circulated':
    case 'record-bundle.circulated':
      if (d.afterPrint)
        return `${e.action.startsWith('record') ? 'record bundle' : 'minutes'} circulated: the last posted copy printed`;
      return `${e.action.startsWith('record') ? 'record bundle' : 'minutes'} circulated to ${d.recipients} recipient(s): ${(d.copies ?? []).map((x: any) => `${who(c, x.recipient)} ${x.copy}${x.channel === 'email' ? '' : ` by ${x.channel}`}`).join(', ')}`;
    case 'minutes.on-time':
    case 'record-bundle.on-time':
      return `watchdog: the ${e.action.startsWith('record') ? 'record bundle' : 'minutes'} reached everyone before the deadline (${when(d.dueAt)})`;
    case 'conference.confirmed':
      return `coordinator confirmed the draft for ${when(d.startsAt)}: invitations queued`;
    default:
      if (e.action.startsWith('report.report-') && d.attendeeId)
        return `${e.action.slice('report.'.length)} for ${who(c, d.attendeeId)}`;
      return d && Object.keys(d).length ? `${e.action} ${JSON.stringify(d).slice(0, 120)}` : e.action;
  }
}

/** Ledger key `step-recipient-vN` → step and recipient. */
function parseKey(key: string): { step: string; recipient: string } {
  const m = /^(.*?)-((?:a\d+)(?:-[a-z0-9]+)?|chair|coordinator)-v\d+$/.exec(key);
  return m ? { step: m[1]!, recipient: m[2]! } : { step: key, recipient: '' };
}

export function timelineOf(c: Conference, audit: AuditEntry[], ledger: Record<string, LedgerEntry>): TimelineEntry[] {
  const out: TimelineEntry[] = audit.map((e) => ({
    at: e.at,
    reference: c.reference,
    step: e.action,
    who: who(c, e.actor),
    what: describe(c, e),
  }));
  for (const [key, entry] of Object.entries(ledger)) {
    const { step, recipient } = parseKey(key);
    const [id, suffix] = recipient.split('-');
    // `a3-s1`: a message about attendee a3's first report submission (thanks, or the chair's notice).
    const to =
      recipient === 'chair' || recipient === 'coordinator'
        ? recipient
        : suffix && /^s\d+$/.test(suffix)
          ? `about ${who(c, id ?? '')}'s report`
          : `${who(c, id ?? '')}${suffix === 'manager' ? "'s manager" : ''}`;
    const post = entry.messageId?.startsWith('post:');
    const what =
      entry.state === 'sent'
        ? post
          ? `${to}: printable letter queued for post`
          : entry.messageId?.startsWith('via-')
            ? `${to}: recorded`
            : `email ${to.startsWith('about') ? to : `to ${to}`}`
        : `${entry.state} to ${to}${entry.reason ? `: ${entry.reason}` : ''}`;
    out.push({ at: entry.at, reference: c.reference, step, who: 'bot', what });
  }
  return out;
}

export function printTimeline(entries: TimelineEntry[], write: (line: string) => void): void {
  const sorted = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
  write(`${pad('simulated time (London)', 22)} ${pad('conference', 14)} ${pad('step', 26)} ${pad('who', 36)} what`);
  for (const e of sorted)
    write(`${pad(when(e.at), 22)} ${pad(e.reference, 14)} ${pad(e.step, 26)} ${pad(e.who, 36)} ${e.what}`);
}
