/**
 * One description of an email body, rendered twice: as plain text and as simple, escaped HTML.
 * Templates build blocks; nothing else writes markup, so escaping happens in exactly one place.
 */
import { escapeHtml, safeHref } from '../escape.ts';

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'link'; label: string; href: string }
  /** On paper instead of a personal link: a short address to type and the person's reply code. */
  | { kind: 'code'; label: string; address: string; code: string }
  | { kind: 'notice'; text: string }
  /** Phone numbers: each line a `tel:` link in HTML where a phone can dial it, the same line in text. */
  | { kind: 'phones'; items: { text: string; href?: string }[] };

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The line under an email or letter, in one of four forms (the one place they are written):
 * - `working`: the sending mailbox's name and the reference, for professionals ("… · HK-2026-0042");
 * - `family`: the same in plain words for the family and those who come with them ("… · reference HK-2026-0042");
 * - `mailbox`: with the mailbox's address, where a professional may write to it (a report request, an invitation);
 * - `chair`: the mailbox form marked confidential, on the reports and the pack sent to the chair.
 */
export type FooterForm = 'working' | 'family' | 'mailbox' | 'chair';

export function footer(
  policy: { sender: { name: string; address: string } },
  reference: string,
  form: FooterForm = 'working',
): string {
  const { name, address } = policy.sender;
  switch (form) {
    case 'working':
      return `${name} · ${reference}`;
    case 'family':
      return `${name} · reference ${reference}`;
    case 'mailbox':
      return `${name} <${address}> · ${reference}`;
    case 'chair':
      return `${name} <${address}> · ${reference} · Confidential: for the chair`;
  }
}
export const p = (text: string): Block => ({ kind: 'p', text });
export const heading = (text: string): Block => ({ kind: 'heading', text });
export const list = (items: string[]): Block => ({ kind: 'list', items });
export const facts = (rows: [string, string][]): Block => ({ kind: 'facts', rows });
export const link = (label: string, href: string): Block => ({ kind: 'link', label, href });
export const notice = (text: string): Block => ({ kind: 'notice', text });
export const phones = (items: { text: string; href?: string }[]): Block => ({ kind: 'phones', items });
export const replyCode = (label: string, code: { address: string; code: string }): Block => ({
  kind: 'code',
  label,
  ...code,
});

function blockText(b: Block): string {
  switch (b.kind) {
    case 'p':
      return b.text;
    case 'heading':
      return `${b.text}\n${'-'.repeat(Math.min(b.text.length, 70))}`;
    case 'list':
      return b.items.map((i) => `- ${i}`).join('\n');
    case 'facts':
      return b.rows.map(([k, v]) => `${k}: ${v}`).join('\n');
    case 'link':
      return `${b.label}: ${b.href}`;
    case 'code':
      return `${b.label}: go to ${b.address} and type the code ${b.code}`;
    case 'notice':
      return `** ${b.text} **`;
    case 'phones':
      return b.items.map((i) => `- ${i.text}`).join('\n');
  }
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'heading':
      return `<h2 style="font-size:18px;margin:24px 0 8px">${escapeHtml(b.text)}</h2>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'facts':
      return `<table role="presentation" style="border-collapse:collapse">${b.rows
        .map(
          ([k, v]) =>
            `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${escapeHtml(k)}</th><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`,
        )
        .join('')}</table>`;
    case 'link': {
      const href = safeHref(b.href);
      return href
        ? `<p>${escapeHtml(b.label)}: <a href="${href}">${escapeHtml(b.href)}</a></p>`
        : `<p>${escapeHtml(b.label)}: ${escapeHtml(b.href)}</p>`;
    }
    case 'code':
      return `<p>${escapeHtml(b.label)}: go to ${escapeHtml(b.address)} and type the code <strong>${escapeHtml(b.code)}</strong></p>`;
    case 'phones':
      return `<ul>${b.items
        .map((i) => {
          const href = i.href ? safeHref(i.href) : undefined;
          return href ? `<li><a href="${href}">${escapeHtml(i.text)}</a></li>` : `<li>${escapeHtml(i.text)}</li>`;
        })
        .join('')}</ul>`;
    case 'notice':
      return `<p style="border-left:4px solid #1d70b8;padding:8px 12px;background:#f3f2f1"><strong>${escapeHtml(b.text)}</strong></p>`;
  }
}

export interface LayoutInput {
  subject: string;
  /**
   * Inbox preview line. Mail clients show the first words of a message next to the subject,
   * so it is set explicitly and, like the subject, must carry the reference and never a name.
   */
  preview: string;
  blocks: Block[];
  /** Footer line, e.g. the sending mailbox and the reference. */
  footer?: string;
  /** Larger type for recipients who asked for large print. */
  largePrint?: boolean;
  /** The letter's language (a reviewed translation's code, e.g. `pl`); British English unless given. */
  lang?: string;
  /** In a translated letter, where the English letter after it starts (a block index): marked as English. */
  englishFrom?: number;
}

export function renderEmail(input: LayoutInput): RenderedEmail {
  const body = input.blocks.map(blockText);
  if (input.footer) body.push(`--\n${input.footer}`);
  const text = `${input.preview}\n\n${body.join('\n\n')}\n`;
  const size = input.largePrint ? 20 : 16;
  const english = input.lang ? (input.englishFrom ?? input.blocks.length) : input.blocks.length;
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(input.lang ?? 'en-GB')}"><head><meta charset="utf-8">`,
    `<title>${escapeHtml(input.subject)}</title></head>`,
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:${size}px;line-height:1.5;color:#0b0c0c;max-width:640px">`,
    `<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(input.preview)}</div>`,
    ...input.blocks.slice(0, english).map(blockHtml),
    // The English letter after a translation is marked as English, so a screen reader speaks it so.
    ...(english < input.blocks.length
      ? ['<div lang="en-GB">', ...input.blocks.slice(english).map(blockHtml), '</div>']
      : []),
    input.footer ? `<hr><p style="font-size:14px;color:#505a5f">${escapeHtml(input.footer)}</p>` : '',
    '</body></html>',
  ].join('\n');
  return { subject: input.subject, text, html };
}
