/** Signing in to the dashboard: with the coordinator key, or with the authority's account (OpenID Connect). */
import type { Request, RequestHandler, Response, Router } from 'express';
import { button, emptyForm, errorSummary, hidden, html, textInput, type FormState } from '../html.ts';
import { OidcError, type OidcFailure } from './oidc-provider.ts';
import { send, type DashboardOptions } from './shell.ts';

/** What each OIDC failure tells the person: status, heading, explanation. Nothing is changed by any of them. */
const OIDC_FAILED: Record<OidcFailure, [number, string, string]> = {
  'bad-state': [
    400,
    'This sign-in link is not valid',
    'The answer from your authority’s sign-in page did not match a sign-in started here. Start again.',
  ],
  expired: [400, 'This sign-in has expired', 'Signing in took longer than 10 minutes. Start again.'],
  'provider-refused': [
    401,
    'Your authority’s sign-in page refused',
    'Your account was not signed in, or you cancelled. Start again, or use the coordinator key.',
  ],
  'provider-unavailable': [
    502,
    'Your authority’s sign-in service is not answering',
    'Try again in a few minutes, or use the coordinator key.',
  ],
  'token-endpoint': [
    502,
    'Your authority’s sign-in service refused the sign-in',
    'The service could not complete the sign-in with your authority. Start again.',
  ],
  'bad-token': [
    401,
    'The sign-in could not be checked',
    'The answer from your authority could not be read. Start again.',
  ],
  'bad-signature': [
    401,
    'The sign-in could not be checked',
    'The answer from your authority was not signed by it. Start again.',
  ],
  'wrong-issuer': [
    401,
    'The sign-in could not be checked',
    'The answer came from a different sign-in service. Start again.',
  ],
  'wrong-audience': [
    401,
    'The sign-in could not be checked',
    'The answer was meant for a different service. Start again.',
  ],
  'token-expired': [
    401,
    'The sign-in could not be checked',
    'The answer from your authority has expired. Check this computer’s clock and start again.',
  ],
  'wrong-nonce': [
    401,
    'The sign-in could not be checked',
    'The answer from your authority did not belong to this sign-in. Start again.',
  ],
  'not-allowed': [
    403,
    'This account may not use the dashboard',
    'You signed in, but your account is not one of those allowed to use the coordinator dashboard. Ask the service’s administrator.',
  ],
};

export function signInRoutes(r: Router, o: DashboardOptions, form: RequestHandler): void {
  const signInPage = (req: Request, res: Response, status: number, f: FormState) =>
    send(
      res,
      status,
      'Sign in',
      'Sign in to the coordinator dashboard',
      html`${errorSummary(f, { key: 'key' })}
<form method="post" action="/dashboard/sign-in" novalidate>${hidden('_csrf', o.csrf.token(req, res, 'sign-in'))}
${textInput(f, { id: 'key', name: 'key', type: 'password', label: 'Coordinator key', autocomplete: 'current-password', hint: 'The COORDINATOR_API_KEY the service was started with.', ...(f.errors[0] ? { error: f.errors[0].message } : {}) })}
${button('Sign in')}</form>
<h2>Your authority account</h2>${o.oidc ? html`<p><a class="button button-secondary" href="/dashboard/oidc">Sign in with your authority account</a></p>` : html`<p>Signing in with your authority account is not set up on this service. Use the coordinator key.</p>`}`,
      undefined,
    );

  r.get('/dashboard/sign-in', (req, res) => signInPage(req, res, 200, emptyForm()));
  r.post('/dashboard/sign-in', o.signInLimit, form, async (req, res) => {
    if (!o.csrf.check(req, 'sign-in'))
      return signInPage(req, res, 403, {
        values: {},
        errors: [{ field: 'key', message: 'The form expired. Enter the key again.' }],
      });
    const key = typeof req.body?.key === 'string' ? req.body.key : '';
    if (!key || !o.sessions.keyMatches(key)) {
      o.logger.warn('dashboard sign-in refused', { ip: req.ip });
      return signInPage(req, res, 401, {
        values: {},
        errors: [{ field: 'key', message: key ? 'That key is not right' : 'Enter the coordinator key' }],
      });
    }
    await o.sessions.start(res);
    res.redirect(303, '/dashboard');
  });
  const oidcFailed = (req: Request, res: Response, err: unknown) => {
    const code: OidcFailure = err instanceof OidcError ? err.code : 'provider-unavailable';
    // The reason code and IP only: never the person's name, address or subject.
    o.logger.warn('dashboard oidc sign-in refused', {
      reason: code,
      ip: req.ip,
      ...(err instanceof OidcError ? {} : { error: (err as Error)?.message }),
    });
    const [status, heading, text] = OIDC_FAILED[code];
    send(
      res,
      status,
      'Sign in',
      heading,
      html`<p>${text} Nothing has been changed.</p><p><a href="/dashboard/oidc">Start again</a> or <a href="/dashboard/sign-in">use the coordinator key</a>.</p>`,
      undefined,
    );
  };
  r.get('/dashboard/oidc', async (req, res) => {
    if (!o.oidc)
      return send(
        res,
        404,
        'Sign in',
        'Not set up',
        html`<p>Signing in with your authority account is not set up on this service. <a href="/dashboard/sign-in">Use the coordinator key</a>.</p>`,
        undefined,
      );
    try {
      res.redirect(303, await o.oidc.begin(res));
    } catch (err) {
      res.removeHeader('Set-Cookie');
      oidcFailed(req, res, err);
    }
  });
  r.get('/dashboard/oidc/callback', async (req, res) => {
    if (!o.oidc)
      return send(
        res,
        404,
        'Sign in',
        'Not set up',
        html`<p><a href="/dashboard/sign-in">Use the coordinator key</a>.</p>`,
        undefined,
      );
    o.oidc.clearFlow(res);
    try {
      const who = await o.oidc.complete(req);
      await o.sessions.start(res, `oidc:${who.email ?? who.sub}`, who.email);
      o.logger.info('dashboard oidc sign-in', { ip: req.ip });
      // A 200 page that moves on by itself, not a redirect: the SameSite=Strict session cookie is not
      // sent on a redirect chain that began on the provider's site, so a 303 would land on sign-in.
      send(
        res,
        200,
        'Signed in',
        'You are signed in',
        html`<p><a href="/dashboard">Continue to the coordinator dashboard</a>.</p>`,
        undefined,
        '/dashboard',
      );
    } catch (err) {
      oidcFailed(req, res, err);
    }
  });
}
