/**
 * The chair's minutes correction forms, shared by the chair's own link (minutes-page.ts) and the
 * dashboard signed in as the chair (dashboard/minutes-routes.ts): both post `_form` = `correct` or
 * `approve` to their own address.
 */
import type { Minutes } from '../../../domain/conference.ts';
import { joinSections } from '../../../domain/minutes.ts';
import {
  button,
  errorFor,
  errorSummary,
  hidden,
  html,
  textArea,
  textInput,
  type FormState,
  type Html,
} from './html.ts';

export interface MinutesFormCtx {
  action: string;
  csrf: string;
  minutes: Minutes | undefined;
}

/** The chair's correction: the whole corrected text, its confidential sections and the reason every recipient reads. */
export function correctionForm(
  ctx: MinutesFormCtx,
  sections: readonly { id: string; heading: string; text: string; confidential: boolean }[],
  invalid?: { form: FormState },
) {
  const f = invalid?.form ?? {
    values: {
      text: joinSections(sections),
      confidential: sections
        .filter((s) => s.confidential)
        .map((s) => s.id)
        .join(' '),
      reason: ctx.minutes?.approvedAt ? '' : (ctx.minutes?.corrects?.reason ?? ''),
    },
    errors: [],
  };
  const err = (k: string) => (errorFor(f, k) ? { error: errorFor(f, k)! } : {});
  return html`${invalid ? errorSummary(invalid.form, { text: 'correction-text', confidential: 'correction-confidential', reason: 'correction-reason' }) : ''}<form method="post" action="${ctx.action}" novalidate>${hidden('_csrf', ctx.csrf)}${hidden('_form', 'correct')}<h2>Correct the minutes</h2><p>A correction is a new version: it goes nowhere until you approve it, then to everyone who had the minutes, each in their own copy.</p>
${textArea(f, { id: 'correction-text', name: 'text', label: 'The corrected minutes', hint: 'The whole text, each section under its "## Heading" line.', rows: 24, ...err('text') })}
${textInput(f, { id: 'correction-confidential', name: 'confidential', label: 'Confidential sections', hint: 'Their numbers, e.g. "s3 s7": left out of every copy for the family.', ...err('confidential') })}
${textInput(f, { id: 'correction-reason', name: 'reason', label: 'Why the minutes are corrected', hint: 'Every recipient reads this: "This corrects the minutes sent on …: <your reason>". Roles, not names.', ...err('reason') })}
${button('Save the correction')}</form>`;
}

/** Approving the chair's correction: only then does it go out. */
export const approveCorrectionForm = (ctx: Pick<MinutesFormCtx, 'action' | 'csrf'>): Html =>
  html`<form method="post" action="${ctx.action}" novalidate>${hidden('_csrf', ctx.csrf)}${hidden('_form', 'approve')}<h2>Approve the correction</h2><p>Once approved the corrected minutes go to everyone who had the minutes, each in the copy they may have, saying what they correct and why.</p>${button('Approve and send the correction')}</form>`;
