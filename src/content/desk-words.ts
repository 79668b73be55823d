/**
 * The coordinator dashboard's own words for its forms: what each finished form says on the page it
 * leads to, and how a use-case's warnings are introduced. Channels render these; they do not word them.
 */
import type { InboundQueueItem } from '../domain/conference.ts';

/** What a finished form says, by the `done` of its redirect (an unknown one says nothing). */
export const DESK_DONE: Readonly<Record<string, string>> = {
  rescheduled: 'The conference has a new time: everyone is being sent an updated invitation.',
  postponed: 'The conference is postponed: invitations are withdrawn and reminders stopped.',
  cancelled: 'The conference is cancelled: everyone is being told.',
  created: 'The conference is created: invitations and report requests go out as the timetable says.',
  added: 'Added: they are being sent their invitation (and a report request if they write one).',
  removed: 'Removed: their jobs are withdrawn and their links closed; anyone already invited is told.',
  'address-corrected': 'Corrected: what the mail server refused is being sent to the new address.',
  slots: 'Saved: whoever’s time changed is being sent an updated invitation.',
  'confirmed-review': 'The review is confirmed: invitations and report requests go out as the timetable says.',
  task: 'Recorded as done: the person’s invitation now says it is arranged.',
  told: 'Recorded that the parent was told the decision: a held letter goes now.',
  released: 'The held letter goes now, without the record: it says the chair or their social worker will contact them.',
  escalated: 'Escalated: everyone on the route is being told, and the outcome is due by the date shown.',
  'escalation-resolved': 'Outcome recorded: everyone on the route is being told.',
  printed: 'The letter is marked printed: it now counts as sent.',
  retried: 'The job has been queued again.',
  revoked: 'That attendee’s personal links no longer work.',
  'new-links': 'A new link is on its way to that attendee by email: the links they had before no longer work.',
  'texts-stopped': 'No more text reminders go to that person.',
  'texts-saved': 'Saved: their text reminders are as the form shows.',
  'not-retried': 'That job is no longer failed: nothing to retry.',
  confirmed: 'Filed as the attendee’s report.',
  rejected: 'The message was rejected: nothing was filed.',
  'core-group-booked': 'The core group meeting is booked: its members are being invited.',
};

/** What a done key says, only for the keys above (never text taken from a URL). */
export const deskDone = (key: unknown): string | undefined =>
  typeof key === 'string' && Object.hasOwn(DESK_DONE, key) ? DESK_DONE[key] : undefined;

/** The heading of the warnings a form's use-case gave (kept server-side for one view). */
export const DESK_WARNINGS_HEADING = 'Check:';

/** A letter the coordinator could not mark printed: the page's heading, how its field is named, and what happened. */
export const NOT_PRINTED = {
  heading: 'Not marked printed',
  field: 'Letter',
  nothingChanged: 'Nothing was changed.',
  back: 'Back to the print queue',
  backToConference: (reference: string) => `Back to ${reference}`,
} as const;

/** A new link the coordinator could not send: the page's heading and what happened. */
export const NOT_SENT_NEW_LINKS = {
  heading: 'No new link sent',
  for: (who: string) => `For ${who}:`,
  nothingChanged: 'Nothing was changed: their links work as before.',
  backToConference: (reference: string) => `Back to ${reference}`,
} as const;

/** The search form's own fields: any other one in the address is named in the error, since no field on the form shows it. */
export const SEARCH_FORM_FIELDS: ReadonlySet<string> = new Set([
  'q',
  'state',
  'policy',
  'from',
  'to',
  'sort',
  'page',
  'pageSize',
]);

/** An error about something the form does not show (an unknown field in the address): it says which. */
export const searchFieldError = (field: string, message: string): string =>
  SEARCH_FORM_FIELDS.has(field) ? message : `“${field}” in the address: ${message}`;

/**
 * Unproven mail that seemed to come from someone since removed from the conference: it cannot be
 * filed as their report (no report is expected from them), so the coordinator can only reject it.
 */
/** How a queued message's status reads on the dashboard (the table of mail to confirm and the message's own page). */
export function queuedStatus(item: Pick<InboundQueueItem, 'status' | 'supersededBecause'>): string {
  if (item.status === 'superseded')
    return `No longer needed: ${item.supersededBecause === 'conference-ended' ? 'the conference has ended' : 'their own report has been filed'}`;
  return { pending: 'Waiting for you', confirmed: 'Confirmed as their report', rejected: 'Rejected' }[item.status];
}

export const FROM_REMOVED = {
  who: (attendeeId: string) => `${attendeeId} (removed from the conference)`,
  notice: (attendeeId: string, reference: string) =>
    `This message seemed to come from ${attendeeId}, who has since been removed from ${reference}. It cannot be filed as their report: you can only reject it.`,
  refused: (itemId: string, attendeeId: string, reference: string) =>
    `Message ${itemId} seemed to come from ${attendeeId}, who has since been removed from ${reference}: it cannot be filed as their report, only rejected. Nothing was changed.`,
} as const;

/** The minutes page on the dashboard (dashboard/minutes-routes.ts). */
export const MINUTES_DESK = {
  none: 'There are no minutes yet: the chair or the minute taker writes them from the link in their email.',
  onlyChair:
    'Only the chair corrects approved minutes: from the link in their minutes email, or signed in to the dashboard as themselves. A coordinator acting on the chair’s word names the chair in "by" through the API.',
  corrected: 'Correction saved. Approve it below when it is ready: only then does it go out.',
  approved: 'Approved. Everyone who had the minutes gets the corrected copy now.',
} as const;
