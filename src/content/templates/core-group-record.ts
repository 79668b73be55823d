/**
 * A core group's record for its members: who came, progress on each plan action, the scaling
 * against each danger statement and safety goal (under the policy's headings), and the notes. The
 * family's copy (`full: false`) leaves out the confidential notes. Reference only in the subject.
 */
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { CoreGroupMeeting } from '../../domain/core-groups.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { longDate } from '../format.ts';
import { roleLabel } from '../words.ts';
import { footer, heading, list, notice, p, type Block } from './layout.ts';
import { renderLetter, type RenderedLetter } from './letter-text.ts';

const STATUS: Record<string, string> = {
  open: 'not started',
  'in-progress': 'in progress',
  done: 'done',
  dropped: 'no longer needed',
};

export function coreGroupRecordText(input: {
  c: Conference;
  g: CoreGroupMeeting;
  policy: Policy;
  full: boolean;
  label: (a: Attendee) => string;
}): RenderedLetter {
  const { c, g, policy, full } = input;
  const r = g.record!;
  const who = (ids: readonly string[]) =>
    ids
      .map((id) => c.attendees.find((a) => a.id === id))
      .filter((a): a is Attendee => Boolean(a))
      .map((a) => roleLabel(a.role, a.agency));
  const plan = c.decision?.plan ?? [];
  const sos = c.decision?.signsOfSafety;
  const heads = new Map(policy.plan.sections.map((s) => [s.section, s.heading]));
  const targets = [
    ...(sos?.dangerStatements ?? []).map((d) => ({ ...d, section: 'danger-statements' as const })),
    ...(sos?.safetyGoals ?? []).map((x) => ({ ...x, section: 'safety-goals' as const })),
  ];
  const blocks: Block[] = [
    p(`The record of the core group held on ${longDate(g.startsAt)}.`),
    heading('Who came'),
    list(who(r.present)),
    ...(r.apologies.length ? [p(`Apologies: ${who(r.apologies).join(', ')}.`)] : []),
    ...(r.progress.length
      ? [
          heading('Progress on the plan'),
          list(
            r.progress.map(
              (x) =>
                `${plan.find((row) => row.id === x.actionId)?.task ?? x.actionId}: ${STATUS[x.status] ?? x.status}${x.note ? `. ${x.note}` : ''}`,
            ),
          ),
        ]
      : []),
    ...(r.scaling.length
      ? [
          heading('Scaling'),
          list(
            r.scaling.map((s) => {
              const t = targets.find((x) => x.id === s.target);
              return `${t ? `${heads.get(t.section)}: ${t.text}` : s.target}: ${s.score} out of 10`;
            }),
          ),
        ]
      : []),
    heading('Notes'),
    p(r.notes),
    ...(full && r.confidentialNotes
      ? [heading('Confidential: not shared with the family'), notice(r.confidentialNotes)]
      : []),
  ];
  return renderLetter({
    subject: full
      ? `${c.reference}: core group record, ${longDate(g.startsAt)}`
      : `Core group record (reference ${c.reference})`,
    preview: `Reference ${c.reference}: the record of the core group on ${longDate(g.startsAt)}.`,
    blocks,
    footer: footer(policy, c.reference, 'family'),
  });
}
