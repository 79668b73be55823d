import type { ErrorRequestHandler } from 'express';
import {
  ConflictError,
  ForbiddenError,
  IllegalTransitionError,
  NotFoundError,
  ValidationError,
} from '../../domain/errors.ts';
import type { Logger } from '../../infra/logger.ts';
import { wordIssues } from '../../content/london-time-words.ts';

/**
 * The status of a refusal a page shows in place (a form's error), or undefined for an error that is
 * no refusal (left to errorHandler's 500). The same statuses errorHandler gives the API.
 */
export function refusalStatus(err: unknown): 400 | 403 | 404 | 409 | undefined {
  if (err instanceof ValidationError) return 400;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof IllegalTransitionError || err instanceof ConflictError) return 409;
  return undefined;
}

/** The one place a typed error becomes an HTTP status and a message a person can act on. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof ValidationError) {
      res.status(400).json({ error: 'validation', message: err.message, issues: wordIssues(err.issues) });
    } else if (err instanceof NotFoundError) {
      res.status(404).json({ error: 'not-found', message: err.message });
    } else if (err instanceof ForbiddenError) {
      res.status(403).json({ error: 'forbidden', message: err.message });
    } else if (err instanceof IllegalTransitionError) {
      res.status(409).json({ error: 'illegal-transition', message: err.message, from: err.from, to: err.to });
    } else if (err instanceof ConflictError) {
      res.status(409).json({ error: 'conflict', message: err.message });
    } else if (err?.type === 'entity.parse.failed') {
      res.status(400).json({
        error: 'validation',
        message: 'The request body is not valid JSON',
        issues: [{ field: '(body)', message: 'not valid JSON' }],
      });
    } else if (err?.type === 'entity.too.large') {
      res.status(413).json({ error: 'too-large', message: 'The request body is too large' });
    } else if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported') {
      res.status(415).json({ error: 'unsupported', message: 'Send JSON encoded as UTF-8' });
    } else {
      logger.error('request failed', { method: req.method, path: req.path, err });
      // Said only what is known: a failure after a change was stored leaves it stored (the use-cases
      // that can answer what was done do so themselves, see app/conference/follow-on.ts).
      res.status(500).json({
        error: 'internal',
        message:
          'Something went wrong, and it may have been partly done: reload to see what was saved before trying again, or ask the administrator to look at the log.',
      });
    }
  };
}
