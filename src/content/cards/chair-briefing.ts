/**
 * What the chair sees at the professionals' join time: who has replied, which parents' invitations
 * have not gone (a letter not yet printed counts as not gone), the parents' slot checklist with the
 * chair's notes, whose reports are missing,
 * the attendance register (with a quorum warning once recorded) and the button that opens the
 * round of views. Attendees appear by role, agency and id; family members by role and id only.
 */
import type { TaskKind } from '../../domain/tasks.ts';
import { arrangementFact } from '../labels.ts';
import { checklistFacts, type ChecklistModel } from './checklist.ts';
import {
  card,
  choiceSet,
  container,
  execute,
  facts,
  showCard,
  subtle,
  text,
  title,
  type AdaptiveCard,
  type Choice,
  type CardRecipient,
} from './adaptive.ts';

export interface ChairBriefingModel {
  conferenceId: string;
  reference: string;
  rsvps: { who: string; answer: string }[];
  /** Parents and carers whose invitation has not gone (not sent, failed, a letter not yet printed). */
  invitationsNotGone?: { who: string; why: string }[];
  missingReports: { who: string; status: string; dueAt: string }[];
  /** Reports in but not recorded as shared with every parent or carer, where the policy asks for it. */
  unsharedReports?: { who: string; notSharedWith: string[] }[];
  attendees: Choice[];
  attendance?: { present: string[]; apologies: string[] };
  quorum?: { quorate: boolean; missing: string[] };
  round: 'not-open' | 'open' | 'closed';
  /** The parents' slot checklist: each item ticked or not, with the chair's note (the same lines as the checklist card). */
  checklist?: ChecklistModel['items'];
  /** Interpreters, accessibility needs and advocacy referrals (tasks.ts): what is arranged and what is not yet confirmed. */
  arrangements?: { who: string; what: string; done: boolean; kind?: TaskKind }[];
}

/** `recipient`: the Teams `29:` id of the person the card is for; Teams refreshes it automatically for them. */
export function chairBriefingCard(m: ChairBriefingModel, recipient: CardRecipient): AdaptiveCard {
  const data = { conferenceId: m.conferenceId };
  const q = m.quorum;
  return card({
    body: [
      title(`${m.reference}: professionals are joining`),
      text('Replies to the invitation:', { weight: 'Bolder' }),
      facts(m.rsvps.map((r) => [r.who, r.answer])),
      ...(m.invitationsNotGone?.length
        ? [
            container(
              [
                text('Family members whose invitation has not gone:', { weight: 'Bolder', color: 'Attention' }),
                facts(m.invitationsNotGone.map((g) => [g.who, g.why])),
              ],
              { style: 'attention' },
            ),
          ]
        : []),
      ...(m.arrangements?.length
        ? [
            text('Interpreters, accessibility and advocacy:', { weight: 'Bolder' }),
            facts(m.arrangements.map(arrangementFact)),
          ]
        : []),
      ...(m.checklist?.length
        ? [text("Parents' slot checklist:", { weight: 'Bolder' }), checklistFacts(m.checklist)]
        : []),
      text('Reports:', { weight: 'Bolder' }),
      m.missingReports.length
        ? facts(m.missingReports.map((r) => [r.who, `${r.status}, due ${r.dueAt}`]))
        : text('Every report has arrived.'),
      ...(m.unsharedReports?.length
        ? [
            text('Not recorded as shared with the family:', { weight: 'Bolder' }),
            facts(m.unsharedReports.map((u) => [u.who, `not shared with ${u.notSharedWith.join(', ')}`])),
          ]
        : []),
      ...(m.attendance
        ? [
            text('Attendance recorded:', { weight: 'Bolder' }),
            facts([
              ['Present', m.attendance.present.join(', ') || 'no one'],
              ['Apologies', m.attendance.apologies.join(', ') || 'none'],
            ]),
          ]
        : [subtle('Record the attendance register and apologies below; the bot checks quoracy under the policy.')]),
      ...(q && !q.quorate
        ? [
            container(
              [
                text('Warning: the conference is not quorate under the policy.', {
                  weight: 'Bolder',
                  color: 'Attention',
                }),
                text(`Missing: ${q.missing.join('; ')}`, { color: 'Attention' }),
              ],
              { style: 'attention' },
            ),
          ]
        : q
          ? [text('The conference is quorate.', { color: 'Good' })]
          : []),
    ],
    actions: [
      showCard('Record attendance', {
        body: [
          choiceSet('present', 'Present', m.attendees, { multi: true }),
          choiceSet('apologies', 'Apologies', m.attendees, { multi: true }),
        ],
        actions: [execute('Save the register', 'attendance', data)],
      }),
      ...(m.round === 'not-open'
        ? [execute('Open the round of views', 'open-views', data, { style: 'positive' })]
        : [execute('Show the round of views', 'refresh', { ...data, card: 'round' })]),
    ],
    refresh: { data: { ...data, card: 'briefing' }, userIds: [recipient] },
  });
}
