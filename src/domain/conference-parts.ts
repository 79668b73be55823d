/**
 * The parts of a conference that the rule modules (tasks, plan, participation, core groups, held
 * letters) share with the aggregate: dates, the people and the meeting. Here, not in conference.ts,
 * so those modules need not import the aggregate that is made of their own types.
 */
import type { AccessibilityNeed, ContactPreference, MeetingProviderName, Role, RsvpState } from './vocabulary.ts';

/** Calendar dates are `YYYY-MM-DD` (a London date); instants are ISO 8601 with offset. */
export type IsoDate = string;
export type IsoInstant = string;

export interface Child {
  /** Stable id within the conference (`c1`, `c2`, …): used in jobs, cards and links instead of a name. */
  id: string;
  /**
   * The child's identity across conferences (domain/child-record.ts): opaque, minted once, carried
   * to reviews. Absent on conferences created before it (given when their decision is recorded).
   */
  recordId?: string;
  firstName?: string;
  lastName?: string;
  dateOfBirth?: IsoDate;
  unborn: boolean;
  expectedDueDate?: IsoDate;
  /** Recorded when an unborn child is born: pre-birth follow-ups count from here. */
  bornOn?: IsoDate;
}

export interface Attendee {
  /** Stable id within the conference (`a1`, `a2`, …). */
  id: string;
  name: string;
  email?: string;
  role: Role;
  agency?: string;
  managerEmail?: string;
  phone?: string;
  teamsUserId?: string;
  language?: string;
  interpreterNeeded: boolean;
  accessibilityNeeds: AccessibilityNeed[];
  contactPreference: ContactPreference;
  rsvp: RsvpState;
  rsvpAt?: IsoInstant;
  /** A parent's or carer's own time with the chair before professionals join (see family-slots.ts). */
  preMeetingSlot?: { startsAt: IsoInstant };
  /**
   * The parent or carer a supporter, advocate or interpreter comes with: they join that person's
   * pre-meeting slot, never another parent's (separated parents, domestic abuse).
   */
  accompanies?: string;
  /** A supporter who is the parent's or carer's solicitor (see disclosure.ts: the `solicitor` row). */
  solicitor?: boolean;
  /**
   * A parent's or carer's own children (`c1`, …): they receive only these children's decisions
   * (half-siblings with different parents). Absent: every child of the conference (older records).
   */
  childIds?: string[];
  /** Lines as on the envelope, for family members who asked for post (printed in the letter's window). */
  postalAddress?: string[];
  /** A parent's or carer's UK mobile (`+447…`), for text reminders. */
  mobile?: string;
  /** They agreed to text reminders; false again once they reply STOP or the coordinator stops them. */
  textReminders?: boolean;
  /** When and how texts were stopped (`reply`, or who stopped them). */
  textsStopped?: { at: IsoInstant; by: string };
  /**
   * A parent's or carer's number, "parent or carer 2", given when they are added and never changed:
   * removing another parent does not renumber them (a sharing line in an email uses it).
   */
  familyNumber?: number;
}

export interface MeetingDetails {
  provider: MeetingProviderName;
  /** Labelled for users where the provider is the embedded local one. */
  label: string;
  joinUrl?: string;
  dialIn: { number: string; pin: string; region?: string; fallback: boolean }[];
  providerIds: Record<string, string>;
}
