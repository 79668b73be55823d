/**
 * The dashboard's conference forms in words: how each field and choice reads, so the form and the
 * error that names a field say it the same way (create a conference; the attendees page).
 */
import type { ContactPreference, MeetingMode } from '../domain/vocabulary.ts';

export const MODE_LABEL: Readonly<Record<MeetingMode, string>> = {
  virtual: 'Online',
  blended: 'Blended (some in the room, some online)',
  'in-person': 'In person',
};
export const CONTACT_LABEL: Readonly<Record<ContactPreference, string>> = {
  email: 'By email',
  post: 'By post (a letter to print)',
  'via-social-worker': 'Through the social worker',
};
/** Asked by every form that records who wanted a change (reschedule, postpone, cancel, add, remove, confirm). */
export const REQUESTED_BY = { label: 'Who asked for it', hint: 'Their name or role, for the record.' } as const;
/** How each field of the create form reads, so an error says which field it is about. */
export const CREATE_FIELD_LABEL: Readonly<Record<string, string>> = {
  policy: 'Policy',
  kind: 'Kind of conference',
  startsAt: 'Date and time (London)',
  durationMinutes: 'Length in minutes',
  strategyDiscussionOn: 'Date of the strategy discussion',
  notifiedOn: 'Date the other authority told us',
  mode: 'How people meet',
  venue: 'Venue',
  children: 'Children',
  attendees: 'Attendees',
  firstName: 'first name',
  lastName: 'last name',
  dateOfBirth: 'date of birth',
  expectedDueDate: 'expected due date',
  name: 'name',
  role: 'role',
  email: 'email',
  agency: 'agency',
  managerEmail: 'manager’s email',
  contactPreference: 'how to contact them',
  postalAddress: 'postal address',
  language: 'language',
  interpreterNeeded: 'interpreter',
  accompanies: 'who they come with',
  childIds: 'which child they are',
};

/** One person's fields, as the new conference's rows and the attendees page's "add" form label them. */
export const ATTENDEE_FIELD_LABEL = {
  name: 'Name',
  role: 'Role',
  email: 'Email',
  agency: 'Agency',
  managerEmail: 'Manager’s email',
  contactPreference: 'How to contact them',
  postalAddress: 'Postal address',
  language: 'Language',
  interpreterNeeded: 'Interpreter',
  accompanies: 'Who they come with',
  childIds: 'Which child they are',
} as const;

/** The hints of the language, interpreter and "comes with" fields (a family member's needs, a companion's link). */
export const ATTENDEE_FIELD_HINT = {
  language: 'The language they read and speak, if not English (e.g. Romanian).',
  interpreterNeeded: 'They need an interpreter at the meeting (a booking task is made for you).',
  accompanies:
    'For a supporter, interpreter or advocate who comes with a parent or carer: that parent or carer. Leave empty for anyone else.',
  childIds:
    'For a child who attends: which of the children they are (needed when there is more than one child). Leave empty for anyone else.',
} as const;

/** The attendees page's "remove" form. */
export const REMOVE_FIELD_LABEL = { attendeeId: 'Who', reason: 'Reason' } as const;

/** How each field of the attendees page's forms reads (by the field's id), so an error says which field it is about. */
export const PEOPLE_FIELD_LABEL: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(ATTENDEE_FIELD_LABEL).map(([k, v]) => [`add-${k}`, v])),
  'add-requestedBy': REQUESTED_BY.label,
  'remove-attendeeId': REMOVE_FIELD_LABEL.attendeeId,
  'remove-reason': REMOVE_FIELD_LABEL.reason,
  'remove-requestedBy': REQUESTED_BY.label,
  'address-attendeeId': 'Whose address',
  'address-email': 'Their email address',
  'address-managerEmail': 'Their manager’s email address',
  'address-requestedBy': REQUESTED_BY.label,
  'slots-by': 'Who asked for these times',
  'confirm-startsAt': 'Another date and time',
  'confirm-attendees': 'Parents’ times',
  'confirm-lateReason': 'Why the review is late',
  'confirm-by': REQUESTED_BY.label,
};

/** The dashboard's core group booking form (dashboard/core-group-booking.ts): its fields as an error names them. */
export const CORE_GROUP_FIELD_LABEL: Readonly<Record<string, string>> = {
  startsAt: 'Date and time (London)',
  durationMinutes: 'Length in minutes',
  mode: 'How people meet',
  venue: 'Venue',
  chairAttendeeId: 'Chair of the core group',
  members: 'Members',
};
export const CORE_GROUP_FORM = {
  heading: 'Book a core group meeting',
  intro:
    'Every member of the core group is invited by their own contact preference, with the video link and dial-in where it meets online, and reminded as for the conference.',
  startsHint: 'For example 2027-02-01T14:00.',
  venueHint: 'Where it meets in person (leave empty when it meets online).',
  chairHint: 'Some policies do not let the allocated social worker chair it.',
  button: 'Book and invite',
} as const;

/** The hint under a conference's start, wherever it is set (create, reschedule). */
export const STARTS_AT_HINT = 'When the conference starts; the parents’ and professionals’ times follow the policy.';

/** A form's words: its heading, the hint under it, and its button. */
export interface FormWords {
  heading: string;
  hint: string;
  button: string;
}

export type ConferenceChange = 'reschedule' | 'postpone' | 'cancel';
/** The conference's change page: one form per change. */
export const CHANGE_FORM: Readonly<Record<ConferenceChange, FormWords>> = {
  reschedule: {
    heading: 'Move it to a new date and time',
    hint: 'Everyone gets an updated invitation; reminders move with it and answers are asked for again.',
    button: 'Reschedule the conference',
  },
  postpone: {
    heading: 'Postpone it until a new date is set',
    hint: 'Invitations are withdrawn and every reminder stops until you set a new date.',
    button: 'Postpone the conference',
  },
  cancel: {
    heading: 'Cancel it',
    hint: 'Everyone is told it is cancelled and every personal link closes. This cannot be undone.',
    button: 'Cancel the conference',
  },
};

/** The create form: its sections, the hints under its fields, and its button. */
export const CREATE_FORM = {
  conferenceHeading: 'The conference',
  childrenHeading: 'Children',
  childrenHint: 'Leave a row empty if there are fewer children.',
  attendeesHeading: 'Attendees',
  attendeesHint:
    'Exactly one chair. Leave a row empty if there are fewer people; add more later from the conference’s page.',
  policyHint: 'The local policy decides the timetable, how people meet and what is asked of them.',
  durationHint: 'Between 30 and 480. Usually 120.',
  strategyDiscussionHint: 'For an initial conference: the 15-working-day limit counts from it.',
  notifiedHint: 'Only for a transfer-in conference.',
  venueHint: 'Needed when anyone meets in the room.',
  choosePolicyButton: 'Continue',
  button: 'Create the conference',
} as const;

/** The attendees page's forms. */
/** On the attendees page: where a lost or forwarded personal link is replaced (not a form of this page). */
export const NEW_LINK_POINTER = {
  before: 'Someone lost their email or forwarded their link? Use “Send a new link” beside them in the',
  link: 'attendees table',
  after: 'of the conference page: their old links stop working and they are emailed new ones.',
} as const;

export const PEOPLE_FORM = {
  add: {
    heading: 'Add someone',
    hint: 'They get their own invitation and, if they write a report, their own request and reminders. Nobody else is sent anything.',
    button: 'Add them',
  },
  remove: {
    heading: 'Remove someone',
    hint: 'Their reminders stop and their personal links close. Anyone already invited is sent a cancellation; the reason stays in the audit trail, not in their letter.',
    button: 'Remove them',
  },
  address: {
    heading: 'Correct an email address',
    hint: 'For an address the mail server refused (Today’s work says whose). What it refused is sent again to the corrected address, once; links sent to the old address stop working.',
    button: 'Correct the address',
  },
  slots: {
    heading: 'Parents’ own times with the chair',
    hint: (parentsJoin: string) =>
      `Parents join at ${parentsJoin} unless they have their own time. Leave a time empty to keep them in the shared parents’ time. Only those whose time changes are sent an updated invitation.`,
    button: 'Save the parents’ times',
  },
  confirm: {
    heading: 'Confirm this drafted review',
    hint: (drafted: string) =>
      `Until it is confirmed nobody is invited. It is drafted for ${drafted}: leave the time empty to keep it.`,
    button: 'Confirm the review',
  },
} as const satisfies Record<string, { heading: string; hint: string | ((x: string) => string); button: string }>;
