/**
 * A first draft of the minutes from what the bot already holds: attendance and apologies, the
 * reports received, each child's views and decision, the plan, the core group, the policy's mapping
 * headings to write up, a section for each part someone was asked to leave, and the confidential
 * notes. What the family may not read starts out confidential (another parent's view, the child's
 * own words, the confidential notes), by the disclosure table's parent row; the chair edits and
 * approves it. Roles, never names, stand for the people present.
 */
import { longDate } from '../../content/format.ts';
import { CATEGORY_LABEL, RECOMMENDATION_LABEL, childInLetter } from '../../content/labels.ts';
import { reportSections, roleLabel } from '../../content/words.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { PlanRow } from '../../domain/plan.ts';
import type { Conference, Dissent, View } from '../../domain/conference.ts';
import { mayReceive } from '../../domain/disclosure.ts';
import { EXCLUDED_PART_PREFIX, TO_BE_WRITTEN, type SectionText } from '../../domain/minutes.ts';
import { OVERRIDE_LABEL } from '../../content/words.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { REPORTING_ROLES } from '../../domain/vocabulary.ts';
import { viewArtefact } from '../../domain/views.ts';

export interface DraftSection extends SectionText {
  confidential: boolean;
  childIds?: string[];
}

const TO_WRITE = TO_BE_WRITTEN;
const label = (c: Conference, id: string | undefined) => {
  const a = c.attendees.find((x) => x.id === id);
  return a ? roleLabel(a.role, a.agency) : 'Someone no longer on the attendee list';
};

function viewLine(c: Conference, v: View, text = v.rationale): string {
  const who = v.childsVoice
    ? `The child's own view (${v.childsVoice.via.replace('-', ' ')})`
    : v.onBehalfOfFamily
      ? "The family's view"
      : label(c, v.attendeeId);
  const rec = v.recommendation ? `${RECOMMENDATION_LABEL[v.recommendation]}` : 'no recommendation';
  const cats = v.categories.length ? `, ${v.categories.map((x) => CATEGORY_LABEL[x]).join(' and ')}` : '';
  const scale = v.scale !== undefined ? `, scale ${v.scale}/10` : '';
  return `- ${who}: ${rec}${cats}${scale}. ${text.trim()}`;
}

function attendance(c: Conference): DraftSection {
  const att = c.attendance;
  const people = c.attendees.filter((a) => a.role !== 'child');
  if (!att)
    return {
      heading: 'Attendance and apologies',
      text: `Attendance was not recorded. Invited: ${people.map((a) => roleLabel(a.role, a.agency)).join('; ')}.`,
      confidential: false,
    };
  const list = (ids: readonly string[]) => (ids.length ? ids.map((id) => label(c, id)).join('; ') : 'none');
  const absent = people.filter((a) => !att.present.includes(a.id) && !att.apologies.includes(a.id)).map((a) => a.id);
  return {
    heading: 'Attendance and apologies',
    text: `Present: ${list(att.present)}.\nApologies: ${list(att.apologies)}.\nNot present: ${list(absent)}.`,
    confidential: false,
  };
}

function reports(c: Conference): DraftSection {
  const lines = c.attendees
    .filter((a) => REPORTING_ROLES.has(a.role))
    .map((a: Attendee) => {
      const r = c.reports[a.id];
      const got = r?.status === 'received' && r.receivedAt;
      return `- ${roleLabel(a.role, a.agency)}: ${got ? `received ${longDate(r.receivedAt!)}${r.submissions.at(-1)?.late ? ' (after the deadline)' : ''}` : 'not received'}`;
    });
  return { heading: 'Reports received', text: lines.join('\n') || 'No reports were asked for.', confidential: false };
}

function planText(rows: readonly PlanRow[]): string {
  return rows
    .map((r) => `- ${r.task} (risk: ${r.risk}; by: ${r.byWhom}; when: ${r.timescale}; outcome: ${r.plannedOutcome})`)
    .join('\n');
}

function perChild(c: Conference, policy: Policy): DraftSection[] {
  const d = c.decision!;
  return c.children.flatMap((ch) => {
    const o = d.outcomes.find((x) => x.childId === ch.id);
    const views = c.views.filter((v) => v.childId === ch.id);
    const open: string[] = [];
    const kept: string[] = [];
    for (const v of views) {
      const kind = viewArtefact(v, c.attendees);
      if (mayReceive(kind, 'parent', policy)) open.push(viewLine(c, v));
      else {
        kept.push(viewLine(c, v));
        if (kind === 'child-view' && v.mayShare?.trim() && mayReceive('child-view-shared', 'parent', policy))
          open.push(viewLine(c, v, v.mayShare));
      }
    }
    // A disagreement says what its author recommended: it goes where their view goes, so one parent's
    // (another parent may not read it) is kept with the views not shared with the family.
    const dissentLine = (x: Dissent) =>
      `- ${x.onBehalfOfFamily ? 'The family' : label(c, x.attendeeId)} disagreed${x.recommendation ? ` (${RECOMMENDATION_LABEL[x.recommendation]})` : ''}; route: ${x.escalationRoute}`;
    const dissent: string[] = [];
    const keptDissent: string[] = [];
    for (const x of d.dissent.filter((y) => y.childId === ch.id))
      (mayReceive(viewArtefact(x, c.attendees), 'parent', policy) ? dissent : keptDissent).push(dissentLine(x));
    const decision = o
      ? `Decision: ${RECOMMENDATION_LABEL[o.outcome]}${o.categories.length ? ` under the category of ${o.categories.map((x) => CATEGORY_LABEL[x]).join(' and ')}` : ''}${o.scale !== undefined ? `; the chair's scale ${o.scale}/10` : ''}.\nReasons: ${o.rationale.trim()}`
      : 'No decision was recorded for this child.';
    // The minutes go by email: the child by name only where the policy sends names (caseNames).
    const name = childInLetter(c, ch, mayReceive('case-identity', 'social-worker', policy));
    const out: DraftSection[] = [
      {
        heading: `${name}: views and decision`,
        text: [
          `Views:`,
          ...(open.length ? open : ['- none recorded']),
          '',
          decision,
          ...(dissent.length ? ['', 'Disagreement recorded:', ...dissent] : []),
        ].join('\n'),
        confidential: false,
        childIds: [ch.id],
      },
    ];
    if (kept.length || keptDissent.length)
      out.push({
        heading: `${name}: views not shared with the family`,
        text: [
          ...kept,
          ...(keptDissent.length ? [...(kept.length ? [''] : []), 'Disagreement recorded:', ...keptDissent] : []),
        ].join('\n'),
        confidential: true,
        childIds: [ch.id],
      });
    return out;
  });
}

function plan(c: Conference): DraftSection[] {
  const rows = c.decision!.plan;
  const groups = new Map<string, PlanRow[]>();
  for (const r of rows)
    groups.set((r.childIds ?? []).join(','), [...(groups.get((r.childIds ?? []).join(',')) ?? []), r]);
  return [...groups.entries()].map(([key, rs]) => {
    const ids = key ? key.split(',') : undefined;
    const which = ids
      ? `: actions for ${ids.map((id) => `Child ${c.children.findIndex((ch) => ch.id === id) + 1}`).join(' and ')}`
      : '';
    return { heading: `The plan${which}`, text: planText(rs), confidential: false, ...(ids ? { childIds: ids } : {}) };
  });
}

export function draftSections(c: Conference, policy: Policy): DraftSection[] {
  const d = c.decision!;
  // The report headings of this conference's kind (a review's replace the initial ones, never both).
  const mapping = reportSections(policy, c.kind);
  const exclusions = [...new Map((c.exclusions ?? []).map((e) => [e.part, e])).values()];
  return [
    attendance(c),
    reports(c),
    ...mapping.map((h) => ({ heading: h, text: TO_WRITE, confidential: false })),
    ...perChild(c, policy),
    ...(d.plan.length ? plan(c) : []),
    {
      heading: 'Core group',
      text: d.coreGroup.length ? d.coreGroup.map((id) => `- ${label(c, id)}`).join('\n') : 'No core group was named.',
      confidential: false,
    },
    ...exclusions.map((e) => ({
      heading: `${EXCLUDED_PART_PREFIX} ${e.part}`,
      text: `${label(c, e.attendeeId)} was asked to leave (${e.ground}). ${TO_WRITE}`,
      confidential: false,
    })),
    // The chair's reasons for deciding without reports or inquorate: the professionals' record, as in their letter.
    ...(d.overrides?.length
      ? [
          {
            heading: 'Decided without a safeguard: the chair’s reasons',
            text: d.overrides
              .map(
                (o) =>
                  `- ${OVERRIDE_LABEL[o.rule]} (missing: ${o.missing.join('; ')}). The chair’s reason: ${o.reason.trim()}`,
              )
              .join('\n'),
            confidential: true,
          },
        ]
      : []),
    ...(d.confidentialNotes?.trim()
      ? [{ heading: 'Confidential notes', text: d.confidentialNotes.trim(), confidential: true }]
      : []),
  ];
}
