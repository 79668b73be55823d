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
};

/** How each field of the attendees page's forms reads (by the field's id), so an error says which field it is about. */
export const PEOPLE_FIELD_LABEL: Readonly<Record<string, string>> = {
  'add-name': 'Name',
  'add-role': 'Role',
  'add-email': 'Email',
  'add-agency': 'Agency',
  'add-managerEmail': 'Manager’s email',
  'add-contactPreference': 'How to contact them',
  'add-postalAddress': 'Postal address',
  'add-requestedBy': 'Who asked for it',
  'add-accompanies': 'Who they come with',
  'add-childIds': 'Children',
  'remove-attendeeId': 'Who',
  'remove-reason': 'Reason',
  'remove-requestedBy': 'Who asked for it',
  'slots-by': 'Who asked for these times',
  'confirm-startsAt': 'Another date and time',
  'confirm-attendees': 'Parents’ times',
  'confirm-lateReason': 'Why the review is late',
  'confirm-by': 'Who asked for it',
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
