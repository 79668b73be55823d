/**
 * The audit trail in words, as a coordinator or chair reads it: when (London time), who (by name and
 * role, or "The coordinator", "The bot") and what happened, in a sentence. Never raw JSON and never
 * an id. Used by the record export PDF and the dashboard's conference page, so both read the same.
 * Names appear (this is the professionals' record): never use these lines in a subject, preview or log.
 *
 *   auditLines(conference, entries).map(auditSentence)
 *   // "Mon 4 Jan 2027 11:45: The coordinator, on behalf of Ann Chair, Chair approved the decision."
 */
import { ROLE_LABELS, type Role } from '../domain/vocabulary.ts';
import { attendeeWithName } from './labels.ts';
import { PHRASES, REPORT_STEP } from './audit-phrases.ts';
import {
  people,
  personWords,
  whenWords,
  type AuditContext,
  type AuditLine,
  type Detail,
  type Phrase,
} from './audit-words.ts';

/** An audit entry as stored (the `AuditEntry` of ports.ts). */
export interface AuditRecord {
  at: string;
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Who acted, in words. `chair:<id>`, an attendee id, the coordinator's key or session, the bot. */
export function actorWords(c: AuditContext, actor: string, detail?: Detail): string {
  const said = str(detail?.['requestedBy']) ?? str(detail?.['chair']);
  if (actor === 'coordinator') {
    if (!said) return 'The coordinator';
    const a = c.attendees.find((x) => x.id === said);
    return `The coordinator, on behalf of ${a ? attendeeWithName(a) : `“${said}”`}`;
  }
  if (actor === 'system') return 'The bot';
  if (actor === 'notify') return 'GOV.UK Notify';
  if (actor === 'teams-meeting') return 'The Teams meeting';
  if (actor.startsWith('oidc:')) return `The coordinator signed in as ${actor.slice(5)}`;
  const id = actor.startsWith('chair:') ? actor.slice(6) : actor;
  if (c.attendees.some((x) => x.id === id)) return personWords(c, id);
  if (/^a\d+$/.test(id)) return 'Someone no longer on the attendee list';
  return actor;
}

/** "hard-copy.sent-to-notify" → "hard copy: sent to notify", for an action added later without words here. */
const fallback = (action: string): string => {
  const [thing, ...rest] = action.split('.');
  return `${(thing ?? '').replace(/-/g, ' ')}${rest.length ? `: ${rest.join(' ').replace(/-/g, ' ')}` : ''}`;
};

/** One entry of the audit trail in words. */
export function auditLine(c: AuditContext, e: AuditRecord): AuditLine {
  const d = e.detail ?? {};
  let what: string;
  const phrase = PHRASES[e.action] ?? (e.action.startsWith('report.') ? reportStep(e.action.slice(7)) : undefined);
  try {
    what = phrase ? phrase(d, c) : fallback(e.action);
  } catch {
    what = fallback(e.action);
  }
  return { at: e.at, when: whenWords(e.at), who: actorWords(c, e.actor, d), what };
}

function reportStep(step: string): Phrase | undefined {
  const verb = REPORT_STEP[step];
  // Each step of chasing (the requests, each reminder, chaser, escalation) is one entry naming every author it reached (attendeeIds).
  return verb
    ? (d, c) => `${verb} ${d['attendeeIds'] ? people(c, d['attendeeIds']) : personWords(c, d['attendeeId'])}`
    : undefined;
}

/** The whole trail, oldest first. */
export const auditLines = (c: AuditContext, entries: AuditRecord[]): AuditLine[] => entries.map((e) => auditLine(c, e));

/** "Mon 4 Jan 2027 10:00: Ann Chair, Chair approved the decision." */
export const auditSentence = (l: AuditLine): string => `${l.when}: ${l.who} ${l.what}.`;

/** The role of an actor, for a filter or a column ("Chair", "Coordinator", "The bot"). */
export function actorRole(c: AuditContext, actor: string): string {
  if (actor === 'coordinator' || actor.startsWith('oidc:')) return 'Coordinator';
  if (actor === 'system') return 'The bot';
  const id = actor.startsWith('chair:') ? actor.slice(6) : actor;
  const a = c.attendees.find((x) => x.id === id);
  return a ? ROLE_LABELS[a.role as Role] : 'Other';
}
