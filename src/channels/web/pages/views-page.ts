/** An attendee's view for each child during the meeting: the same fields and rules as the Teams card and the API. */
import { recordView } from '../../../app/meeting-day/meeting.ts';
import { attendeeActor } from '../../../app/credentials/actor.ts';
import { ownView } from '../../../domain/authority.ts';
import { childrenFor } from '../../../domain/disclosure.ts';
import { ConflictError, IllegalTransitionError, ValidationError } from '../../../domain/errors.ts';
import { FAMILY_ROLES } from '../../../domain/vocabulary.ts';
import { button, emptyForm, errorSummary, hidden, html, notice, when, type FormState } from './html.ts';
import { childNumber, childWithAge } from '../../../content/labels.ts';
import type { LinkCtx, LinkPage, Rendered } from './link-page.ts';
import { friendlyIssues, one, readViewFields, viewFieldIds, viewFields, viewSummary } from './view-fields.ts';
import { reportReader } from '../../../app/reports/report-access.ts';
import { reportsLink } from './reports-page.ts';
import { ifYouDisagree } from '../../../content/templates/escalation-notice.ts';

function render(ctx: LinkCtx, invalid?: { form: FormState; section?: string }): Rendered {
  const { conference: c, attendee: a } = ctx.link;
  const policy = ctx.deps.policies.get(c.policyId);
  const plain = FAMILY_ROLES.has(a.role);
  const round = c.viewRound?.state;
  const intro =
    round === 'closed'
      ? notice(
          plain
            ? 'The chair has stopped taking views. Thank you.'
            : 'The chair has closed the round of views: views can no longer be changed.',
        )
      : round === 'open'
        ? html`<p>${plain ? 'Tell the chair what you think should happen for each child. Only the chair and the people in the meeting will see it. You can change your answer until the chair stops taking views.' : 'Give your view for each child. You can change it until the chair closes the round.'}</p>`
        : notice(
            plain
              ? 'The chair has not asked for views yet. You can fill this in when the chair asks.'
              : 'The chair has not opened the round of views yet. You can give your view once the meeting has started.',
          );
  const theirChildren = new Set(childrenFor(c, a));
  const sections = c.children.map((child) => {
    if (!theirChildren.has(child.id)) return '';
    const label = childWithAge(c, child, ctx.now);
    const n = childNumber(c, child.id);
    const mine = ownView(c, a.id, child.id);
    const prefix = `v-${child.id}`;
    const f =
      invalid && invalid.section === child.id
        ? invalid.form
        : emptyForm(
            mine
              ? {
                  recommendation: mine.recommendation ?? '',
                  categories: mine.categories,
                  rationale: mine.rationale,
                  scale: mine.scale === undefined ? '' : String(mine.scale),
                }
              : {},
          );
    const saved =
      ctx.done === `view-${child.id}` && mine
        ? notice(
            html`<strong>Your view for ${label} is saved</strong> (${when(mine.at)}).<br>${ifYouDisagree(policy, plain)}`,
            'success',
          )
        : '';
    return html`<section class="card" aria-labelledby="${prefix}-h"><h2 id="${prefix}-h">${label}</h2>${saved}
${mine && round === 'closed' ? viewSummary(mine, plain) : ''}
${round !== 'closed' ? html`${errorSummary(f, viewFieldIds(prefix))}<form method="post" action="${ctx.action}" novalidate>${hidden('_csrf', ctx.csrf)}${hidden('childId', child.id)}${viewFields(policy, f, { prefix, plain, childLabel: n, kind: 'view' })}${button(mine ? `Change my view for ${n}` : `Save my view for ${n}`)}</form>` : ''}</section>`;
  });
  return {
    title: `Your view – ${c.reference}`,
    heading: plain ? 'What do you think should happen?' : `Your view: conference ${c.reference}`,
    body: html`${intro}${reportsLink(ctx, reportReader(c, ctx.deps, a))}${sections}`,
  };
}

export const viewsPage: LinkPage = {
  render,
  async post(ctx, body) {
    const { conference: c, attendee: a } = ctx.link;
    const childId = one(body['childId']);
    const fields = readViewFields(body);
    const values = {
      recommendation: fields.recommendation ?? '',
      categories: fields.categories,
      rationale: fields.rationale,
      scale: one(body['scale']),
    };
    // Only the chair starts the meeting and opens the round: an attendee's link waits for it.
    if (c.viewRound?.state !== 'open') {
      const message = FAMILY_ROLES.has(a.role)
        ? 'The chair has not asked for views yet. Please wait until the chair asks.'
        : 'The chair has not opened the round of views yet: your view was not saved.';
      return { kind: 'invalid', form: { values, errors: [{ field: 'recommendation', message }] }, section: childId };
    }
    try {
      await recordView(ctx.deps, c.id, { attendeeId: a.id, childId, ...fields }, attendeeActor(a.id));
    } catch (err) {
      if (err instanceof ValidationError)
        return { kind: 'invalid', form: { values, errors: friendlyIssues(err.issues) }, section: childId };
      if (err instanceof ConflictError || err instanceof IllegalTransitionError)
        return {
          kind: 'invalid',
          form: { values, errors: [{ field: 'recommendation', message: err.message }] },
          section: childId,
        };
      throw err;
    }
    return { kind: 'done', done: `view-${childId}` };
  },
};
