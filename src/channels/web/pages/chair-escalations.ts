/**
 * The chair's page's disagreements escalated (issue #19.5): each escalation with its route, due date
 * and the form that records its outcome, and the form that escalates a professional's or the family's
 * disagreement. The same section and use-cases as the dashboard's; the chair's own link proves who
 * acts, so the audit names the chair.
 */
import { attendeeActor } from '../../../app/credentials/actor.ts';
import { openEscalation, resolveEscalation } from '../../../app/follow-ups/escalations.ts';
import { attendeeWithName } from '../../../content/labels.ts';
import { escalationInput, escalationsSection } from './dashboard/escalations-section.ts';
import { html, type FormState, type Html } from './html.ts';
import type { LinkCtx } from './link-page.ts';
import { one } from './view-fields.ts';

export const ESCALATION_ACTIONS: ReadonlySet<string> = new Set(['escalate', 'resolve-escalation']);

/** Which form on the page an escalation action's errors belong to: `esc-open`, or `esc-<escalation id>`. */
export const escalationFormOf = (action: string, body: Record<string, unknown>): string =>
  action === 'escalate' ? 'esc-open' : `esc-${one(body['escalationId'])}`;

/** What the page's forms post, blanks left out so the use-case names what is missing. */
export async function escalationAction(ctx: LinkCtx, action: string, body: Record<string, unknown>): Promise<string> {
  const c = ctx.link.conference;
  const actor = attendeeActor(ctx.link.attendee.id);
  const filled = (...keys: string[]) =>
    Object.fromEntries(keys.map((k) => [k, one(body[k]).trim()]).filter(([, v]) => v)) as Record<string, string>;
  if (action === 'escalate') {
    await openEscalation(ctx.deps, c.id, escalationInput(filled('childId', 'who', 'concern')), actor);
    return 'escalated';
  }
  await resolveEscalation(ctx.deps, c.id, one(body['escalationId']), filled('outcome'), actor);
  return 'escalation-resolved';
}

export function chairEscalations(ctx: LinkCtx, invalid?: { form: FormState; section?: string }): Html {
  const c = ctx.link.conference;
  const name = (id?: string) => {
    const a = id ? c.attendees.find((x) => x.id === id) : undefined;
    return a ? attendeeWithName(a) : (id ?? '');
  };
  const section = invalid?.section ?? '';
  const error =
    section === 'esc-open'
      ? { form: invalid!.form }
      : section.startsWith('esc-')
        ? { escalationId: section.slice(4), form: invalid!.form }
        : undefined;
  const inner = escalationsSection(c, name, {
    csrf: ctx.csrf,
    now: ctx.now,
    posts: { action: ctx.action },
    ...(error ? { error } : {}),
  });
  return inner.value ? html`<section class="card">${inner}</section>` : html``;
}
