/**
 * One conference for the coordinator: timetable, invites and RSVPs, reports with their chasers,
 * views and the decision, circulation per recipient, pending and failed jobs (with retry), and the
 * audit trail. Every time in Europe/London. Names are shown (the coordinator holds the file), never
 * in the title or URL.
 */
import type { conferenceView } from '../../../../app/conference/conference-view.ts';
import type { LedgerEntry } from '../../../../ports/send-ledger.ts';
import { calendarDate } from '../../../../content/format.ts';
import { OVERRIDE_LABEL } from '../../../../content/words.ts';
import { FROM_REMOVED, queuedStatus } from '../../../../content/desk-words.ts';
import { letterStateWords } from '../../../../content/letter-state.ts';
import { withNotify } from '../../../../domain/letters.ts';
import { letterTitle, meetingTimes, whenRelative } from '../../../../content/worklist.ts';
import { auditLines } from '../../../../content/audit-lines.ts';
import { button, facts, hidden, html, table, when, type Html } from '../html.ts';
import { followOnNotice } from '../../change-answer.ts';
import {
  attendeeWithName,
  CATEGORY_LABEL,
  childTag,
  childWithAge,
  RECOMMENDATION_LABEL,
  RSVP_LABEL,
  stateLabel,
  TASK_DONE_BUTTON,
  taskWhat,
} from '../../../../content/labels.ts';
import type { FailedJob } from './jobs.ts';
import { planSection } from './plan-section.ts';
import { AFTER_MEETING_TASKS } from '../../../../domain/tasks.ts';
import { personalLinksCell } from './personal-links-cell.ts';
import { heldLettersSection, type HeldLetterFormError } from './held-letters-section.ts';
import { escalationsSection, type EscalationFormError } from './escalations-section.ts';
import { textsSection, type TextsFormError } from './texts-section.ts';

type View = Awaited<ReturnType<typeof conferenceView>>;

export const TIMETABLE_LABELS: [key: string, label: string][] = [
  ['latestConferenceDate', 'Latest date for the conference'],
  ['socialWorkerReportDue', 'Social worker’s report due'],
  ['reportsDue', 'Reports due'],
  ['parentsJoinAt', 'Parents join'],
  ['professionalsJoinAt', 'Professionals join'],
  ['endsAt', 'Expected to end'],
  ['decisionCirculationDue', 'Decision circulated by'],
  ['planCirculationDue', 'Plan circulated by'],
  ['hardCopyDue', 'Hard copies posted by'],
  ['firstCoreGroupBy', 'First core group by'],
  ['birthPlanDue', 'Birth plan agreed by'],
  ['minutesDue', 'Minutes due'],
  ['recordBundleDue', 'Record bundle due'],
  ['nextReviewBy', 'Review conference by'],
];

const REPORT_STATUS: Record<string, string> = {
  requested: 'Requested',
  reminded: 'Reminded',
  overdue: 'Overdue',
  escalated: 'Escalated',
  received: 'Received',
  'not-requested': 'Not requested',
};

/** Overdue and escalated reports stand out (a red tag); the rest read as words. */
function reportStatus(status: string): Html | string {
  const words = REPORT_STATUS[status] ?? status;
  return status === 'overdue' || status === 'escalated' ? html`<span class="tag tag-overdue">${words}</span>` : words;
}

/** `send-invites-a3-v1` → step, recipient, version. */
export function parseLedgerKey(key: string): { step: string; recipient: string; version: string } {
  const m = /^(.+?)-(a\d+(?:-[a-z0-9]+)*)-v(\d+)$/.exec(key) ?? /^(.+)-([^-]+)-v(\d+)$/.exec(key);
  return m ? { step: m[1]!, recipient: m[2]!, version: m[3]! } : { step: key, recipient: '', version: '' };
}

/** The deadline missed (or at risk), said first, by how many are waiting: the coordinator's cue to chase. */
function circulationNotice(v: View): Html | string {
  const missed = v.circulation?.missed;
  const risk = v.circulation?.alert;
  const waiting = (a: { approved: boolean; outstanding: readonly unknown[] }) =>
    a.approved ? `${a.outstanding.length} recipient(s) still waiting` : 'the decision was not approved';
  if (missed)
    return html`<div class="notice notice-warning" role="alert"><strong>Circulation deadline missed</strong> (due ${when(missed.dueAt)}): ${waiting(missed)}.</div>`;
  if (risk && !v.circulation?.complete)
    return html`<div class="notice notice-warning" role="status"><strong>Circulation at risk</strong> (due ${when(risk.dueAt)}): ${waiting(risk)} at ${when(risk.at)}.</div>`;
  return '';
}

export function conferencePage(
  v: View,
  o: {
    failed: FailedJob[];
    csrf: string;
    now: Date;
    done?: string;
    textsError?: TextsFormError;
    explainedError?: HeldLetterFormError;
    escalationError?: EscalationFormError;
    work?: Html;
  },
): { title: string; heading: string; body: Html } {
  const name = (id?: string) => {
    const a = id ? v.attendees.find((x) => x.id === id) : undefined;
    const ch = !a && id ? v.children.find((x) => x.id === id) : undefined;
    return a ? attendeeWithName(a) : ch ? childTag(v, ch) : (id ?? '');
  };
  /** Still on the conference: mail from someone since removed can only be rejected. */
  const present = (id: string) => v.attendees.some((x) => x.id === id);
  const recipientName = (r: string) =>
    /^a\d+/.test(r) ? `${name(r.split('-')[0])}${r.includes('-') ? ` (${r.split('-').slice(1).join(' ')})` : ''}` : r;
  const ledger = Object.entries(v.deliveries as Record<string, LedgerEntry>)
    .map(([key, e]) => ({ key, ...parseLedgerKey(key), ...e }))
    .sort((a, b) => a.at.localeCompare(b.at));
  const circulation = ledger.filter((e) => /circulat|decision|letter|plan/.test(e.step));
  // A letter on the hard-copy queue is "sent" in the ledger once queued; it has gone only once printed.
  const stateOf = (e: (typeof ledger)[number]): string => {
    const letter = v.letters[e.key];
    if (!letter || e.state !== 'sent') return e.state;
    return letterStateWords(letter, when);
  };
  const ledgerRow = (e: (typeof ledger)[number]) =>
    html`<tr><td>${e.step}</td><td>${recipientName(e.recipient)}</td><td>${stateOf(e)}</td><td>${when(e.at)}</td><td>${e.reason ?? ''}</td></tr>`;
  // The newest of their invitation and its updates (`a6`, `a6-update1`, …): the ledger is in time order.
  const inviteState = (id: string) => {
    const e = ledger
      .filter(
        (x) =>
          x.step === 'send-invites' &&
          (x.recipient === id || x.recipient.startsWith(`${id}-update`)) &&
          x.version === String(v.version),
      )
      .at(-1);
    return e ? stateOf(e) : 'not sent';
  };
  const inviteCell = (a: View['attendees'][number]) => {
    if (a.role === 'child') return 'not contacted';
    if (a.contactPreference === 'email') return inviteState(a.id);
    return `${a.contactPreference.replace(/-/g, ' ')}: ${inviteState(a.id)}`;
  };
  const attendeeOf = (id: string) => v.attendees.find((x) => x.id === id);
  const letterState = (h: View['hardCopies'][number]) => letterStateWords(h, when, { by: true });
  /** A letter still to print after its posting deadline: how late, so it stands out. */
  const late = (h: View['hardCopies'][number]): string | undefined => {
    if (h.printedAt || h.withdrawnAt || withNotify(h) || !h.dueAt || Date.parse(h.dueAt) >= o.now.getTime()) return;
    const days = Math.floor((o.now.getTime() - Date.parse(h.dueAt)) / 86_400_000);
    return days >= 1 ? `${days} day${days === 1 ? '' : 's'} late` : 'late';
  };
  const form = (action: string, label: string, cls = 'button button-small') =>
    html`<form method="post" action="${action}" class="inline">${hidden('_csrf', o.csrf)}${button(label, cls)}</form>`;

  const body = html`${o.done ? html`<div class="notice notice-success" role="status"><strong>${o.done}</strong></div>` : ''}${followOnNotice(v)}
<p><a href="/dashboard">All conferences</a></p>
${facts([
  ['Reference', v.reference],
  ['Policy', v.policy.name],
  ['Kind', v.kind],
  ['State', stateLabel(v.state)],
  ['Meeting', `${v.mode}${v.meeting ? `, ${v.meeting.label}` : v.venue ? `, ${v.venue}` : ''}`],
  ['When', meetingTimes({ ...v.timetable, startsAt: v.startsAt }, o.now)],
  ['Children', v.children.map((c) => childWithAge(v, c, o.now, true)).join('; ')],
])}
${o.work ?? ''}
${arrangements(v, form, name)}
<h2>Timetable</h2>
${table(
  'Timetable',
  ['Deadline', 'When (London time)'],
  TIMETABLE_LABELS.filter(([k]) => (v.timetable as unknown as Record<string, string | undefined>)[k]).map(
    ([k, label]) =>
      html`<tr><th scope="row">${label}</th><td>${whenRelative((v.timetable as unknown as Record<string, string>)[k]!, o.now)}</td></tr>`,
  ),
)}
<h2 id="reports">Attendees, invitations and reports</h2>
${table(
  'Attendees',
  ['Attendee', 'Invitation', 'Answer', 'Report', 'Chasers sent', 'Personal links'],
  v.attendees.map(
    (a) =>
      html`<tr><th scope="row">${attendeeWithName(a)}</th><td>${inviteCell(a)}</td><td>${RSVP_LABEL[a.rsvp]}${a.rsvpAt ? html`<br><span class="hint">${when(a.rsvpAt)}</span>` : ''}</td><td>${a.report ? html`${reportStatus(a.report.status)}${a.report.receivedAt ? html`<br><span class="hint">${when(a.report.receivedAt)} by ${a.report.channel}</span>` : a.report.dueAt ? html`<br><span class="hint">due ${when(a.report.dueAt)}</span>` : ''}${a.report.sharing?.length ? html`<br><span class="hint">${a.report.sharing.map((x) => `${x.sharedOn ? 'shared with' : 'not shared with'} ${name(x.parentId)}${x.sharedOn ? ` on ${calendarDate(x.sharedOn)}` : ''}`).join('; ')}</span>` : ''}` : '—'}</td><td>${a.report?.history.length ? html`<ul class="compact">${a.report.history.map((h) => html`<li>${h.step.replace(/^report-/, '')}: ${when(h.at)}</li>`)}</ul>` : '—'}</td><td>${personalLinksCell(v.id, a, o.csrf)}</td></tr>`,
  ),
)}
<h2 id="mail">Mail waiting for you to confirm</h2>
<p class="hint">Messages that look like a report but whose sender is not proven (no reply address and no authenticated mail). They are not filed and no reminders were stopped until you confirm one as that attendee’s report.</p>
${table(
  'Mail waiting for you to confirm',
  ['Looks like it came from', 'Sender', 'Subject', 'Arrived', 'Why it waits', 'Attachments', 'Action'],
  (v.inboundQueue ?? []).map(
    (q) =>
      html`<tr><th scope="row">${present(q.attendeeId) ? name(q.attendeeId) : FROM_REMOVED.who(q.attendeeId)}</th><td>${q.from}</td><td><a href="/dashboard/c/${v.id}/inbound/${q.id}">${q.subject || '(no subject)'}</a></td><td>${when(q.at)}</td><td>${q.reason}</td><td>${q.attachments.map((a) => a.filename).join(', ') || '—'}${q.withheld.length ? html`<br><span class="hint">withheld: ${q.withheld.join(', ')}</span>` : ''}</td><td>${q.status === 'pending' ? html`${present(q.attendeeId) ? form(`/dashboard/c/${v.id}/inbound/${q.id}/confirm`, 'Confirm as their report') : ''} ${form(`/dashboard/c/${v.id}/inbound/${q.id}/reject`, 'Reject', 'button button-small button-secondary')}` : `${queuedStatus(q)}${q.decidedAt ? `, ${when(q.decidedAt)}` : ''}`}</td></tr>`,
  ),
)}
<h2 id="decision">Views and decision</h2>
${v.children.map((c) => {
  const views = v.views.filter((x) => x.childId === c.id);
  const outcome = v.decision?.outcomes.find((x) => x.childId === c.id);
  return html`<h3>${childWithAge(v, c, o.now, true)}</h3>${table(
    `Views for ${childWithAge(v, c, o.now)}`,
    ['Whose view', 'Recommendation', 'Categories', 'Scale'],
    views.map(
      (x) =>
        html`<tr><th scope="row">${x.onBehalfOfFamily ? 'The family' : x.childsVoice ? `The child’s own view (confidential${x.attendeeId ? `; through ${name(x.attendeeId)}` : ''})` : name(x.attendeeId)}${v.attendance?.apologies.includes(x.attendeeId ?? '') && !x.childsVoice ? ' (written contribution: sent apologies)' : ''}</th><td>${x.recommendation ? RECOMMENDATION_LABEL[x.recommendation] : '—'}</td><td>${x.categories.map((k) => CATEGORY_LABEL[k]).join(', ') || '—'}</td><td>${x.scale ?? '—'}</td></tr>`,
    ),
  )}
<p><strong>Decision:</strong> ${outcome ? `${RECOMMENDATION_LABEL[outcome.outcome]}${outcome.categories.length ? ` (${outcome.categories.map((k) => CATEGORY_LABEL[k]).join(', ')})` : ''}` : 'not yet made'}</p>`;
})}
${
  v.decision
    ? facts([
        ['Decided', `${when(v.decision.decidedAt)} by ${name(v.decision.decidedBy)}`],
        [
          'Approved',
          v.decision.approvedAt ? `${when(v.decision.approvedAt)} by ${name(v.decision.approvedBy)}` : 'Not yet',
        ],
        ['Dissent recorded', String(v.decision.dissent.length)],
        ...(v.decision.overrides ?? []).map((x): [string, string] => [
          OVERRIDE_LABEL[x.rule],
          `Missing: ${x.missing.join('; ')}. The chair’s reason: ${x.reason}`,
        ]),
        ['Core group', v.decision.coreGroup.map(name).join('; ') || '—'],
      ])
    : ''
}
${planSection(v, { now: o.now, table, name })}
${v.minutesCirculation?.version ? html`<p id="minutes"><a href="/dashboard/c/${v.id}/minutes">The minutes</a>: version ${String(v.minutesCirculation.version)}, ${v.minutesCirculation.approvedAt ? `approved ${when(v.minutesCirculation.approvedAt)}` : 'not yet approved'}</p>` : ''}
<h2 id="letters">Letters to print and post</h2>
${table(
  'Letters to print and post',
  ['Letter', 'For', 'State', 'Action'],
  v.hardCopies.map(
    (h) =>
      html`<tr><td>${letterTitle(h.document, h.ledgerKey)}</td><td>${attendeeOf(h.attendeeId) ? attendeeWithName(attendeeOf(h.attendeeId)!) : h.attendeeId}</td><td>${late(h) ? html`<span class="tag tag-overdue">Not printed: ${late(h)}</span><br>` : ''}${letterState(h)}</td><td>${h.printedAt || h.withdrawnAt || withNotify(h) ? '—' : html`<a href="/dashboard/c/${v.id}/hard-copies/${h.blobId}">PDF</a> ${form(`/dashboard/c/${v.id}/hard-copies/${h.blobId}/printed`, 'Mark printed')}`}</td></tr>`,
  ),
)}
${textsSection(v, name, form, { csrf: o.csrf, ...(o.textsError ? { error: o.textsError } : {}) })}
<h2 id="circulation">Circulation</h2>
${circulationNotice(v)}
${table('Circulation', ['Step', 'Recipient', 'State', 'When', 'Problem'], circulation.map(ledgerRow))}
${heldLettersSection(v, name, { csrf: o.csrf, ...(o.explainedError ? { error: o.explainedError } : {}) })}
${escalationsSection(v, name, { csrf: o.csrf, now: o.now, ...(o.escalationError ? { error: o.escalationError } : {}) })}
<h2>Scheduled jobs</h2>
${table(
  'Scheduled jobs',
  ['Step', 'About', 'Runs at', 'State'],
  v.pendingJobs.map(
    (j) =>
      html`<tr><td>${j.step}</td><td>${j.attendeeId ? name(j.attendeeId) : j.chases ? j.chases.map(name).join(', ') || 'nobody (every report it chases is in)' : '—'}</td><td>${when(j.runAt)}</td><td>${j.state}</td></tr>`,
  ),
)}
<h2 id="failed-jobs">Failed jobs</h2>
${table(
  'Failed jobs',
  ['Step', 'Attempts', 'Reason', 'Failed at', 'Action'],
  o.failed.map(
    (j) =>
      html`<tr><td>${j.step}</td><td>${j.attemptsMade}</td><td>${j.failedReason}</td><td>${j.finishedOn ? when(j.finishedOn) : '—'}</td><td>${form(`/dashboard/c/${v.id}/jobs/${encodeURIComponent(j.id)}/retry`, `Retry ${j.step}`)}</td></tr>`,
  ),
)}
<h2>All emails</h2>
${table('All emails', ['Step', 'Recipient', 'State', 'When', 'Problem'], ledger.map(ledgerRow))}
<h2 id="audit">Audit trail</h2>
<p class="hint">Newest first, in London time.</p>
${table(
  'Audit trail',
  ['When', 'Who', 'What happened'],
  auditLines(v, [...v.audit].reverse()).map(
    (l) => html`<tr><td>${l.when}</td><td>${l.who}</td><td>${l.what}</td></tr>`,
  ),
)}`;
  return { title: `Conference ${v.reference}`, heading: `Conference ${v.reference}`, body };
}

/** Interpreters, accessibility needs and advocacy referrals to arrange before the meeting, the explanation to a child after it, each with a button to confirm it is done. */
function arrangements(
  v: View,
  form: (action: string, label: string, cls?: string) => Html,
  name: (id: string | undefined) => string,
): Html {
  const row = (t: NonNullable<View['tasks']>[number]) =>
    html`<tr><th scope="row">${name(t.subject)}</th><td>${taskWhat(t.kind, t.detail)}</td><td>${when(t.dueAt)}</td><td>${t.status === 'done' ? `Done ${when(t.doneAt)} by ${t.doneBy ?? '?'}` : t.status === 'not-needed' ? `Not needed (${when(t.doneAt)}): ${t.notNeeded ?? ''}` : form(`/dashboard/c/${v.id}/tasks/${t.id}/done`, TASK_DONE_BUTTON[t.kind] ?? 'Done')}</td></tr>`;
  const before = (v.tasks ?? []).filter((t) => !AFTER_MEETING_TASKS.has(t.kind));
  const after = (v.tasks ?? []).filter((t) => AFTER_MEETING_TASKS.has(t.kind) && t.kind !== 'agree-birth-plan');
  const birthPlans = (v.tasks ?? []).filter((t) => t.kind === 'agree-birth-plan');
  return html`${
    before.length
      ? html`<h2 id="arrangements">Arrangements to make</h2><p class="hint">An invitation says an interpreter “has been booked” only once you confirm it here; until then it says we are arranging one.</p>${table('Arrangements to make', ['For', 'What', 'Due', 'State'], before.map(row))}`
      : ''
  }${
    after.length
      ? html`<h2 id="explain-to-children">Explaining the decision to the children</h2><p class="hint">The social worker explains the decision to each child of an age to understand; record it here once they have.</p>${table('Explaining the decision to the children', ['For', 'What', 'Due', 'State'], after.map(row))}`
      : ''
  }${
    birthPlans.length
      ? html`<h2 id="birth-plans">Birth plan</h2><p class="hint">A pre-birth plan: the social worker agrees the birth plan with the family and the core group before the birth; record it here once it is agreed. If it is not recorded by its due date the social worker is reminded.</p>${table('Birth plan', ['For', 'What', 'Due', 'State'], birthPlans.map(row))}`
      : ''
  }`;
}
