/**
 * The chair's page: the round of views (open, close), every view and who is missing per child,
 * a view recorded for someone else or for the family, the decision per child and its approval.
 * Names appear here (the chair knows everyone), never in the title or URL.
 */
import { personalLink } from '../../../app/credentials/links.ts';
import { childVoiceChoices } from '../../../app/meeting-day/view-target.ts';
import { childrenFor } from '../../../domain/disclosure.ts';
import { asksForOwnView, isWrittenContribution, mayRecordViewFor, ownView } from '../../../domain/authority.ts';
import type { Conference } from '../../../domain/conference.ts';
import {
  button,
  choices,
  emptyForm,
  errorFor,
  errorSummary,
  facts,
  hidden,
  html,
  notice,
  select,
  textArea,
  textInput,
  when,
  type FormState,
  type Html,
} from './html.ts';
import {
  attendeeWithName,
  CATEGORY_LABEL,
  childNumber,
  childWithAge,
  RECOMMENDATION_LABEL,
  stateLabel,
} from '../../../content/labels.ts';
import type { LinkCtx, Rendered } from './link-page.ts';
import { familyReasonField, planFields, safeguardFields } from './decision-fields.ts';
import { familyReasonGap } from '../../../domain/family-reasons.ts';
import { coreGroupMemberWarnings } from '../../../app/meeting-day/decision-warnings.ts';
import { FAMILY_REASON_FACT, familyReasonWarning } from '../../../content/family-reason-words.ts';
import { approvalPendingWords } from '../../../content/follow-on-words.ts';
import { viewFieldIds, viewFields } from './view-fields.ts';
import { reportReader } from '../../../app/reports/report-access.ts';
import { reportsLink } from './reports-page.ts';
import { unexplained } from '../../../domain/held-letters.ts';
import { awaitsApproval, mayRecordDecision } from '../../../domain/state-machine.ts';
import { participationForms } from './chair-participation.ts';
import {
  heldLetterLine,
  HELD_LETTERS_INTRO,
  HOLD_REASON_LABEL,
  RELEASED_DONE,
  TOLD_DONE,
} from '../../../content/templates/explained-words.ts';
import { explainedFields, explainedIds, releaseForm } from './explained-form.ts';
import { chairEscalations } from './chair-escalations.ts';
import { ATTENDANCE_DONE, chairAttendance } from './chair-attendance.ts';
import { chairExclusions, EXCLUSION_DONE } from './chair-exclusions.ts';
import { coreGroupBookingSection } from './link-core-group-booking.ts';

const PLAN_FIELDS = [
  ['risk', 'Risk or concern'],
  ['task', 'What needs to happen'],
  ['byWhom', 'By whom'],
  ['timescale', 'By when'],
  ['plannedOutcome', 'Planned outcome'],
] as const;

const DONE: Record<string, string> = {
  'round-opened': 'The round of views is open. Attendees without Teams have been emailed their personal link.',
  'round-closed': 'The round of views is closed.',
  'view-recorded': 'The view is recorded.',
  decided: 'The decision is recorded. Check it, then approve it to send the letters.',
  approved: 'The decision is approved. Letters are being sent to everyone who must know.',
  told: TOLD_DONE,
  released: RELEASED_DONE,
  participation: 'Recorded how the child took part.',
  escalated: 'The disagreement is escalated. Everyone on the policy’s route is being told.',
  'escalation-resolved': 'The outcome is recorded. Everyone on the route is being told.',
  'core-group-booked': 'The core group meeting is booked: its members are being invited.',
  ...ATTENDANCE_DONE,
  ...EXCLUSION_DONE,
};

/**
 * After approval: each parent whose letter waits until someone tells them (not at the meeting, or
 * asked to leave part of it), with the form to record who told them, how and how they gave their view.
 */
function heldLettersForm(ctx: LinkCtx, c: Conference, invalid?: { form: FormState; section?: string }): Html {
  const open = unexplained(c);
  if (!open.length) return html``;
  return html`<section class="card" aria-labelledby="told-h"><h2 id="told-h">Parents to tell the decision</h2><p>${HELD_LETTERS_INTRO}</p>${open.map(
    (h) => {
      const a = c.attendees.find((x) => x.id === h.attendeeId);
      const prefix = `told-${h.attendeeId}`;
      const f = invalid?.section === prefix ? invalid.form : emptyForm();
      const rf = invalid?.section === `release-${h.attendeeId}` ? invalid.form : emptyForm();
      return html`<h3 id="${prefix}-h">${a ? attendeeWithName(a) : h.attendeeId}: ${HOLD_REASON_LABEL[h.reason]}</h3><p>${heldLetterLine(h, when)}</p>${errorSummary(f, explainedIds(prefix))}<form method="post" action="${ctx.action}" novalidate aria-labelledby="${prefix}-h">${hidden('_csrf', ctx.csrf)}${hidden('action', 'told')}${hidden('attendeeId', h.attendeeId)}${explainedFields(f, prefix)}${button('Record that they were told')}</form>${releaseForm(h, rf, `release-${h.attendeeId}`, ctx.action, html`${hidden('_csrf', ctx.csrf)}${hidden('action', 'release')}${hidden('attendeeId', h.attendeeId)}`)}`;
    },
  )}</section>`;
}

function viewsTable(ctx: LinkCtx, c: Conference, childId: string): Html {
  const views = c.views.filter((v) => v.childId === childId);
  const who = (id?: string) => (id ? c.attendees.find((a) => a.id === id) : undefined);
  const policy = ctx.deps.policies.get(c.policyId);
  const missing = c.attendees.filter(
    (a) => asksForOwnView(policy, a) && childrenFor(c, a).includes(childId) && !ownView(c, a.id, childId),
  );
  const familyMissing = !views.some((v) => v.onBehalfOfFamily);
  return html`${
    views.length
      ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Views for ${childNumber(c, childId)}"><table><thead><tr><th scope="col">Whose view</th><th scope="col">Recommendation</th><th scope="col">Categories</th><th scope="col">Scale</th><th scope="col">Reasons</th><th scope="col">Entered</th></tr></thead><tbody>${views.map(
          (v) => {
            const a = who(v.attendeeId);
            const whose = v.onBehalfOfFamily
              ? 'The family'
              : v.childsVoice
                ? `The child’s own view${a ? ` (through ${attendeeWithName(a)})` : ''} — confidential${v.mayShare ? '; may share: ' + v.mayShare : ''}`
                : a
                  ? attendeeWithName(a)
                  : v.attendeeId;
            return html`<tr><th scope="row">${whose}${isWrittenContribution(c, v) ? html`<br><span class="hint">written contribution (sent apologies)</span>` : ''}</th><td>${v.recommendation ? RECOMMENDATION_LABEL[v.recommendation] : '—'}</td><td>${v.categories.map((x) => CATEGORY_LABEL[x]).join(', ') || '—'}</td><td>${v.scale ?? '—'}</td><td class="prose">${v.rationale}</td><td>${when(v.at)}${v.recordedBy !== v.attendeeId ? html`<br><span class="hint">by ${v.recordedBy === ctx.link.attendee.id ? 'you' : v.recordedBy}</span>` : ''}</td></tr>`;
          },
        )}</tbody></table></div>`
      : html`<p>No views yet.</p>`
  }
${
  c.viewRound?.state !== 'closed' && !c.decision
    ? html`<h3>Still to give a view</h3>${missing.length || familyMissing ? html`<ul>${missing.map((a) => html`<li>${attendeeWithName(a)}</li>`)}${familyMissing ? html`<li>The family’s view (you record it below)</li>` : ''}</ul>` : html`<p>Everyone has given a view.</p>`}`
    : missing.length
      ? html`<h3>Gave no view</h3><ul>${missing.map((a) => html`<li>${attendeeWithName(a)}</li>`)}</ul>`
      : ''
}`;
}

function otherViewForm(ctx: LinkCtx, c: Conference, f: FormState): Html {
  const policy = ctx.deps.policies.get(c.policyId);
  const who: [string, string][] = [
    ['', 'Choose'],
    ...c.attendees.filter((a) => mayRecordViewFor(policy, a)).map((a): [string, string] => [a.id, attendeeWithName(a)]),
    ['family', 'The family’s joint view'],
    ...childVoiceChoices(c, policy),
  ];
  const ids = {
    ...viewFieldIds('o'),
    who: 'o-who',
    childId: 'o-child',
    attendeeId: 'o-who',
    attendeeEmail: 'o-who',
    childsView: 'o-who',
    mayShare: 'o-share',
  };
  return html`<h2 id="other-h">Record a view for someone else</h2>${errorSummary(f, ids)}<form method="post" action="${ctx.action}" novalidate aria-labelledby="other-h">${hidden('_csrf', ctx.csrf)}${hidden('action', 'record-view')}
${select(f, { id: 'o-who', name: 'who', label: 'Whose view', options: who, ...(errorFor(f, 'who', 'attendeeId', 'attendeeEmail') ? { error: errorFor(f, 'who', 'attendeeId', 'attendeeEmail')! } : {}) })}
${select(f, { id: 'o-child', name: 'childId', label: 'Which child', options: c.children.map((ch): [string, string] => [ch.id, childWithAge(c, ch, ctx.now, true)]), ...(errorFor(f, 'childId') ? { error: errorFor(f, 'childId')! } : {}) })}
${viewFields(policy, f, { prefix: 'o', plain: false, childLabel: 'the child', kind: 'view', optionalRecommendation: true })}
${textArea(f, { id: 'o-share', name: 'mayShare', label: 'For the child’s own view: what may be shared with the family (optional; the rest stays with the professionals)', rows: 2 })}
${button('Record this view', 'button button-secondary')}</form>`;
}

function decisionForm(ctx: LinkCtx, c: Conference, f: FormState): Html {
  const policy = ctx.deps.policies.get(c.policyId);
  const ids: Record<string, string> = {
    coreGroup: 'd-core',
    confidentialNotes: 'd-notes',
    withoutReportsReason: 'd-withoutReportsReason',
    inquorateReason: 'd-inquorateReason',
  };
  c.children.forEach((ch, i) => {
    for (const [k, id] of Object.entries(viewFieldIds(`d-${ch.id}`))) ids[`outcomes.${i}.${k}`] = id;
    Object.assign(ids, {
      [`outcomes.${i}.keyWorker`]: `d-${ch.id}-kw`,
      [`outcomes.${i}.visitingFrequency`]: `d-${ch.id}-visits`,
      [`outcomes.${i}.familyRationale`]: `d-${ch.id}-family`,
    });
  });
  const rows = Math.min(20, Math.max(1, Object.keys(f.values).filter((k) => /^plan-\d+-risk$/.test(k)).length + 1));
  for (let i = 0; i < rows; i++) for (const [k] of PLAN_FIELDS) ids[`plan.${i}.${k}`] = `plan-${i}-${k}`;
  // The child's fields are named `<childId>-…` (viewFields' `names`) and read back under those names;
  // only the errors are re-keyed by their last segment.
  const sub = (prefix: string): FormState => ({
    values: Object.fromEntries(Object.entries(f.values).filter(([k]) => k.startsWith(prefix))),
    errors: f.errors
      .filter((e) => e.field.startsWith(`outcomes.${c.children.findIndex((x) => `${x.id}-` === prefix)}.`))
      .map((e) => ({ ...e, field: e.field.split('.').at(-1)! })),
  });
  return html`<h2 id="decision-h">Decision</h2><p>You decide for each child. Views that differ from your decision are recorded as dissent with the policy’s escalation route.</p>${errorSummary(f, ids)}
<form method="post" action="${ctx.action}" novalidate aria-labelledby="decision-h">${hidden('_csrf', ctx.csrf)}${hidden('action', 'decide')}
${c.children.map((ch) => html`<fieldset class="group"><legend>${childWithAge(c, ch, ctx.now, true)}</legend>${viewFields(policy, sub(`${ch.id}-`), { prefix: `d-${ch.id}`, names: `${ch.id}-`, plain: false, childLabel: childWithAge(c, ch, ctx.now), kind: 'decision' })}${familyReasonField(c, ch, f, childWithAge(c, ch, ctx.now, true))}${planFields(policy, c, ch, f)}</fieldset>`)}
${choices(f, { id: 'd-core', name: 'coreGroup', legend: 'Core group', hint: 'Who will work with the family on the plan.', type: 'checkbox', options: c.attendees.filter((a) => a.role !== 'chair' && a.role !== 'child').map((a): [string, string] => [a.id, attendeeWithName(a)]) })}
<fieldset class="group"><legend>Plan</legend><p class="hint">Fill in a row for each part of the plan. Save to get another empty row.</p>${Array.from({ length: rows }, (_, i) => html`<fieldset class="plan-row"><legend>Plan row ${i + 1}</legend>${PLAN_FIELDS.map(([k, label]) => textInput(f, { id: `plan-${i}-${k}`, name: `plan-${i}-${k}`, label, ...(errorFor(f, `plan.${i}.${k}`) ? { error: errorFor(f, `plan.${i}.${k}`)! } : {}) }))}</fieldset>`)}</fieldset>
${textArea(f, { id: 'd-notes', name: 'confidentialNotes', label: 'Confidential notes (not sent to the family)', rows: 4 })}
${safeguardFields(policy, c, f)}
${button(c.decision ? 'Correct the decision' : 'Record the decision')}</form>`;
}

/** Form values that show the current decision, so the chair corrects rather than retypes it. */
function decisionValues(c: Conference): FormState['values'] {
  const d = c.decision;
  if (!d) return {};
  const v: FormState['values'] = { coreGroup: d.coreGroup, confidentialNotes: d.confidentialNotes ?? '' };
  for (const o of d.outcomes)
    Object.assign(v, {
      [`${o.childId}-recommendation`]: o.outcome,
      [`${o.childId}-categories`]: o.categories,
      [`${o.childId}-rationale`]: o.rationale,
      [`${o.childId}-familyRationale`]: o.familyRationale ?? '',
      [`${o.childId}-scale`]: o.scale === undefined ? '' : String(o.scale),
      [`${o.childId}-keyWorker`]: o.keyWorker ?? '',
      [`${o.childId}-visitingFrequency`]: o.visitingFrequency ?? '',
    });
  d.plan.forEach((row, i) => PLAN_FIELDS.forEach(([k]) => (v[`plan-${i}-${k}`] = row[k])));
  return v;
}

/** Once approved: the decision as recorded, per child (read-only). */
function decisionSummary(ctx: LinkCtx, c: Conference): Html {
  const d = c.decision!;
  return html`<section class="card" aria-labelledby="decision-h"><h2 id="decision-h">The decision</h2>${c.children.map(
    (ch) => {
      const o = d.outcomes.find((x) => x.childId === ch.id);
      return o
        ? html`<h3>${childWithAge(c, ch, ctx.now, true)}</h3>${facts([['Decision', RECOMMENDATION_LABEL[o.outcome]], ...(o.categories.length ? ([['Categories', o.categories.map((x) => CATEGORY_LABEL[x]).join(', ')]] as [string, string][]) : []), ['Reasons', o.rationale], [FAMILY_REASON_FACT, o.familyRationale ?? '—']])}${familyReasonGap(o) ? notice(html`<strong>${familyReasonWarning(childWithAge(c, ch, ctx.now, true), familyReasonGap(o)!)}.</strong>`, 'warning') : ''}`
        : '';
    },
  )}</section>`;
}

export function renderChair(ctx: LinkCtx, invalid?: { form: FormState; section?: string }): Rendered {
  const c = ctx.link.conference;
  const round = c.viewRound?.state;
  const canDecide = mayRecordDecision(c.state);
  const form = (section: string, fallback: FormState['values'] = {}) =>
    invalid?.section === section ? invalid.form : emptyForm(fallback);
  // Approved but its letters not queued yet (follow-on.ts): said instead of "letters are being sent".
  const pending = approvalPendingWords(c);
  const done = ctx.done && DONE[ctx.done] && !(pending && ctx.done === 'approved') ? DONE[ctx.done] : undefined;
  const status = html`${done ? notice(html`<strong>${done}</strong>`, 'success') : ''}${pending ? notice(pending, 'warning') : ''}
${invalid?.section === 'round' ? errorSummary(invalid.form) : ''}
${facts([
  ['Conference', c.reference],
  ['State', stateLabel(c.state)],
  [
    'Round of views',
    round === 'open'
      ? `Open since ${when(c.viewRound!.openedAt)}`
      : round === 'closed'
        ? `Closed ${when(c.viewRound!.closedAt)}`
        : 'Not opened',
  ],
  ...(c.decision
    ? ([
        [
          'Decision',
          c.decision.approvedAt
            ? `Approved ${when(c.decision.approvedAt)}`
            : `Recorded ${when(c.decision.decidedAt)}, not approved yet`,
        ],
      ] as [string, string][])
    : []),
])}
<p><a href="${personalLink(ctx.deps, c, ctx.link.attendee.id, 'checklist')}">Your pre-meeting checklist with the parents</a></p>
${c.decision ? html`<p><a href="${personalLink(ctx.deps, c, ctx.link.attendee.id, 'minutes')}">The minutes: draft, edit and approve them</a></p>` : ''}
${reportsLink(ctx, reportReader(c, ctx.deps, ctx.link.attendee))}
<div class="actions">${round !== 'open' && !c.decision ? html`<form method="post" action="${ctx.action}">${hidden('_csrf', ctx.csrf)}${hidden('action', 'open-round')}${button('Open the round of views')}</form>` : ''}${round === 'open' ? html`<form method="post" action="${ctx.action}">${hidden('_csrf', ctx.csrf)}${hidden('action', 'close-round')}${button('Close the round of views', 'button button-secondary')}</form>` : ''}</div>`;
  const perChild = c.children.map(
    (ch) =>
      html`<section class="card" aria-labelledby="views-${ch.id}"><h2 id="views-${ch.id}">Views: ${childWithAge(c, ch, ctx.now, true)}</h2>${viewsTable(ctx, c, ch.id)}</section>`,
  );
  const approve = awaitsApproval(c.state)
    ? html`<section class="card" aria-labelledby="approve-h"><h2 id="approve-h">Approve the decision</h2><p>Nothing is sent until you approve. After approval the decision letters go to everyone who must know.</p>${coreGroupMemberWarnings(c).map((w) => notice(html`<strong>${w}</strong>`, 'warning'))}${invalid?.section === 'approve' ? errorSummary(invalid.form) : ''}<form method="post" action="${ctx.action}">${hidden('_csrf', ctx.csrf)}${hidden('action', 'approve')}${button('Approve the decision and send the letters')}</form></section>`
    : '';
  const body = html`${status}${chairAttendance(ctx, invalid)}${chairExclusions(ctx, invalid)}${perChild}
${round !== 'closed' && !c.decision ? html`<section class="card">${otherViewForm(ctx, c, form('other'))}</section>` : ''}
${canDecide ? html`<section class="card">${decisionForm(ctx, c, form('decide', decisionValues(c)))}</section>` : c.decision ? decisionSummary(ctx, c) : html`<p>The decision form appears once the meeting has started.</p>`}
${approve}
${c.decision?.approvedAt ? heldLettersForm(ctx, c, invalid) : ''}
${participationForms(ctx, c, invalid)}
${chairEscalations(ctx, invalid)}
${coreGroupBookingSection(ctx, invalid)}`;
  return { title: `Chair – ${c.reference}`, heading: `Chair: conference ${c.reference}`, body };
}
