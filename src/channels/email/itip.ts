/**
 * Reads a calendar reply (iTIP METHOD:REPLY) from Outlook, Google, Apple and others: which
 * event, who answered, what they answered. Anything else is a ValidationError saying what is wrong.
 */
import { z } from 'zod/v4';
import type { CalendarResponse, VEvent } from 'node-ical';
import { fieldIssues, ValidationError } from '../../domain/errors.ts';
import { eventsOf, parseIcs } from '../../content/ics.ts';

export type ItipPartstat = 'accepted' | 'tentative' | 'declined' | 'needs-action';

export interface ItipReply {
  uid: string;
  attendeeEmail: string;
  partstat: ItipPartstat;
  sequence: number;
}

const ReplySchema = z.object({
  uid: z.string().trim().min(1, 'the VEVENT has no UID'),
  attendeeEmail: z.email('the ATTENDEE is not an email address'),
  partstat: z.enum(['accepted', 'tentative', 'declined', 'needs-action']),
  sequence: z.number().int().min(0, 'SEQUENCE must not be negative'),
});

const PARTSTATS: Record<string, ItipPartstat> = {
  ACCEPTED: 'accepted',
  TENTATIVE: 'tentative',
  DECLINED: 'declined',
  'NEEDS-ACTION': 'needs-action',
};

const invalid = (field: string, message: string) =>
  new ValidationError('Not a usable calendar reply', [{ field, message }]);

interface AttendeeShape {
  address: string;
  partstat?: string;
}

/** node-ical gives a property as a plain string, or `{ val, params }` when it has parameters. */
function attendeeShape(value: unknown): AttendeeShape | undefined {
  if (typeof value === 'string') return { address: value };
  if (value && typeof value === 'object' && 'val' in value) {
    const v = value as { val: unknown; params?: Record<string, unknown> };
    if (typeof v.val !== 'string') return undefined;
    const ps = v.params?.['PARTSTAT'];
    return { address: v.val, ...(typeof ps === 'string' ? { partstat: ps } : {}) };
  }
  return undefined;
}

/** `mailto:` / `MAILTO:` stripped, quotes and spaces removed, lower-cased. */
function emailOf(address: string): string {
  return address
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^"|"$/g, '')
    .trim()
    .toLowerCase();
}

function methodOf(parsed: CalendarResponse, event: VEvent): string | undefined {
  const m = parsed.vcalendar?.method ?? event.method;
  return typeof m === 'string' ? m.toUpperCase() : undefined;
}

export function parseItipReply(icsText: string): ItipReply {
  if (typeof icsText !== 'string' || !/BEGIN:VCALENDAR/i.test(icsText)) {
    throw invalid('(root)', 'not iCalendar text (no BEGIN:VCALENDAR)');
  }
  let parsed: CalendarResponse;
  try {
    parsed = parseIcs(icsText);
  } catch (err) {
    throw invalid('(root)', `the calendar could not be read (${err instanceof Error ? err.message : String(err)})`);
  }
  const events = eventsOf(parsed);
  const event = events[0];
  if (!event) throw invalid('VEVENT', 'the calendar has no VEVENT');
  if (events.length > 1) throw invalid('VEVENT', `expected one VEVENT in a reply, found ${events.length}`);

  const method = methodOf(parsed, event);
  if (method !== 'REPLY')
    throw invalid('METHOD', `expected METHOD:REPLY, found ${method ? `METHOD:${method}` : 'no METHOD'}`);

  const raw = event.attendee;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw invalid('ATTENDEE', 'the reply names no ATTENDEE');
  if (list.length > 1)
    throw invalid('ATTENDEE', `a reply carries exactly one ATTENDEE (the person answering), found ${list.length}`);
  const attendee = attendeeShape(list[0]);
  if (!attendee) throw invalid('ATTENDEE', 'the ATTENDEE could not be read');

  // RFC 5545: PARTSTAT defaults to NEEDS-ACTION when absent.
  const rawPartstat = (attendee.partstat ?? 'NEEDS-ACTION').toUpperCase();
  const partstat = PARTSTATS[rawPartstat];
  if (!partstat) {
    throw invalid(
      'ATTENDEE.PARTSTAT',
      `unknown PARTSTAT "${rawPartstat}" (expected ACCEPTED, TENTATIVE, DECLINED or NEEDS-ACTION)`,
    );
  }

  const rawSequence: unknown = event.sequence ?? 0;
  const sequence = typeof rawSequence === 'number' ? rawSequence : Number(String(rawSequence).trim());

  const result = ReplySchema.safeParse({
    uid: typeof event.uid === 'string' ? event.uid : '',
    attendeeEmail: emailOf(attendee.address),
    partstat,
    sequence,
  });
  if (!result.success) throw new ValidationError('Not a usable calendar reply', fieldIssues(result.error.issues));
  return result.data;
}
