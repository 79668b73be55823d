/**
 * The plan on the coordinator's conference page: each child's actions (owner, due date, status,
 * overdue flagged), the Signs of Safety sections under the policy's headings, and the core groups
 * booked (time, chair, state, answers).
 */
import { isEnded } from '../../../../domain/state-machine.ts';
import type { conferenceView } from '../../../../app/conference/conference-view.ts';
import { calendarDate } from '../../../../content/format.ts';
import { RSVP_LABEL, childWithAge } from '../../../../content/labels.ts';
import { londonDate } from '../../../../app/shared/time.ts';
import { isOverdue } from '../../../../domain/plan.ts';
import { html, when, type Html } from '../html.ts';

type View = Awaited<ReturnType<typeof conferenceView>>;
type Table = (label: string, head: string[], rows: Html[]) => Html;

const STATUS: Record<string, string> = { open: 'Open', 'in-progress': 'In progress', done: 'Done', dropped: 'Dropped' };

/** Where a core group's record has got to: circulated, missed its deadline, or due. */
function recordState(g: NonNullable<View['coreGroups']>[number]): Html | string {
  if (g.state !== 'booked') return '';
  if (g.record) return html`<br><span class="hint">record circulated ${when(g.record.recordedAt)}</span>`;
  if (g.recordMissedAt) return html`<br><strong class="overdue">record missed (due ${when(g.recordDueAt)})</strong>`;
  return g.recordDueAt ? html`<br><span class="hint">record due by ${when(g.recordDueAt)}</span>` : '';
}

export function planSection(v: View, o: { now: Date; table: Table; name: (id?: string) => string }): Html | string {
  const d = v.decision;
  if (!d) return '';
  const today = londonDate(o.now);
  const sos = d.signsOfSafety;
  const sections = v.policy.planSections.map(({ section, heading }) => {
    if (!sos) return '';
    const scaled = (s: { scaling: { meeting: string; score: number }[] }) =>
      s.scaling.length ? ` (scaling: ${s.scaling.map((x) => `${x.meeting} ${x.score}`).join(', ')})` : '';
    const body =
      section === 'danger-statements'
        ? html`<ol>${sos.dangerStatements.map((s) => html`<li>${s.text}${scaled(s)}</li>`)}</ol>`
        : section === 'safety-goals'
          ? html`<ol>${sos.safetyGoals.map((g) => html`<li>${g.text}${g.dangerStatementId ? ` (answers ${g.dangerStatementId})` : ''}${scaled(g)}</li>`)}</ol>`
          : section === 'bottom-lines'
            ? html`<ul>${sos.bottomLines.map((b) => html`<li>${b}</li>`)}</ul>`
            : section === 'contingency'
              ? html`<p>${sos.contingency ?? '—'}</p>`
              : html`<p>${sos.wordsAndPicturesSharedOn ? `Shared with the child on ${calendarDate(sos.wordsAndPicturesSharedOn)}` : 'Not yet shared with the child'}</p>`;
    return html`<h3>${heading}</h3>${body}`;
  });
  const children = v.children.map((c) => {
    const rows = d.plan.filter((r) => !r.childIds || r.childIds.includes(c.id));
    return html`<h3>Actions for ${childWithAge(v, c, o.now, true)}</h3>${o.table(
      `Plan actions for ${childWithAge(v, c, o.now)}`,
      ['Action', 'Owner', 'Due', 'Status', 'Latest progress'],
      rows.map((r) => {
        const last = r.progress?.at(-1);
        const overdue = isOverdue(r, today);
        return html`<tr><th scope="row">${r.id ? `${r.id}: ` : ''}${r.task}</th><td>${r.ownerAttendeeId ? o.name(r.ownerAttendeeId) : r.byWhom}</td><td>${r.dueOn ? calendarDate(r.dueOn) : r.timescale}</td><td>${STATUS[r.status ?? 'open']}${overdue ? html` <strong class="overdue">overdue</strong>${r.overdueFlaggedAt ? html`<br><span class="hint">flagged ${when(r.overdueFlaggedAt)}</span>` : ''}` : ''}</td><td>${last ? `${when(last.at)}${last.note ? `: ${last.note}` : ''}` : '—'}</td></tr>`;
      }),
    )}`;
  });
  const groups = v.coreGroups ?? [];
  return html`<h2 id="plan">The plan</h2>${children}${sections}
<h2 id="core-groups">Core groups</h2>
${v.decision?.approvedAt && !isEnded(v.state) ? html`<p><a href="/dashboard/c/${v.id}/core-groups/new">Book a core group meeting</a></p>` : ''}
${o.table(
  'Core groups',
  ['Core group', 'When', 'Chair', 'State', 'Answers'],
  groups.map(
    (g) =>
      html`<tr><th scope="row">${g.id}</th><td>${when(g.startsAt)}${g.warnings.length ? html`<br><span class="hint">${g.warnings.join('; ')}</span>` : ''}</td><td>${o.name(g.chairAttendeeId)}</td><td>${g.state}${g.revision > 1 ? ` (changed ${g.revision - 1} time(s))` : ''}${recordState(g)}</td><td>${
        g.state === 'booked'
          ? g.members.map((id) => `${o.name(id)}: ${RSVP_LABEL[g.rsvps?.[id]?.state ?? 'needs-action']}`).join('; ')
          : '—'
      }</td></tr>`,
  ),
)}`;
}
