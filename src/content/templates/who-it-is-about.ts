/**
 * Who a conference is about, for the professionals who must write and read reports: each child by
 * name with a date of birth or due date, and the parents and carers. Body text only: subjects,
 * previews, calendar files, file names, job payloads and logs never carry these names.
 */
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { access, accessFor, reportSharingTargets } from '../../domain/disclosure.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { familyNumberOf } from '../../domain/report-sharing.ts';
import { ROLE_LABELS } from '../../domain/vocabulary.ts';
import { calendarDate } from '../format.ts';
import { heading, list, p, type Block } from './layout.ts';

export interface WhoItIsAbout {
  /** "Ruby Example, born 2 May 2019"; "Unborn baby (Example), due 14 March 2027". */
  children: string[];
  /** "1. Anna Example (parent)": numbered as "parent or carer 1" is everywhere else. */
  family: string[];
}

export function whoItIsAbout(c: Pick<Conference, 'children' | 'attendees'>): WhoItIsAbout {
  const children = c.children.map((ch, i) => {
    const name = [ch.firstName, ch.lastName].filter(Boolean).join(' ');
    if (ch.unborn && !ch.bornOn) {
      const who = ch.firstName ? name : ch.lastName ? `Unborn baby (${ch.lastName})` : 'Unborn baby';
      return ch.expectedDueDate ? `${who}, due ${calendarDate(ch.expectedDueDate)}` : who;
    }
    const born = ch.dateOfBirth ?? ch.bornOn;
    return `${name || `Child ${i + 1}`}${born ? `, born ${calendarDate(born)}` : ''}`;
  });
  // In the order "parent or carer 1, 2, …" everywhere else (pages, sharing lines in an emailed report).
  const family = reportSharingTargets(c.attendees).map(
    (a) => `${familyNumberOf(c, a)}. ${a.name} (${ROLE_LABELS[a.role].toLowerCase()})`,
  );
  return { children, family };
}

/** What a message to this person carries, as the disclosure table says (`case-identity`): the names, a pointer to their page, or nothing. */
export function whoItIsAboutFor(
  c: Pick<Conference, 'children' | 'attendees'>,
  policy: Policy,
  a: Attendee | 'manager',
): { whoItIsAbout?: WhoItIsAbout; namesOnPageOnly?: boolean } {
  const may = a === 'manager' ? access('case-identity', 'manager', policy) : accessFor(c, policy, a, 'case-identity');
  return may === 'receive' ? { whoItIsAbout: whoItIsAbout(c) } : may === 'open' ? { namesOnPageOnly: true } : {};
}

/** May this attendee see the names on their own page (`case-identity` open or receive)? */
export const mayOpenWhoItIsAbout = (c: Pick<Conference, 'attendees'>, policy: Policy, a: Attendee): boolean =>
  accessFor(c, policy, a, 'case-identity') !== 'none';

export const NAMES_ON_PAGE_ONLY =
  'Names are not sent by email: your personal page shows which children and family this conference is about.';

/** The email section: the names, or where policy keeps them off email, a pointer to the personal page. */
export function whoItIsAboutBlocks(about: WhoItIsAbout | undefined, namesOnPageOnly: boolean): Block[] {
  if (namesOnPageOnly) return [p(NAMES_ON_PAGE_ONLY)];
  if (!about) return [];
  return [
    heading('Who the conference is about'),
    list(about.children),
    ...(about.family.length ? [p(`Parents and carers: ${about.family.join('; ')}.`)] : []),
  ];
}

/**
 * A parent or carer as a message to `reader` names them: "Jade Example (parent)" where the reader
 * may receive the family's names by email, "parent or carer 1" where the policy keeps names on the
 * page only.
 */
export function parentAsNamedFor(
  c: Pick<Conference, 'attendees'>,
  policy: Policy,
  reader: Attendee,
  parent: Attendee,
): string {
  return accessFor(c, policy, reader, 'case-identity') === 'receive'
    ? `${parent.name} (${parent.role})`
    : `parent or carer ${familyNumberOf(c, parent)}`;
}
