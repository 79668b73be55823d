/**
 * The pages a personal link answers with when it cannot be used (tampered, expired, replaced, closed,
 * not open at this stage) or a form cannot be read: plain pages naming the conference reference at
 * most, never a child, family or attendee name, and each saying that nothing has been changed.
 */
import type { Response } from 'express';
import type { LinkError, LinkPurpose, LinkRefusal } from '../../../app/credentials/links.ts';
import { html, page } from './html.ts';
import type { Rendered } from './link-page.ts';

const REFUSED: Record<LinkRefusal, { status: number; heading: string; text: string }> = {
  tampered: {
    status: 404,
    heading: 'This link does not work',
    text: 'The link may have been copied incompletely or changed. Use the whole link from your email, or ask the conference coordinator to send you a new one.',
  },
  unknown: {
    status: 404,
    heading: 'This link does not work',
    text: 'We cannot find what this link is for. Ask the conference coordinator to send you a new one.',
  },
  expired: {
    status: 410,
    heading: 'This link has expired',
    text: 'Personal links only work for a limited time, most of them until the meeting. If there is still something for you to do, ask the conference coordinator to send you a new one.',
  },
  revoked: {
    status: 410,
    heading: 'This link has been replaced',
    text: 'This link was cancelled, or a newer one was sent to you. Use the newest email from us, or ask the conference coordinator to send you a new one.',
  },
  'not-allowed': {
    status: 403,
    heading: 'This link cannot be used here',
    text: 'This page is not available with your link. Ask the conference coordinator if you think this is wrong.',
  },
  closed: { status: 410, heading: 'This conference is closed', text: 'This link no longer works.' },
  'not-open': {
    status: 410,
    heading: 'This link is not in use now',
    text: 'This page is not available at this stage of the conference.',
  },
};

/** Why a link does not open at this stage of the conference, by purpose (reference only, no names). */
const NOT_OPEN: Record<LinkPurpose, string> = {
  report:
    'Reports can no longer be sent with this link: the meeting has started or been stopped. If you still need to send one, send it to the conference coordinator.',
  rsvp: 'Answers are closed: the meeting has started or taken place.',
  views: 'Views are no longer taken with this link.',
  checklist: 'The pre-meeting checklist is closed: the meeting has started.',
  chair: 'The chair’s page is not available at this stage of the conference.',
  minutes: 'The minutes are written once the chair has recorded the decision.',
  'core-group': 'Core group meetings are booked once the chair has approved the decision.',
};

export function sendPage(res: Response, status: number, r: Rendered, service?: string): void {
  res
    .status(status)
    .type('html')
    .send(page({ title: r.title, heading: r.heading, body: r.body, ...(service ? { service } : {}) }));
}

/**
 * The refusal page. A cancelled or closed conference, or a link outside the stages it works in,
 * gets a plain page naming the conference reference only: no child, family or attendee names.
 */
export function refused(res: Response, err: LinkError): void {
  const r = REFUSED[err.reason];
  const ctx = err.context;
  if (ctx && err.reason === 'closed') {
    const heading = `Conference ${ctx.reference} ${ctx.state === 'cancelled' ? 'has been cancelled' : 'is closed'}`;
    return sendPage(res, r.status, {
      title: 'Link not working',
      heading,
      body: html`<p>${r.text}</p><p>Nothing has been changed.</p>`,
    });
  }
  if (ctx && err.reason === 'not-open') {
    return sendPage(res, r.status, {
      title: 'Link not working',
      heading: r.heading,
      body: html`<p>Conference ${ctx.reference}. ${NOT_OPEN[ctx.purpose]}</p><p>Nothing has been changed.</p>`,
    });
  }
  sendPage(res, r.status, {
    title: 'Link not working',
    heading: r.heading,
    body: html`<p>${r.text}</p><p>Nothing has been changed.</p>`,
  });
}

export const plainError = (res: Response, status: number, heading: string, text: string) =>
  sendPage(res, status, { title: heading, heading, body: html`<p>${text}</p><p>Nothing has been changed.</p>` });
