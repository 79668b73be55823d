/**
 * The chair's page's exclusions: that someone was asked to leave part of the meeting, which part and
 * on which of the policy's grounds. The same use-case and checks as the API and the Teams checklist
 * card (a chair working from the page had nowhere to record it, so the excluded parent's letter
 * would have quoted what was said while they were out). Shown from the start of the meeting until
 * the decision is approved; the chair's own link proves who acts, so the audit names the chair.
 */
import { attendeeActor } from '../../../app/credentials/actor.ts';
import { recordExclusion } from '../../../app/meeting-day/meeting.ts';
import { mayRecordDecision } from '../../../domain/state-machine.ts';
import { attendeeWithName } from '../../../content/labels.ts';
import {
  button,
  emptyForm,
  errorFor,
  errorSummary,
  hidden,
  html,
  select,
  textInput,
  type FormState,
  type Html,
} from './html.ts';
import type { LinkCtx } from './link-page.ts';
import { one } from './view-fields.ts';

export const EXCLUSION_ACTION = 'exclusion';
export const EXCLUSION_DONE = {
  'exclusion-recorded':
    'The exclusion is recorded. Their letter will leave out that part and wait until someone has told them the decision.',
} as const;

/** Each field's id on the page and its label: the error summary names the field and links to it. */
const FIELDS = {
  attendeeId: { id: 'excl-who', label: 'Who was asked to leave', missing: 'choose who' },
  part: { id: 'excl-part', label: 'Which part of the meeting', missing: 'say which part' },
  ground: { id: 'excl-ground', label: 'Ground (from the local policy)', missing: 'choose one of the grounds' },
} as const;
type Field = keyof typeof FIELDS;
const isField = (f: string): f is Field => f in FIELDS;

/** The form as the use-case takes it: blank fields left out, so the rules say what is missing. */
export async function exclusionAction(ctx: LinkCtx, body: Record<string, unknown>): Promise<string> {
  const input = Object.fromEntries(
    (Object.keys(FIELDS) as Field[]).map((k) => [k, one(body[k]).trim()]).filter(([, v]) => v),
  );
  await recordExclusion(ctx.deps, ctx.link.conference.id, input, attendeeActor(ctx.link.attendee.id));
  return 'exclusion-recorded';
}

/** The use-case's problems, each message starting with the field's label as the form shows it. */
export function exclusionErrors(issues: readonly { field: string; message: string }[]) {
  return issues.map((i) => {
    const field = i.field.split('.')[0] ?? i.field;
    if (!isField(field)) return i;
    const message = i.message === 'required' ? FIELDS[field].missing : i.message;
    return { field, message: `${FIELDS[field].label}: ${message}` };
  });
}

export function chairExclusions(ctx: LinkCtx, invalid?: { form: FormState; section?: string }): Html {
  const c = ctx.link.conference;
  if (!mayRecordDecision(c.state)) return html``;
  const policy = ctx.deps.policies.get(c.policyId);
  const f = invalid?.section === EXCLUSION_ACTION ? invalid.form : emptyForm();
  const err = (k: Field) => {
    const e = errorFor(f, k);
    return e ? { error: e } : {};
  };
  const name = (id: string) => {
    const a = c.attendees.find((x) => x.id === id);
    return a ? attendeeWithName(a) : id;
  };
  const recorded = c.exclusions ?? [];
  const people: [string, string][] = [
    ['', 'Choose someone'],
    ...c.attendees.filter((a) => a.role !== 'chair').map((a): [string, string] => [a.id, attendeeWithName(a)]),
  ];
  const grounds: [string, string][] = [
    ['', 'Choose a ground'],
    ...policy.exclusionGrounds.map((g): [string, string] => [g, g]),
  ];
  const ids = Object.fromEntries(Object.entries(FIELDS).map(([k, v]) => [k, v.id]));
  return html`<section class="card" aria-labelledby="excl-h"><h2 id="excl-h">Someone asked to leave part of the meeting</h2><p class="hint">Record it as it happens. What was said while they were out is left out of their letter (and of anyone’s who comes with them), and their letter waits until someone has told them the decision.</p>${
    recorded.length
      ? html`<h3>Recorded</h3><ul>${recorded.map((e) => html`<li>${name(e.attendeeId)}: ${e.part} (${e.ground})</li>`)}</ul>`
      : ''
  }${errorSummary(f, ids)}<form method="post" action="${ctx.action}" novalidate aria-labelledby="excl-h">${hidden('_csrf', ctx.csrf)}${hidden('action', EXCLUSION_ACTION)}${select(f, { id: FIELDS.attendeeId.id, name: 'attendeeId', label: FIELDS.attendeeId.label, options: people, ...err('attendeeId') })}${textInput(f, { id: FIELDS.part.id, name: 'part', label: FIELDS.part.label, hint: 'For example: when the police shared information about a third party. It goes in the professionals’ record, never in the family’s.', ...err('part') })}${select(f, { id: FIELDS.ground.id, name: 'ground', label: FIELDS.ground.label, options: grounds, ...err('ground') })}${button('Record the exclusion', 'button button-secondary')}</form></section>`;
}
