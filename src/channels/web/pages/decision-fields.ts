/**
 * The chair's decision form, per child beyond the view fields: the reasons in plain words for the
 * family (with the warning when they are missing or the professional reasons again), the key worker
 * and visiting frequency where the policy asks, and a reason box per safeguard set aside.
 */
import type { Conference } from '../../../domain/conference.ts';
import { decisionSafeguards } from '../../../domain/decision-safeguards.ts';
import { familyReasonGap } from '../../../domain/family-reasons.ts';
import type { Policy } from '../../../domain/policy/schema.ts';
import { FAMILY_REASON_HINT, FAMILY_REASON_LABEL, familyReasonWarning } from '../../../content/family-reason-words.ts';
import { attendeeWithName } from '../../../content/labels.ts';
import { errorFor, html, notice, select, textArea, textInput, type FormState, type Html } from './html.ts';

/**
 * The family's reasons for one child. The warning shows for the decision as recorded (a warning,
 * not an error: it was recorded), so the chair sees it until they write a family version of its own.
 */
export function familyReasonField(
  c: Conference,
  ch: Conference['children'][number],
  f: FormState,
  label: string,
): Html {
  const i = c.children.indexOf(ch);
  const recorded = c.decision?.outcomes.find((o) => o.childId === ch.id);
  const gap = recorded ? familyReasonGap(recorded) : undefined;
  const err = errorFor(f, `outcomes.${i}.familyRationale`);
  return html`${gap ? notice(html`<strong>${familyReasonWarning(label, gap)}.</strong>`, 'warning') : ''}${textArea(f, { id: `d-${ch.id}-family`, name: `${ch.id}-familyRationale`, label: FAMILY_REASON_LABEL, hint: FAMILY_REASON_HINT, rows: 3, ...(err ? { error: err } : {}) })}`;
}

/** The key worker and visiting frequency for a child's plan, where the policy asks for them (Hampshire). */
export function planFields(policy: Policy, c: Conference, ch: Conference['children'][number], f: FormState): Html {
  const rules = policy.childProtectionPlan;
  const err = (k: string) => errorFor(f, `outcomes.${c.children.indexOf(ch)}.${k}`);
  const sw = c.attendees
    .filter((a) => a.role === 'social-worker')
    .map((a): [string, string] => [a.id, attendeeWithName(a)]);
  return html`${rules.keyWorker ? select(f, { id: `d-${ch.id}-kw`, name: `${ch.id}-keyWorker`, label: 'Key worker (with a child protection plan)', options: [['', 'Choose the lead social worker'], ...sw], ...(err('keyWorker') ? { error: err('keyWorker')! } : {}) }) : ''}${rules.visitingFrequency ? textInput(f, { id: `d-${ch.id}-visits`, name: `${ch.id}-visitingFrequency`, label: 'How often the key worker sees the child (with a child protection plan)', hint: 'For example: at least every 10 working days', ...(err('visitingFrequency') ? { error: err('visitingFrequency')! } : {}) }) : ''}`;
}

/** A reason box for each safeguard the decision would set aside (no social work report, not quorate). */
export function safeguardFields(policy: Policy, c: Conference, f: FormState): Html {
  const { issues } = decisionSafeguards(policy, c, {});
  return html`${issues.map((i) => notice(html`<strong>${i.message.charAt(0).toUpperCase() + i.message.slice(1)}.</strong>`, 'warning'))}${issues.map(
    (i) =>
      textArea(f, {
        id: `d-${i.field}`,
        name: i.field,
        label:
          i.field === 'inquorateReason'
            ? 'Why the conference decides although it is not quorate'
            : 'Why the conference decides without the reports',
        hint: 'Required. Recorded in the conference record and the professionals’ letter.',
        rows: 3,
        ...(errorFor(f, i.field) ? { error: errorFor(f, i.field)! } : {}),
      }),
  )}`;
}
