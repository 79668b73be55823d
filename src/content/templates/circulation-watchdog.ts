/**
 * The watchdog's alert to the chair and coordinator as a circulation deadline (decision, minutes or
 * record bundle) approaches or passes with copies still to go. Subjects carry the reference only.
 */
import type { OutstandingDelivery } from '../../domain/deliveries.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { dateAndTime, shortDate, time } from '../format.ts';
import { footer, heading, link, list, notice, p, renderEmail, type RenderedEmail } from './layout.ts';
import { roleLabel } from '../words.ts';

export interface WatchdogInput {
  reference: string;
  policy: Policy;
  dueAt: string;
  approved: boolean;
  decidedAt?: string;
  outstanding: readonly OutstandingDelivery[];
  viewUrl: string;
  /** The deadline has passed (the second alert), rather than approaching. */
  missed?: boolean;
  /** What is being circulated. @defaultValue 'decision' */
  document?: WatchedDocument;
  /**
   * The chair's own page to approve it on (their chair's page, or their minutes page): an alert
   * before approval goes to the chair alone, who has no API key (trial finding: it said "the API:
   * POST /api/conferences/<id>/minutes").
   */
  chairUrl?: string;
}

export type WatchedDocument = 'decision' | 'minutes' | 'record-bundle';

/** How each watched document is named in an alert, and how the chair approves it. */
const WATCHED: Record<
  WatchedDocument,
  { the: string; name: string; approve: string; page: string; recorded: (at?: string) => string }
> = {
  decision: {
    the: 'the decision',
    name: 'decision',
    approve:
      'Please check the decision letter and approve it (Teams card, web page or the API: POST /api/conferences/<id>/decision/approve).',
    page: 'Please check the decision and approve it on your chair’s page (or the Teams card):',
    recorded: (at) =>
      `The decision${at ? ` recorded at ${dateAndTime(at)}` : ''} has not been approved, so nothing has been sent.`,
  },
  minutes: {
    the: 'the minutes',
    name: 'minutes',
    approve:
      'Please finish the minutes and approve them (the API: POST /api/conferences/<id>/minutes, then POST /api/conferences/<id>/minutes/approve; or start from the draft, POST /api/conferences/<id>/minutes/draft).',
    page: 'Please finish the minutes and approve them on your minutes page (you can start from a draft built from the record there):',
    recorded: () => 'The minutes have not been approved by the chair, so nothing has been sent.',
  },
  'record-bundle': {
    the: 'the record bundle',
    name: 'record bundle',
    approve:
      'The bundle goes once the chair approves the minutes (the API: POST /api/conferences/<id>/minutes, then POST /api/conferences/<id>/minutes/approve; or start from the draft, POST /api/conferences/<id>/minutes/draft).',
    page: 'The bundle goes once you approve the minutes: finish and approve them on your minutes page (you can start from a draft built from the record there):',
    recorded: () =>
      'The minutes have not been approved by the chair, so the record bundle (minutes, social work and agency reports) has not been sent.',
  },
};

export function watchdogAlert(input: WatchdogInput): RenderedEmail {
  const { reference, policy } = input;
  const w = WATCHED[input.document ?? 'decision'];
  const due = `${shortDate(input.dueAt)} ${time(input.dueAt)}`;
  const circulation = input.document && input.document !== 'decision' ? `${w.name} circulation` : 'circulation';
  if (!input.approved) {
    const notYet =
      input.document === 'record-bundle'
        ? 'minutes not yet approved for the record bundle'
        : `${w.name} not yet approved`;
    return renderEmail({
      subject: input.missed
        ? `${reference}: ${circulation} deadline missed, ${input.document === 'record-bundle' ? 'minutes' : w.name} still not approved (was due ${due})`
        : `${reference}: ${notYet} (${circulation} due ${due})`,
      preview: input.missed
        ? `${reference}: nothing has been sent and the deadline of ${due} has passed.`
        : `${reference}: nothing has been sent; ${w.the} must reach everyone by ${due}.`,
      blocks: [
        notice(w.recorded(input.decidedAt)),
        p(
          input.missed
            ? `Under the ${policy.shortName} policy everyone who must know should have had it by ${dateAndTime(input.dueAt)}: that deadline has passed. Record the reason on the child's file.`
            : `Under the ${policy.shortName} policy everyone who must know should have it by ${dateAndTime(input.dueAt)}.`,
        ),
        ...(input.chairUrl
          ? [
              p(w.page),
              link(input.document === 'decision' || !input.document ? 'Chair’s page' : 'Minutes', input.chairUrl),
            ]
          : [p(w.approve), p(`Conference: ${input.viewUrl}`)]),
      ],
      footer: footer(policy, reference),
    });
  }
  // A letter held on purpose until someone tells the parent is listed apart: it is not late.
  const held = input.outstanding.filter((o) => o.status === 'held');
  const outstanding = input.outstanding.filter((o) => o.status !== 'held');
  const lines = outstanding.map((o) => {
    const why = o.reason ? `: ${o.reason}` : '';
    // A posted letter has gone only once printed: its reason says so, with the date to post it by.
    return `${roleLabel(o.role, o.agency)} [${o.recipient}, ${o.channel}]: ${o.status === 'waiting-to-print' && o.reason ? o.reason : `${o.status}${why}`}`;
  });
  const heldLines = held.map(
    (o) => `${roleLabel(o.role, o.agency)} [${o.recipient}, ${o.channel}]: held${o.reason ? `, ${o.reason}` : ''}`,
  );
  const toPrint = input.outstanding.some((o) => o.status === 'waiting-to-print');
  const approvedThing = input.document && input.document !== 'decision' ? `approved ${w.name}` : 'approved decision';
  return renderEmail({
    subject: input.missed
      ? `${reference}: ${circulation} deadline missed (was due ${due})`
      : `${reference}: ${w.name} circulation at risk (due ${due})`,
    preview: input.missed
      ? `${reference}: ${outstanding.length} recipient(s) still had not received ${w.the} at the deadline, ${due}.`
      : `${reference}: ${outstanding.length} recipient(s) have not received ${w.the}; due ${due}.`,
    blocks: [
      notice(
        input.missed
          ? `The deadline of ${dateAndTime(input.dueAt)} has passed and ${outstanding.length} recipient(s) still have not received the ${approvedThing}. Record the reason on the child's file.`
          : `${outstanding.length} recipient(s) have not yet received the ${approvedThing}. It is due with everyone by ${dateAndTime(input.dueAt)}.`,
      ),
      heading('Outstanding'),
      list(lines),
      ...(heldLines.length
        ? [
            heading('Held until someone records telling them'),
            p(
              "These letters wait on purpose, however long it takes, and are not late for this deadline: record on the chair's page or the conference's page that they were told, and each goes then.",
            ),
            list(heldLines),
          ]
        : []),
      p(
        'Failed sends are retried automatically. If a failure persists, check the address with the agency, or retry the job from the failed-jobs list.',
      ),
      ...(toPrint
        ? [
            p(
              'A letter by post counts as sent only once it is marked printed: print and post it, then mark it printed on the dashboard (or POST <the letter address>/printed).',
            ),
          ]
        : []),
      p(`Conference: ${input.viewUrl}`),
    ],
    footer: footer(policy, reference),
  });
}
