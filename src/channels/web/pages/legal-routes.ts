/**
 * `/privacy` and `/terms`, the pages the Teams app's manifest links to: a redirect to the
 * authority's own page where one is configured (PRIVACY_URL, TERMS_URL), else its own text
 * (PRIVACY_TEXT, TERMS_TEXT, a paragraph a line), else the default words from src/content.
 */
import { Router, type Response } from 'express';
import {
  privacyPageText,
  termsPageText,
  type LegalPageFacts,
  type LegalPageText,
} from '../../../content/legal-pages.ts';
import { html, page } from './html.ts';
import { pageHeaders } from './security.ts';

/** An authority's own page: a link to it, or its text. */
export type LegalPageSource = { url: string } | { text: string } | undefined;

export interface LegalPagesOptions extends LegalPageFacts {
  privacy: LegalPageSource;
  terms: LegalPageSource;
}

function ownText(title: string, text: string): LegalPageText {
  return {
    title,
    heading: title,
    paragraphs: text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  };
}

function send(res: Response, t: LegalPageText): void {
  const links = t.links?.length
    ? html`<ul>${t.links.map(([label, href]) => html`<li><a href="${href}">${label}</a></li>`)}</ul>`
    : '';
  res
    .status(200)
    .type('html')
    .send(
      page({ title: t.title, heading: t.heading, body: html`${t.paragraphs.map((p) => html`<p>${p}</p>`)}${links}` }),
    );
}

export function legalRoutes(o: LegalPagesOptions): Router {
  const router = Router();
  const pages = [
    ['/privacy', o.privacy, 'Privacy notice', privacyPageText],
    ['/terms', o.terms, 'Terms of use', termsPageText],
  ] as const;
  for (const [path, source, title, standard] of pages) {
    router.get(path, pageHeaders({ framable: false }), (_req, res) => {
      if (source && 'url' in source) res.redirect(302, source.url);
      else send(res, source ? ownText(title, source.text) : standard(o));
    });
  }
  return router;
}
