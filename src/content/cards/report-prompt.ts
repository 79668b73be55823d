/**
 * A professional's report request, reminder or chaser in Teams chat: paste the report (or send the
 * file in this chat), confirm it was shared with each parent and when, say what was withheld,
 * RSVP, or say "I can't attend" and nominate a deputy. Parents appear by role label, never by name.
 */
import type { RsvpState } from '../../domain/vocabulary.ts';
import { RSVP_LABEL } from '../labels.ts';
import {
  card,
  choiceSet,
  dateInput,
  execute,
  facts,
  showCard,
  subtle,
  text,
  textInput,
  title,
  type AdaptiveCard,
  type Json,
  type CardRecipient,
} from './adaptive.ts';

export type ReportPromptKind = 'request' | 'reminder' | 'last-reminder' | 'overdue';

export interface ReportPromptModel {
  conferenceId: string;
  reference: string;
  kind: ReportPromptKind;
  /** "Health visitor (Health Visiting)". */
  roleLabel: string;
  /** Human date-times (London). */
  dueAt: string;
  conferenceAt: string;
  sections: string[];
  /** Parents and carers the report should be shared with, e.g. `{ id: 'a5', label: 'Parent or carer 1 (a5)' }`. */
  parents: { id: string; label: string }[];
  received: boolean;
  rsvp: RsvpState;
  /** Which children and family the conference is about, for a professional's own card (never its summary). */
  whoItIsAbout?: { children: string[]; family: string[] };
  /** The policy keeps names on the personal link page only. */
  namesOnPageOnly?: boolean;
}

function whoItIsAbout(m: ReportPromptModel): Json[] {
  if (m.namesOnPageOnly)
    return [
      subtle(
        'Names are not sent in chat: your personal page (the link in your email) shows which children and family this conference is about.',
      ),
    ];
  if (!m.whoItIsAbout) return [];
  return [
    facts([
      [m.whoItIsAbout.children.length === 1 ? 'Child' : 'Children', m.whoItIsAbout.children.join('; ')],
      ...(m.whoItIsAbout.family.length
        ? ([['Parents and carers', m.whoItIsAbout.family.join('; ')]] as [string, string][])
        : []),
    ]),
  ];
}

const HEADINGS: Record<ReportPromptKind, string> = {
  request: 'report requested',
  reminder: 'reminder: report due',
  'last-reminder': 'last reminder: report due',
  overdue: 'report overdue',
};

function sharingInputs(m: ReportPromptModel): Json[] {
  return [
    text(
      'Shared with the family: give the date you shared and discussed the report with each parent (leave blank if you have not).',
    ),
    ...m.parents.map((p) => dateInput(`shared-${p.id}`, `Shared with ${p.label} on`)),
    textInput('withheld', 'Anything withheld from the family, and why (leave blank if nothing)', {
      multiline: true,
      maxLength: 2000,
    }),
  ];
}

/** `recipient`: the Teams `29:` id of the person the card is for; Teams refreshes it automatically for them. */
export function reportPromptCard(m: ReportPromptModel, recipient: CardRecipient): AdaptiveCard {
  const data = { conferenceId: m.conferenceId };
  const refresh = { data: { ...data, card: 'report' }, userIds: [recipient] };
  const head = [
    title(`${m.reference}: ${m.received ? 'report received' : HEADINGS[m.kind]}`),
    facts([
      ['Your role', m.roleLabel],
      ['Report due', m.dueAt],
      ['Conference', m.conferenceAt],
      ['Your reply', RSVP_LABEL[m.rsvp]],
    ]),
    ...whoItIsAbout(m),
  ];
  const rsvpAction = showCard('Reply to the invitation', {
    body: [
      choiceSet(
        'rsvp',
        'Will you attend?',
        [
          { title: 'Yes, I will attend', value: 'accepted' },
          { title: 'Maybe', value: 'tentative' },
          { title: 'No, I cannot attend', value: 'declined' },
        ],
        { required: true, style: 'compact' },
      ),
    ],
    actions: [execute('Send my reply', 'rsvp', data)],
  });
  const cantAttend = showCard("I can't attend", {
    body: [
      text('Please nominate a colleague who can attend in your place, and still send your report.'),
      textInput('deputyName', "Your deputy's name", { required: true, maxLength: 120 }),
      textInput('deputyEmail', "Your deputy's email address", { required: true, maxLength: 254, style: 'Email' }),
    ],
    actions: [execute('Nominate my deputy', 'cant-attend', data)],
  });
  if (m.received) {
    return card({
      body: [
        ...head,
        text(
          'Thank you: your report has arrived. You can confirm when it was shared with the family, or send an updated version.',
        ),
      ],
      actions: [
        showCard('Confirm shared with the family', {
          body: sharingInputs(m),
          actions: [execute('Save', 'report-shared', data)],
        }),
        showCard('Send an updated report', {
          body: [
            textInput('report', 'Paste your updated report', { multiline: true, required: true, maxLength: 100_000 }),
          ],
          actions: [execute('Send', 'report-submit', data)],
        }),
        rsvpAction,
        cantAttend,
      ],
      refresh,
    });
  }
  return card({
    body: [
      ...head,
      ...(m.sections.length
        ? [text('The policy expects these sections:'), text(m.sections.map((s) => `- ${s}`).join('\n'))]
        : []),
      text('Share and discuss your report with the family before you send it.'),
      subtle(`To upload a document instead, send it as a file in this chat with ${m.reference} in the message.`),
    ],
    actions: [
      showCard('Paste my report', {
        body: [
          textInput('report', 'Your report', { multiline: true, required: true, maxLength: 100_000 }),
          ...sharingInputs(m),
        ],
        actions: [execute('Send my report', 'report-submit', data, { style: 'positive' })],
      }),
      rsvpAction,
      cantAttend,
    ],
    refresh,
  });
}
