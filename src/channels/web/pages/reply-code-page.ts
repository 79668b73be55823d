/**
 * `/r`: where a person with a letter types the reply code printed on it (app/credentials/reply-codes.ts). A
 * right code takes them (303) to their personal page, the same one the email's link opens; a wrong,
 * expired or replaced code gets a plain page and changes nothing. No script; the form carries a
 * CSRF token; guesses are rate-limited per client far below what could find a code.
 */
import express, { Router, type RequestHandler } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import { LinkError, type LinkRefusal } from '../../../app/credentials/links.ts';
import { normaliseCode, openReplyCode, REPLY_CODE_PATH } from '../../../app/credentials/reply-codes.ts';
import type { Logger } from '../../../infra/logger.ts';
import { button, emptyForm, errorSummary, hidden, html, textInput, type FormState } from './html.ts';
import { sendPage } from './link-refused.ts';
import type { Csrf } from './security.ts';

const BINDING = 'reply-code';

const REFUSED: Partial<Record<LinkRefusal, { status: number; text: string }>> = {
  expired: {
    status: 410,
    text: 'This code has expired. Codes work until the meeting they are about. Ask your social worker or the conference coordinator.',
  },
  revoked: {
    status: 410,
    text: 'This code has been replaced. Use the code in the newest letter from us, or ask your social worker or the conference coordinator.',
  },
  closed: { status: 410, text: 'This code no longer works: the conference has been cancelled or closed.' },
  'not-open': { status: 410, text: 'This code is not in use now: answers are closed for this meeting.' },
};

function form(csrf: string, f: FormState = emptyForm()): ReturnType<typeof html> {
  const error = f.errors[0]?.message;
  return html`${errorSummary(f, { code: 'code' })}
<p>Type the code from your letter. It has 8 letters and numbers, for example <strong>K7QM-3XHP</strong>. Capital or small letters both work.</p>
<form method="post" action="${REPLY_CODE_PATH}" novalidate>${hidden('_csrf', csrf)}${textInput(f, { id: 'code', name: 'code', label: 'Your code', autocomplete: 'off', inputmode: 'text', ...(error ? { error } : {}) })}${button('Continue')}</form>
<p>If you do not have a letter with a code, contact your social worker.</p>`;
}

export function replyCodeRoutes(deps: AppDeps, csrf: Csrf, logger: Logger, guessLimit: RequestHandler): Router {
  const r = Router();
  const title = 'Your code';
  const heading = 'Type the code from your letter';

  r.get(REPLY_CODE_PATH, (req, res) =>
    sendPage(res, 200, { title, heading, body: form(csrf.token(req, res, BINDING)) }),
  );

  r.post(
    REPLY_CODE_PATH,
    guessLimit,
    express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }),
    async (req, res) => {
      if (!csrf.check(req, BINDING)) {
        return sendPage(res, 403, {
          title,
          heading: 'This form has expired',
          body: html`<p>For your security the form could not be sent. Go back, reload the page and try again.</p>`,
        });
      }
      const typed = String((req.body as Record<string, unknown> | undefined)?.['code'] ?? '').slice(0, 40);
      const invalid = (message: string, status = 400) =>
        sendPage(res, status, {
          title,
          heading,
          body: form(csrf.token(req, res, BINDING), { values: { code: typed }, errors: [{ field: 'code', message }] }),
        });
      if (!typed.trim()) return invalid('Enter the code from your letter');
      if (!normaliseCode(typed))
        return invalid('A code has 8 letters and numbers, such as K7QM-3XHP: check it against your letter');
      try {
        const link = await openReplyCode(deps, typed);
        res.redirect(303, `/l/${link.token}`);
      } catch (err) {
        if (!(err instanceof LinkError)) {
          logger.error('reply code page failed', { err });
          return sendPage(res, 500, {
            title,
            heading: 'Something went wrong',
            body: html`<p>Please try again in a few minutes.</p>`,
          });
        }
        const refusal = REFUSED[err.reason];
        if (!refusal) return invalid('We do not recognise this code: check it against your letter', 404);
        sendPage(res, refusal.status, {
          title,
          heading: 'This code does not work',
          body: html`<p>${refusal.text}</p><p>Nothing has been changed.</p>`,
        });
      }
    },
  );
  return r;
}
