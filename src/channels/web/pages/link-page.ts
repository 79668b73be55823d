import type { AppDeps } from '../../../app/deps.ts';
import type { OpenedLink } from '../../../app/credentials/links.ts';
import type { FormState, Html } from './html.ts';
import type { UploadedFile } from './multipart.ts';

/** What a personal-link page gets: the checked link, the form's action and CSRF token, and "now". */
export interface LinkCtx {
  deps: AppDeps;
  link: OpenedLink;
  /** `/l/<token>`: where the page's forms post. */
  action: string;
  csrf: string;
  now: Date;
  /** Set after a successful POST (post-redirect-get): which confirmation to show. */
  done?: string;
}

export interface Rendered {
  title: string;
  heading: string;
  body: Html;
}

export type PostResult =
  | { kind: 'done'; done: string }
  | { kind: 'invalid'; form: FormState; /** which form on the page the errors belong to */ section?: string };

export interface LinkPage {
  render(ctx: LinkCtx, invalid?: { form: FormState; section?: string }): Rendered | Promise<Rendered>;
  post(ctx: LinkCtx, body: Record<string, unknown>, files: UploadedFile[]): Promise<PostResult>;
}
