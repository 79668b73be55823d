/**
 * The chair's page's attendance register: who is present and who sent apologies, and whether that
 * is quorate under the policy. The same use-case as the Teams briefing card and the API: a chair
 * working from the page was told to "record the attendance" at the decision with nowhere to do it
 * (trial as a chair). The chair's own link proves who acts, so the audit names the chair.
 */
import { attendeeActor } from '../../../app/credentials/actor.ts';
import { recordAttendance } from '../../../app/meeting-day/meeting.ts';
import type { Conference } from '../../../domain/conference.ts';
import { checkQuorum } from '../../../domain/quorum.ts';
import { hasDecision, isEnded } from '../../../domain/state-machine.ts';
import { attendeeWithName } from '../../../content/labels.ts';
import {
  button,
  choices,
  emptyForm,
  errorFor,
  errorSummary,
  hidden,
  html,
  notice,
  type FormState,
  type Html,
} from './html.ts';
import type { LinkCtx } from './link-page.ts';

export const ATTENDANCE_ACTION = 'attendance';
export const ATTENDANCE_DONE = { 'attendance-recorded': 'The attendance register is saved.' } as const;

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v ? [String(v)] : []);

/** The register as the form posts it: a box ticked in both lists counts as present. */
export async function attendanceAction(ctx: LinkCtx, body: Record<string, unknown>): Promise<string> {
  const present = ids(body['present']);
  const apologies = ids(body['apologies']).filter((x) => !present.includes(x));
  await recordAttendance(ctx.deps, ctx.link.conference.id, { present, apologies }, attendeeActor(ctx.link.attendee.id));
  return 'attendance-recorded';
}

function quorumLine(ctx: LinkCtx, c: Conference): Html {
  if (!c.attendance) return notice('No attendance register yet: record who is present to check the quorum.', 'warning');
  const q = checkQuorum(ctx.deps.policies.get(c.policyId), c, c.attendance.present);
  return q.quorate
    ? notice('Quorate under the policy.', 'success')
    : notice(`Not quorate under the policy. Missing: ${q.missing.join('; ')}.`, 'warning');
}

export function chairAttendance(ctx: LinkCtx, invalid?: { form: FormState; section?: string }): Html {
  const c = ctx.link.conference;
  if (hasDecision(c.state) || isEnded(c.state)) return html``;
  const options = c.attendees.map((a): [string, string] => [a.id, attendeeWithName(a)]);
  const f =
    invalid?.section === ATTENDANCE_ACTION
      ? invalid.form
      : emptyForm(c.attendance ? { present: c.attendance.present, apologies: c.attendance.apologies } : {});
  return html`<section class="card" aria-labelledby="attendance-h"><h2 id="attendance-h">Attendance register</h2>${quorumLine(ctx, c)}${errorSummary(f, { present: 'attendance-present', apologies: 'attendance-apologies' })}<form method="post" action="${ctx.action}" novalidate aria-labelledby="attendance-h">${hidden('_csrf', ctx.csrf)}${hidden('action', ATTENDANCE_ACTION)}${choices(f, { id: 'attendance-present', name: 'present', legend: 'Present', type: 'checkbox', options, ...(errorFor(f, 'present') ? { error: errorFor(f, 'present')! } : {}) })}${choices(f, { id: 'attendance-apologies', name: 'apologies', legend: 'Apologies', type: 'checkbox', options, ...(errorFor(f, 'apologies') ? { error: errorFor(f, 'apologies')! } : {}) })}${button('Save the attendance register', 'button button-secondary')}</form></section>`;
}
