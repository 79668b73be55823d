/** Will you attend? And, for a professional who cannot, a colleague to go in their place. */
import { DeputyInput, nominateDeputy } from '../../../app/conference/nominate-deputy.ts';
import { fieldIssues } from '../../../domain/errors.ts';
import { recordRsvp } from '../../../app/invitations/record-rsvp.ts';
import { FAMILY_ROLES, type Role } from '../../../domain/vocabulary.ts';
import { calendarStart } from '../../../app/invitations/invite-calendar.ts';
import { comesWith, companionKindOf } from '../../../app/invitations/invite-letters.ts';
import { companionAs } from '../../../content/templates/core-group-invite.ts';
import { emptyForm, errorFor, facts, html, longDay, clock, textInput, type FormState } from './html.ts';
import { RSVP_LABEL } from '../../../content/labels.ts';
import { answerForm, answerThanks, checkAnswer, sendAnswer } from './answer-field.ts';
import { roleLabel } from '../../../content/words.ts';
import { whoItIsAboutRows } from './labels.ts';
import type { LinkCtx, LinkPage, Rendered } from './link-page.ts';
import { one } from './view-fields.ts';
import { readableReports } from '../../../app/reports/report-access.ts';
import { familyReportsSection, reportsLink } from './reports-page.ts';

/** Not family, but there for them: plain words, no colleague to send in their place. */
const COMES_WITH_FAMILY: ReadonlySet<Role> = new Set<Role>(['supporter', 'advocate']);

/** Who someone who comes with a family member comes as ('the interpreter for a parent'), or undefined. */
function comesAs(c: LinkCtx['link']['conference'], a: LinkCtx['link']['attendee']): string | undefined {
  const kind = companionKindOf(a);
  return kind ? companionAs({ kind, ...comesWith(c, a) }) : undefined;
}

async function render(ctx: LinkCtx, invalid?: { form: FormState }): Promise<Rendered> {
  const { conference: c, attendee: a } = ctx.link;
  // Plain words for the family and whoever comes with them; the parents' own lines for parents only.
  const parent = FAMILY_ROLES.has(a.role);
  // Whoever comes with a family member (an interpreter too) is greeted as who they are, in plain words.
  const as = comesAs(c, a);
  const family = parent || COMES_WITH_FAMILY.has(a.role) || Boolean(as);
  const f = invalid?.form ?? emptyForm({ answer: a.rsvp === 'needs-action' ? '' : a.rsvp });
  // Their own calendar start: a parent's own slot, a companion's parent's, a child's advocate's when the meeting starts.
  const joinAt = calendarStart(c, a);
  // The family's own page is this one: the reports shared with them are shown here.
  const reports = await readableReports(ctx.deps, c, a);
  const done =
    ctx.done === 'rsvp'
      ? answerThanks(
          a.rsvp,
          a.rsvp === 'declined' && !family
            ? ' If you nominated a colleague, the coordinator will send them an invitation.'
            : '',
        )
      : '';
  const body = html`${done}
${facts([
  ['Conference', c.reference],
  ['When', `${longDay(joinAt)}, ${family ? 'please come at' : 'join at'} ${clock(joinAt)} (London time)`],
  ...(family ? [] : ([['Your role', roleLabel(a.role, a.agency)]] as [string, string][])),
  ...whoItIsAboutRows(c, ctx.deps.policies.get(c.policyId), a),
  [family ? 'Your answer so far' : 'Your answer', RSVP_LABEL[a.rsvp]],
])}
${parent ? html`<p>You can bring someone to support you, such as a friend or relative. If your child would like an advocate (someone who helps them say what they think), tell the social worker.</p>` : ''}
${answerForm(ctx, f, {
  family,
  fieldIds: { answer: 'answer', name: 'deputy-name', email: 'deputy-email' },
  more: family
    ? ''
    : html`<fieldset class="group"><legend>If you cannot attend: a colleague to go in your place</legend><p class="hint">Optional. We will ask the coordinator to invite them. Please still send your report.</p>${textInput(f, { id: 'deputy-name', name: 'deputyName', label: 'Colleague’s name', autocomplete: 'off', ...(errorFor(f, 'name') ? { error: errorFor(f, 'name')! } : {}) })}${textInput(f, { id: 'deputy-email', name: 'deputyEmail', type: 'email', label: 'Colleague’s work email address', autocomplete: 'off', ...(errorFor(f, 'email') ? { error: errorFor(f, 'email')! } : {}) })}</fieldset>`,
})}
${familyReportsSection(ctx, reports)}${reportsLink(ctx, reports.kind)}`;
  return {
    title: `Your answer – ${c.reference}`,
    heading: as
      ? `Can you come to the meeting as ${as}?`
      : family
        ? 'Can you come to the meeting?'
        : `Will you attend conference ${c.reference}?`,
    body,
  };
}

export const rsvpPage: LinkPage = {
  render,
  async post(ctx, body) {
    const { conference: c, attendee: a } = ctx.link;
    const answer = one(body['answer']);
    const values = { answer, deputyName: one(body['deputyName']), deputyEmail: one(body['deputyEmail']) };
    const given = checkAnswer(values);
    if ('kind' in given) return given;
    if (!a.email)
      return {
        kind: 'invalid',
        form: { values, errors: [{ field: 'answer', message: 'Please phone the coordinator to give your answer' }] },
      };
    const deputy =
      !FAMILY_ROLES.has(a.role) &&
      !COMES_WITH_FAMILY.has(a.role) &&
      !comesAs(c, a) &&
      (values.deputyName.trim() || values.deputyEmail.trim());
    if (deputy) {
      const checked = DeputyInput.safeParse({ name: values.deputyName, email: values.deputyEmail });
      if (!checked.success) return { kind: 'invalid', form: { values, errors: fieldIssues(checked.error.issues) } };
    }
    // The same use-case as a calendar reply: the signed link proved who this is.
    const refused = await sendAnswer(
      values,
      'The meeting has already happened or been cancelled, so answers are closed',
      async () => {
        await recordRsvp(ctx.deps, {
          conferenceId: c.id,
          attendeeId: a.id,
          partstat: given.answer,
          ...(deputy ? { deputyNamed: true } : {}),
        });
        if (deputy) await nominateDeputy(ctx.deps, c, a.id, { name: values.deputyName, email: values.deputyEmail });
      },
    );
    if (refused) return refused;
    return { kind: 'done', done: 'rsvp' };
  },
};
