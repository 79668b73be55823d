/**
 * The minutes from the chair's or minute taker's own link: start from the draft the bot builds,
 * or paste the text (or upload it as a plain text file), mark the confidential sections, save; the
 * chair approves, and later corrects approved minutes (a new version with a reason, approved again).
 * Every action is the same use-case the API calls (app/minutes/record-minutes.ts, correct-minutes.ts).
 */
import { attendeeActor } from '../../../app/credentials/actor.ts';
import { correctMinutes } from '../../../app/minutes/correct-minutes.ts';
import { approveMinutes, draftMinutes, minutesText, saveMinutes } from '../../../app/minutes/record-minutes.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../../domain/errors.ts';
import { joinSections } from '../../../domain/minutes.ts';
import {
  button,
  errorFor,
  errorSummary,
  hidden,
  html,
  notice,
  textArea,
  textInput,
  when,
  type FormState,
} from './html.ts';
import type { LinkCtx, LinkPage, PostResult, Rendered } from './link-page.ts';
import { approveCorrectionForm, correctionForm } from './minutes-forms.ts';
import { hasDecision } from '../../../domain/state-machine.ts';

const DONE: Record<string, string> = {
  draft: 'The draft is ready below: edit it and save.',
  saved: 'Saved. The chair approves the minutes when they are ready.',
  approved: 'Approved. Everyone gets their copy now.',
  corrected: 'Correction saved. Approve it below when it is ready: only then does it go out.',
};
/** A text file only: the minutes are split into sections by their headings, which a Word or PDF file does not give us. */
const TEXT_FILE = /\.(txt|md)$/i;
const formCtx = (ctx: LinkCtx) => ({ action: ctx.action, csrf: ctx.csrf, minutes: ctx.link.conference.minutes });

async function render(ctx: LinkCtx, invalid?: { form: FormState }): Promise<Rendered> {
  const c = ctx.link.conference;
  const title = { title: `Minutes – ${c.reference}`, heading: `Minutes: conference ${c.reference}` };
  if (!hasDecision(c.state) || !c.decision)
    return { ...title, body: html`${notice('The minutes are written after the chair has recorded the decision.')}` };
  const sections = c.minutes ? await minutesText(ctx.deps, c) : [];
  const done = ctx.done && DONE[ctx.done] ? notice(DONE[ctx.done]!, 'success') : '';
  const chair = ctx.link.attendee.role === 'chair';
  if (c.minutes?.approvedAt) {
    return {
      ...title,
      body: html`${done}${notice(`The chair approved these minutes on ${when(c.minutes.approvedAt)}.`, 'success')}<ul>${sections.map((s) => html`<li>${s.id}: ${s.heading}${s.confidential ? ' (confidential)' : ''}</li>`)}</ul>${chair ? correctionForm(formCtx(ctx), sections, invalid) : invalid ? errorSummary(invalid.form, { text: 'minutes-text' }) : ''}`,
    };
  }
  if (c.minutes?.corrects) {
    const approve = approveCorrectionForm(formCtx(ctx));
    return {
      ...title,
      body: chair
        ? html`${done}${correctionForm(formCtx(ctx), sections, invalid)}${approve}`
        : html`${notice('The chair is correcting the approved minutes: only the chair edits and approves a correction.')}`,
    };
  }
  const f = invalid?.form ?? {
    values: {
      text: sections.length ? joinSections(sections) : '',
      confidential: sections
        .filter((s) => s.confidential)
        .map((s) => s.id)
        .join(' '),
    },
    errors: [],
  };
  const body = html`${done}${invalid ? errorSummary(invalid.form, { text: 'minutes-text', confidential: 'minutes-confidential', file: 'minutes-file', by: 'minutes-text' }) : ''}
${sections.length ? html`<p>Version ${String(c.minutes!.version)}, saved ${when(c.minutes!.savedAt)}. Sections: ${sections.map((s) => `${s.id} ${s.heading}${s.confidential ? ' (confidential)' : ''}`).join('; ')}.</p>` : ''}
<form method="post" action="${ctx.action}" novalidate>${hidden('_csrf', ctx.csrf)}${hidden('_form', 'draft')}<p>Start from a draft built from the record (attendance, reports, views and the decision for each child, the plan): it replaces what is below.</p>${button('Build the draft', 'button button-secondary')}</form>
<form method="post" action="${ctx.action}" enctype="multipart/form-data" novalidate>${hidden('_csrf', ctx.csrf)}${hidden('_form', 'save')}
${textArea(f, { id: 'minutes-text', name: 'text', label: 'The minutes', hint: 'Start each section with a line "## Heading". Sections are numbered s1, s2, … in order.', rows: 24, ...(errorFor(f, 'text', 'by') ? { error: errorFor(f, 'text', 'by')! } : {}) })}
<div class="field${errorFor(f, 'file') ? ' field-error' : ''}"><label for="minutes-file">Or upload the minutes as a text file</label><p class="hint">A .txt file, with the same "## Heading" lines. It replaces the text above.</p>${errorFor(f, 'file') ? html`<p class="error-message">${errorFor(f, 'file')!}</p>` : ''}<input id="minutes-file" name="file" type="file" accept=".txt,.md,text/plain"></div>
${textInput(f, { id: 'minutes-confidential', name: 'confidential', label: 'Confidential sections', hint: 'Their numbers, e.g. "s3 s7": left out of every copy for the family.', ...(errorFor(f, 'confidential') ? { error: errorFor(f, 'confidential')! } : {}) })}
${button('Save the minutes')}</form>
${chair && sections.length ? html`<form method="post" action="${ctx.action}" novalidate>${hidden('_csrf', ctx.csrf)}${hidden('_form', 'approve')}<h2>Approve</h2><p>Once approved the minutes go to everyone, each in the copy they may have. They cannot be changed afterwards.</p>${button('Approve and send the minutes')}</form>` : ''}`;
  return { ...title, body };
}

const invalidFrom = (err: unknown, values: FormState['values']): PostResult => {
  if (err instanceof ValidationError) {
    return {
      kind: 'invalid',
      form: {
        values,
        errors: err.issues.map((i) => ({
          field: i.field.startsWith('confidentialSections')
            ? 'confidential'
            : i.field.startsWith('text') || i.field === 'attendee'
              ? 'text'
              : i.field,
          message: i.message,
        })),
      },
    };
  }
  if (err instanceof ConflictError || err instanceof ForbiddenError)
    return { kind: 'invalid', form: { values, errors: [{ field: 'text', message: err.message }] } };
  throw err;
};

export const minutesPage: LinkPage = {
  render,
  async post(ctx, body, files) {
    const c = ctx.link.conference;
    const actor = attendeeActor(ctx.link.attendee.id);
    const values = {
      text: typeof body['text'] === 'string' ? body['text'] : '',
      confidential: typeof body['confidential'] === 'string' ? body['confidential'] : '',
      reason: typeof body['reason'] === 'string' ? body['reason'] : '',
    };
    try {
      if (body['_form'] === 'draft') {
        await draftMinutes(ctx.deps, c.id, {}, actor);
        return { kind: 'done', done: 'draft' };
      }
      if (body['_form'] === 'approve') {
        await approveMinutes(ctx.deps, c.id, {}, actor);
        return { kind: 'done', done: 'approved' };
      }
      if (body['_form'] === 'correct') {
        await correctMinutes(
          ctx.deps,
          c.id,
          {
            text: values.text,
            confidentialSections: values.confidential.split(/[\s,]+/).filter(Boolean),
            reason: values.reason,
          },
          actor,
        );
        return { kind: 'done', done: 'corrected' };
      }
      const file = files.find((x) => x.field === 'file' && x.content.length);
      if (file && !TEXT_FILE.test(file.filename))
        return {
          kind: 'invalid',
          form: {
            values,
            errors: [
              {
                field: 'file',
                message:
                  'Upload the minutes as a plain text file (.txt); for a Word or PDF document, paste its text instead',
              },
            ],
          },
        };
      const text = file ? file.content.toString('utf8') : values.text;
      const confidentialSections = values.confidential.split(/[\s,]+/).filter(Boolean);
      await saveMinutes(ctx.deps, c.id, { text, confidentialSections }, actor);
      return { kind: 'done', done: 'saved' };
    } catch (err) {
      return invalidFrom(err, values);
    }
  },
};
