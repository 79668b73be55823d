/** A professional's report upload: a file or pasted text, and when they shared it with each parent. */
import { reportSharingTargets } from '../../../domain/disclosure.ts';
import { assertLinkOpen, LINK_RULES } from '../../../app/credentials/links.ts';
import { calendarDate } from '../../../content/format.ts';
import { recordReportSharing } from '../../../app/chat/replies.ts';
import { recordReport } from '../../../app/reports/record-report.ts';
import { recordFamilyVersion, reportReader } from '../../../app/reports/report-access.ts';
import { reportsLink } from './reports-page.ts';
import { bidiMessage, hasBidiControl } from '../../../app/shared/text-input.ts';
import { isCalendarDate, londonDate } from '../../../app/shared/time.ts';
import type { FieldIssue } from '../../../domain/errors.ts';
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import {
  button,
  emptyForm,
  errorFor,
  errorSummary,
  facts,
  hidden,
  html,
  notice,
  textArea,
  textInput,
  when,
  type FormState,
} from './html.ts';
import { mayOpenWhoItIsAbout } from '../../../content/templates/who-it-is-about.ts';
import { familyMemberLabel } from '../../../content/labels.ts';
import { roleLabel } from '../../../content/words.ts';
import { whoItIsAboutRows } from './labels.ts';
import type { LinkCtx, LinkPage, Rendered } from './link-page.ts';
import { one } from './view-fields.ts';

const STATUS: Record<string, string> = {
  'not-requested': 'Not requested',
  requested: 'Requested, not received yet',
  reminded: 'Reminder sent, not received yet',
  overdue: 'Overdue',
  escalated: 'Overdue (your manager has been told)',
  received: 'Received',
};

const parents = (ctx: LinkCtx) => reportSharingTargets(ctx.link.conference.attendees);

/**
 * One fieldset per parent or carer: the date the report was shared with them and anything
 * withheld. With the upload before the report is in; on its own form once it is (a date can be
 * given at any time, without sending the report again).
 */
function sharingFields(ctx: LinkCtx, f: FormState, level: 'h3' | 'p') {
  const c = ctx.link.conference;
  const r = c.reports[ctx.link.attendee.id];
  if (!parents(ctx).length) return '';
  const recorded = new Map((r?.submissions ?? []).flatMap((s) => s.sharedWithFamily ?? []).map((x) => [x.parentId, x]));
  const intro =
    level === 'h3'
      ? html`<h3>Sharing it with the family</h3>`
      : html`<p>Give the date you shared and discussed the report with each parent or carer. The chair sees these dates.</p>`;
  return html`${intro}${parents(ctx).map((p) => {
    // A professional who may see the family's names gets them beside the number, so a date is never put against the wrong parent.
    const label = familyMemberLabel(c, p.id);
    const named = mayOpenWhoItIsAbout(c, ctx.deps.policies.get(c.policyId), ctx.link.attendee) ? ` (${p.name})` : '';
    const e = errorFor(f, `shared-${p.id}`);
    const done = recorded.get(p.id);
    const hint = done
      ? `Recorded: shared on ${calendarDate(done.sharedOn)}. Enter a date only to change it.`
      : 'Leave blank if you have not shared it.';
    const who = `${label.toLowerCase()}${named}`;
    return html`<fieldset class="group"><legend>${label}${named}</legend>${textInput(f, { id: `shared-${p.id}`, name: `shared-${p.id}`, type: 'date', label: `I shared it with ${who} on`, hint, ...(e ? { error: e } : {}) })}${textArea(f, { id: `withheld-${p.id}`, name: `withheld-${p.id}`, label: `Anything withheld from ${who}, and why`, rows: 3 })}</fieldset>`;
  })}`;
}

/**
 * The version the family may open from their own page: the report with the withheld parts taken
 * out. They see it only once this author records sharing the report with them; without it they
 * are told to ask the social worker for a copy.
 */
function familyVersionForm(ctx: LinkCtx, f: FormState) {
  const r = ctx.link.conference.reports[ctx.link.attendee.id]!;
  const latest = r.familyVersions?.at(-1);
  const err = errorFor(f, 'family', 'familyFile');
  return html`<h2 id="family-version">A version for the family</h2>
<p>Optional. Parents and carers you record sharing the report with can open this version from their own page. Remove anything withheld from them first. Without it, they are told to ask the social worker for a copy.</p>
${latest ? html`<p>You sent a version for the family on ${when(latest.at)}. Sending another replaces it.</p>` : ''}
<form method="post" action="${ctx.action}" enctype="multipart/form-data" novalidate>
${hidden('_csrf', ctx.csrf)}${hidden('_form', 'family')}
<div class="field${err ? ' field-error' : ''}"><label for="family-file">File for the family</label><p class="hint" id="family-file-hint">A PDF or Word document, up to 10 MB, with the withheld parts removed.</p>${err ? html`<p class="error-message" id="family-file-error"><span class="visually-hidden">Error: </span>${err}</p>` : ''}<input id="family-file" name="familyFile" type="file" accept=".pdf,.doc,.docx,.odt,.rtf,.txt,application/pdf" aria-describedby="family-file-hint"></div>
${textArea(f, { id: 'family-text', name: 'familyText', label: 'Or paste the text for the family', rows: 8 })}
${button('Send the version for the family')}
</form>`;
}

function render(ctx: LinkCtx, invalid?: { form: FormState }): Rendered {
  const { conference: c, attendee: a } = ctx.link;
  const r = c.reports[a.id]!;
  const policy = ctx.deps.policies.get(c.policyId);
  const f = invalid?.form ?? emptyForm();
  const ids: Record<string, string> = { report: 'report-file', file: 'report-file', text: 'report-text' };
  for (const p of parents(ctx)) ids[`shared-${p.id}`] = `shared-${p.id}`;
  ids['signedBy'] = 'signed-by';
  ids['family'] = 'family-file';
  ids['familyFile'] = 'family-file';
  ids['familyText'] = 'family-text';
  ids['readBy'] = 'read-by';
  const received = r.status === 'received';
  const body = html`${ctx.done === 'family' ? notice(html`<strong>Thank you. We have saved the version for the family.</strong> Parents and carers you recorded sharing the report with can open it from their own page.`, 'success') : ''}${ctx.done === 'sharing' ? notice(html`<strong>Thank you. We have saved when you shared your report.</strong> The chair can see it.`, 'success') : ''}${ctx.done === 'report' && received ? notice(html`<strong>Thank you. We received your report on ${when(r.receivedAt)}.</strong> The chair has been told. Reminders about this report have stopped.`, 'success') : ''}
${facts([
  ['Conference', c.reference],
  ...whoItIsAboutRows(c, ctx.deps.policies.get(c.policyId), a),
  ['Your role', roleLabel(a.role, a.agency)],
  ['Report due', r.dueAt ? `${when(r.dueAt)} (London time)` : 'Before the conference'],
  [
    'Status',
    received
      ? `Received ${when(r.receivedAt)}${r.submissions.length > 1 ? ` (${r.submissions.length} versions)` : ''}`
      : (STATUS[r.status] ?? r.status),
  ],
])}
${policy.reports.sharedWithFamilyFirst ? notice('Share and discuss your report with the family before you send it.') : ''}
<h2>${received ? 'Send an updated version' : 'Send your report'}</h2>
${errorSummary(f, ids)}
<form method="post" action="${ctx.action}" enctype="multipart/form-data" novalidate>
${hidden('_csrf', ctx.csrf)}
<div class="field${errorFor(f, 'report', 'file') ? ' field-error' : ''}"><label for="report-file">Report file</label><p class="hint" id="report-file-hint">A PDF or Word document, up to 10 MB.</p>${errorFor(f, 'report', 'file') ? html`<p class="error-message" id="report-file-error"><span class="visually-hidden">Error: </span>${errorFor(f, 'report', 'file')}</p>` : ''}<input id="report-file" name="file" type="file" accept=".pdf,.doc,.docx,.odt,.rtf,.txt,application/pdf" aria-describedby="report-file-hint"></div>
${textArea(f, { id: 'report-text', name: 'text', label: 'Or paste the report text', hint: `Use the ${policy.reports.format.name} format.`, rows: 10 })}
${received ? '' : sharingFields(ctx, f, 'h3')}
${policy.reports.signedAndReadRequired ? html`<h3>Signature</h3>${textInput(f, { id: 'signed-by', name: 'signedBy', label: 'Signed by (your name and role)', autocomplete: 'name', ...(errorFor(f, 'signedBy') ? { error: errorFor(f, 'signedBy')! } : {}) })}${textInput(f, { id: 'read-by', name: 'readBy', label: 'Read before sending by (name and role, for example your manager)', ...(errorFor(f, 'readBy') ? { error: errorFor(f, 'readBy')! } : {}) })}` : ''}
${button(received ? 'Send the updated report' : 'Send the report')}
</form>
${
  received && parents(ctx).length
    ? html`<h2 id="sharing">Sharing it with the family</h2>
<form method="post" action="${ctx.action}" novalidate>
${hidden('_csrf', ctx.csrf)}${hidden('_form', 'sharing')}
${sharingFields(ctx, f, 'p')}
${button('Save when I shared it')}
</form>
${familyVersionForm(ctx, f)}`
    : ''
}
${reportsLink(ctx, reportReader(c, ctx.deps, a))}`;
  return { title: `Report for ${c.reference}`, heading: `Your report for conference ${c.reference}`, body };
}

/** A rule's field as this page's form names it. */
function pageIssue(i: FieldIssue): FieldIssue {
  if (i.field === 'report') return { ...i, message: 'Choose the report file or paste its text' };
  if (/^attachments\.\d+\.content$/.test(i.field)) return { field: 'file', message: `The file ${i.message}` };
  if (i.field.startsWith('attachments.')) return { field: 'file', message: `The file’s name ${i.message}` };
  if (i.message.startsWith('contains an invisible')) return { ...i, message: `This ${i.message}` };
  return i;
}

export const reportPage: LinkPage = {
  render,
  async post(ctx, body, files) {
    const { conference: c, attendee: a } = ctx.link;
    const issues: FieldIssue[] = [];
    const shared: { parentId: string; sharedOn: string; withheld?: string }[] = [];
    const today = londonDate(ctx.now);
    for (const p of parents(ctx)) {
      const on = one(body[`shared-${p.id}`]).trim();
      const withheld = one(body[`withheld-${p.id}`]).trim().slice(0, 2000);
      if (!on) {
        // What was withheld belongs to a sharing: without its date it would be dropped unseen.
        if (withheld)
          issues.push({
            field: `shared-${p.id}`,
            message: `Give the date you shared it with ${familyMemberLabel(c, p.id).toLowerCase()} as well as what was withheld`,
          });
        continue;
      }
      if (hasBidiControl(withheld))
        issues.push({ field: `withheld-${p.id}`, message: `What you withheld ${bidiMessage(withheld)}` });
      if (!isCalendarDate(on))
        issues.push({
          field: `shared-${p.id}`,
          message: `Enter the date you shared it with ${familyMemberLabel(c, p.id).toLowerCase()}, for example 2027-01-04`,
        });
      else if (on > today)
        issues.push({ field: `shared-${p.id}`, message: 'The date you shared it cannot be in the future' });
      else shared.push({ parentId: p.id, sharedOn: on, ...(withheld ? { withheld } : {}) });
    }
    const policy = ctx.deps.policies.get(c.policyId);
    const signedBy = one(body['signedBy']).trim().slice(0, 200);
    const readBy = one(body['readBy']).trim().slice(0, 200);
    if (policy.reports.signedAndReadRequired) {
      if (!signedBy) issues.push({ field: 'signedBy', message: 'Sign the report: enter your name and role' });
      if (!readBy) issues.push({ field: 'readBy', message: 'Enter who read the report before you sent it' });
    }
    const values = Object.fromEntries(
      Object.entries(body)
        .filter(([k]) => k !== '_csrf')
        .map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
    );
    if (issues.length) return { kind: 'invalid', form: { values, errors: issues } };
    if (one(body['_form']) === 'family') {
      try {
        await recordFamilyVersion(ctx.deps, {
          conferenceId: c.id,
          attendeeId: a.id,
          text: one(body['familyText']),
          attachments: files
            .filter((x) => x.field === 'familyFile' && x.content.length > 0)
            .map((x) => ({ filename: x.filename, contentType: x.contentType, content: x.content })),
        });
      } catch (err) {
        if (err instanceof ValidationError)
          return {
            kind: 'invalid',
            form: {
              values,
              errors: err.issues.map((i) =>
                i.field === 'text'
                  ? { ...i, field: 'familyText' }
                  : /^attachments\.\d+\.content$/.test(i.field)
                    ? { field: 'familyFile', message: `The file ${i.message}` }
                    : i.field.startsWith('attachments')
                      ? { field: 'familyFile', message: `The file’s name ${i.message}` }
                      : i,
              ),
            },
          };
        if (err instanceof ConflictError)
          assertLinkOpen((await ctx.deps.store.get(c.id)) ?? { ...c, state: 'cancelled' }, 'report');
        throw err;
      }
      return { kind: 'done', done: 'family' };
    }
    if (one(body['_form']) === 'sharing') {
      const first = parents(ctx)[0];
      if (!shared.length)
        return {
          kind: 'invalid',
          form: {
            values,
            errors: [
              {
                field: first ? `shared-${first.id}` : 'shared',
                message: 'Enter the date you shared it with at least one parent or carer',
              },
            ],
          },
        };
      try {
        await recordReportSharing(ctx.deps, c, a, shared);
      } catch (err) {
        if (err instanceof ValidationError)
          return { kind: 'invalid', form: { values, errors: err.issues.map(pageIssue) } };
        throw err;
      }
      return { kind: 'done', done: 'sharing' };
    }
    try {
      await recordReport(
        ctx.deps,
        {
          conferenceId: c.id,
          attendeeId: a.id,
          channel: 'web',
          text: one(body['text']),
          attachments: files
            .filter((x) => x.field !== 'familyFile' && x.content.length > 0)
            .map((x) => ({ filename: x.filename, contentType: x.contentType, content: x.content })),
          ...(shared.length ? { sharedWithFamily: shared } : {}),
          ...(signedBy ? { signedBy } : {}),
          ...(readBy ? { readBy } : {}),
        },
        { acceptIn: LINK_RULES.report.opensIn },
      );
    } catch (err) {
      if (err instanceof ValidationError)
        return { kind: 'invalid', form: { values, errors: err.issues.map(pageIssue) } };
      // The meeting started or the conference was cancelled while the form was being sent.
      if (err instanceof ConflictError)
        assertLinkOpen((await ctx.deps.store.get(c.id)) ?? { ...c, state: 'cancelled' }, 'report');
      throw err;
    }
    return { kind: 'done', done: 'report' };
  },
};
