/**
 * How an audit entry's details are said without an id: people by name and role, children by number
 * and first name, letters by what they are and whom they are for, instants in London time.
 * Names appear (this is the professionals' record): never in a subject, a preview or a log.
 */
import type { Conference } from '../domain/conference.ts';
import { ROLE_LABELS } from '../domain/vocabulary.ts';
import { calendarDate, shortDate, time } from './format.ts';
import { attendeeWithName } from './labels.ts';
import { letterTitle } from './worklist.ts';

/** What the lines are drawn from: who is who, which child is which, which letter is which. */
export type AuditContext = Pick<Conference, 'attendees' | 'children'> & Partial<Pick<Conference, 'hardCopies'>>;

export interface AuditLine {
  /** The entry's instant, as stored (for sorting and `<time datetime>`). */
  at: string;
  /** "Mon 4 Jan 2027 10:00", London time. */
  when: string;
  /** "Ann Chair, Chair", "The coordinator", "The bot". */
  who: string;
  /** "approved the decision", in the past tense, without a full stop. */
  what: string;
}

export type Detail = Record<string, unknown>;
export type Phrase = (d: Detail, c: AuditContext) => string;

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const plural = (n: number, one: string, many = `${one}s`) => `${n === 0 ? 'no' : n} ${n === 1 ? one : many}`;

/** "A, B and C". */
export function joinWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "Mon 4 Jan 2027 10:00" for an instant, "4 January 2027" for a calendar date. */
export function whenWords(v: unknown): string {
  const s = str(v);
  if (!s) return 'an unknown time';
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return calendarDate(s);
  try {
    return `${shortDate(s)} ${time(s)}`;
  } catch {
    return 'an unknown time';
  }
}

/** An attendee by name and role; someone no longer on the list is said so, never by id. */
export function personWords(c: AuditContext, id: unknown): string {
  const a = c.attendees.find((x) => x.id === id);
  return a ? attendeeWithName(a) : 'someone no longer on the attendee list';
}

export const people = (c: AuditContext, ids: unknown): string => joinWords(list(ids).map((id) => personWords(c, id)));

export const roleWords = (role: unknown): string =>
  (ROLE_LABELS as Record<string, string>)[String(role)]?.toLowerCase() ?? 'someone';

export const roles = (v: unknown): string => joinWords(list(v).map(roleWords));

/** "Child 1 (Ruby)". */
export function childWords(c: AuditContext, childId: unknown): string {
  const i = c.children.findIndex((x) => x.id === childId);
  if (i < 0) return 'a child no longer on the conference';
  const name = c.children[i]!.firstName;
  return `Child ${i + 1}${name ? ` (${name})` : ''}`;
}

export const ROUTE_WORDS: Record<string, string> = {
  chair: 'the chair',
  coordinator: 'the coordinator',
  manager: "the professional's manager",
};
/** Who was told, from the ledger's recipient keys: "the chair, the coordinator, a named contact". */
export const escalationRoute = (d: Detail): string =>
  joinWords(list(d['told']).map((k) => ROUTE_WORDS[String(k)] ?? 'a named contact'));

export const coreGroupWords = (id: unknown): string => {
  const n = /^cg(\d+)$/.exec(String(id ?? ''));
  return n ? `core group meeting ${n[1]}` : 'a core group meeting';
};

/** A printed letter by what it is and who it is for: "Letter about the decision for Jade Testfamily, Parent". */
export function letterWords(c: AuditContext, blobId: unknown): string {
  const h = c.hardCopies?.find((x) => x.blobId === blobId);
  const m = /^hardcopy-(.+)-(a\d+)-v\d+$/.exec(String(blobId ?? ''));
  const document = h?.document ?? m?.[1];
  const title = document ? letterTitle(document, h?.ledgerKey) : 'A letter';
  const to = h?.attendeeId ?? m?.[2];
  return to ? `${title.toLowerCase()} for ${personWords(c, to)}` : title.toLowerCase();
}

export const letters = (c: AuditContext, ids: unknown): string => joinWords(list(ids).map((id) => letterWords(c, id)));
