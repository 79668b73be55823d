/**
 * What each invitation says to the one person it goes to: the professional's copy without the names
 * (calendar) or the answer link, the family's letter in easy read or their language, who a companion
 * comes with and which child an advocate speaks for (number and age, never a name), and the personal
 * pages a professional is given.
 */
import type { CompanionInviteInput, CompanionKind } from '../../content/templates/companion-invite.ts';
import type { CoreGroupCompanion } from '../../content/templates/core-group-invite.ts';
import type { PlanReminderAudience } from '../../content/templates/plan-notices.ts';
import { familyInvite, type FamilyInviteInput, type PlainMeetingInput } from '../../content/templates/family-invite.ts';
import type { ProfessionalInviteInput } from '../../content/templates/professional-invite.ts';
import { childNumber } from '../../content/labels.ts';
import { wantsEasyRead } from '../../content/templates/easy-read.ts';
import { easyReadInvite } from '../../content/templates/easy-read-invite.ts';
import { inReviewedTranslation } from '../../content/templates/translated-letter.ts';
import { ageOn } from '../../domain/tasks.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import { childrenFor, effectiveAttendee, isCompanion } from '../../domain/disclosure.ts';
import type { InvitedAlready } from '../../content/templates/family-invited.ts';
import { isChildsAdvocate } from '../../domain/family-slots.ts';
import type { Conference } from '../../domain/conference.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import type { AppDeps } from '../deps.ts';
import { personalLink } from '../credentials/links.ts';
import { languageName } from '../../domain/language-name.ts';

export function withoutNames(input: ProfessionalInviteInput): ProfessionalInviteInput {
  const { whoItIsAbout: _names, namesOnPageOnly: _pageOnly, ...rest } = input;
  return rest;
}

export function withoutRsvp<T extends PlainMeetingInput>(input: T): T {
  const { rsvpUrl: _link, ...rest } = input;
  return rest as T;
}

/** The calendar's copy: no personal link, and no child's name (an entry is shared with delegates and phones). */
export const withoutLink = (input: FamilyInviteInput): FamilyInviteInput => {
  const { childNames: _names, invitedChildNames: _invited, ...rest } = withoutRsvp(input);
  return { ...rest, linksInEmailOnly: true };
};

/**
 * The invitation someone who comes with the family gets (the disclosure table says who does), or
 * none for everyone else: a supporter (a solicitor too), a child's or a parent's advocate, an interpreter.
 */
export function companionKindOf(a: Attendee): CompanionKind | undefined {
  if (!isCompanion(a)) return undefined;
  if (a.role === 'interpreter') return 'interpreter';
  if (isChildsAdvocate(a)) return 'childs-advocate';
  return a.role === 'advocate' ? 'parents-advocate' : 'supporter';
}

/**
 * Who someone who comes with a family member is, for what is written to them: their kind, whom they
 * come with (by role) and an interpreter's language; undefined for everyone else.
 */
export function companionOf(c: Conference, a: Attendee): CoreGroupCompanion | undefined {
  const kind = companionKindOf(a);
  if (!kind) return undefined;
  return { kind, ...comesWith(c, a), ...(kind === 'interpreter' ? interpreterLanguage(c, a) : {}) };
}

/** Whom a plan action's reminder is written for: its owner's kind (a companion as who they are). */
export function planReminderAudience(c: Conference, owner: Attendee, family: boolean): PlanReminderAudience {
  const companion = companionOf(c, owner);
  if (companion) return { audience: 'companion', companion };
  return { audience: family ? 'family' : 'professional' };
}

/**
 * Whom a letter to this attendee is written for: whoever comes with the family (companionKindOf: an
 * interpreter too) in their own words, a parent, carer or child in the family's, everyone else as a
 * professional. Cancellations, core group invitations and notices all ask here.
 */
export function letterAudience(a: Attendee): 'companion' | 'family' | 'professional' {
  if (companionKindOf(a)) return 'companion';
  return FAMILY_ROLES.has(a.role) ? 'family' : 'professional';
}

/**
 * What someone who comes with a family member is told of a core group: the companion's invitation
 * (kind, whom they come with by role, an interpreter's language); `not-theirs` when the parent or
 * carer they come with is not in this core group (never more than that person gets); undefined for
 * everyone else (family and professionals).
 */
export function coreGroupCompanion(
  c: Conference,
  /** The core group's members (attendee ids). */
  members: readonly string[],
  a: Attendee,
): CoreGroupCompanion | 'not-theirs' | undefined {
  const companion = companionOf(c, a);
  if (!companion) return undefined;
  const person = effectiveAttendee(c, a);
  if (person.id !== a.id && !members.includes(person.id)) return 'not-theirs';
  return companion;
}

/**
 * The language an interpreter interprets: their own record's, else that of the parent or carer they
 * come with (British Sign Language for one who asked for a BSL interpreter). Never a name.
 */
export function interpreterLanguage(c: Conference, a: Attendee): Pick<CompanionInviteInput, 'language'> {
  const person = effectiveAttendee(c, a);
  const theirs = person.id === a.id ? undefined : person;
  const given = a.language ?? theirs?.language;
  const language = given
    ? languageName(given)
    : theirs?.accessibilityNeeds.includes('bsl')
      ? 'British Sign Language'
      : undefined;
  return language ? { language } : {};
}

/** Who a supporter, advocate or interpreter comes with, by role only: a parent's name is not theirs to be told. */
export function comesWith(c: Conference, a: Attendee): Pick<CompanionInviteInput, 'comesWith'> {
  const p = a.accompanies ? c.attendees.find((x) => x.id === a.accompanies) : undefined;
  return p?.role === 'carer' ? { comesWith: 'a carer' } : p?.role === 'parent' ? { comesWith: 'a parent' } : {};
}

/**
 * A parent's or carer's invitation: in easy read where they asked for it, and in their language first
 * where the policy has a reviewed translation (translated-letter.ts); otherwise in English only.
 */
export const familyLetter = (input: FamilyInviteInput) =>
  inReviewedTranslation(wantsEasyRead(input.recipient) ? easyReadInvite(input) : familyInvite(input), {
    policy: input.policy,
    reference: input.reference,
    letter: 'invitation',
    language: input.recipient.language,
    at: input.parentsJoinAt ?? input.professionalsJoinAt,
    updated: Boolean(input.updated || input.arrangementsUpdated),
    largePrint: input.recipient.accessibilityNeeds.includes('large-print'),
  });

/** "Child 1, aged 13" for each child a child's advocate speaks for: the papers' number and age, never a name. */
export function advocateSupports(c: Conference, childIds: readonly string[], meetingOn: string): string[] {
  return c.children
    .filter((ch) => childIds.includes(ch.id))
    .map((ch) => {
      const age = ageOn(ch, meetingOn);
      return `${childNumber(c, ch.id)}${age !== undefined ? `, aged ${age}` : ''}`;
    });
}

/** A professional's personal pages: their answer, their report upload, and the chair's page and checklist. */
export function personalLinksFor(deps: AppDeps, c: Conference, a: Attendee): { label: string; href: string }[] {
  const links = [{ label: 'Say whether you will attend', href: personalLink(deps, c, a.id, 'rsvp') }];
  if (c.reports[a.id]) links.push({ label: 'Upload your report', href: personalLink(deps, c, a.id, 'report') });
  if (a.role === 'chair') {
    links.push({ label: 'Chair’s page: views, decision and approval', href: personalLink(deps, c, a.id, 'chair') });
    // The Teams card carries the checklist only for a chair the bot can reach (trial finding: a chair
    // without Teams had no checklist link in a Teams meeting's invitation).
    if (c.meetingProvider !== 'teams' || c.mode === 'in-person' || !a.teamsUserId)
      links.push({ label: 'Pre-meeting checklist with the parents', href: personalLink(deps, c, a.id, 'checklist') });
  }
  return links;
}

export function oldestChildAge(c: Conference, today: string): number | undefined {
  const ages = c.children
    .filter((ch) => ch.dateOfBirth)
    .map((ch) => Math.floor((Date.parse(today) - Date.parse(ch.dateOfBirth!)) / (365.25 * 86400_000)));
  return ages.length ? Math.max(...ages) : undefined;
}

/** This parent's own children in the letter's words: a first name, "your baby" for one not born, else "child 2". */
export function childNamesFor(c: Conference, a: Attendee): string[] {
  return childrenFor(c, a).map((id, i) => {
    const ch = c.children.find((x) => x.id === id);
    return ch?.unborn && !ch.bornOn ? 'your baby' : (ch?.firstName ?? `child ${i + 1}`);
  });
}

/**
 * Who of this parent's side is already invited (a companion's: the parent's they come with): their
 * children invited to come as child attendees (one child with no `childIds` is the only child), in the
 * letter's words, their own solicitor and their own supporter.
 */
export function invitedAlready(c: Conference, a: Attendee): InvitedAlready {
  const theirs = childrenFor(c, a);
  const coming = new Set(
    c.attendees
      .filter((x) => x.role === 'child')
      .flatMap((x) => x.childIds ?? (c.children.length === 1 ? [c.children[0]!.id] : [])),
  );
  const names = childNamesFor(c, a);
  const invited = theirs.flatMap((id, i) => (coming.has(id) ? [names[i]!] : []));
  const solicitor = c.attendees.some((x) => x.solicitor && x.accompanies === a.id);
  const supporter = c.attendees.some((x) => x.role === 'supporter' && !x.solicitor && x.accompanies === a.id);
  return {
    ...(invited.length ? { childrenInvited: invited.length, invitedChildNames: invited } : {}),
    ...(solicitor ? { solicitorInvited: true } : {}),
    ...(supporter ? { supporterInvited: true } : {}),
  };
}
