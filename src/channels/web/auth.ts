import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer <COORDINATOR_API_KEY>` (or another bearer secret), compared in constant time. */
export function requireApiKey(apiKey: string, realm = 'coordinator', what = 'the coordinator API key'): RequestHandler {
  const expected = digest(apiKey);
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1]!.trim()), expected)) return next();
    res
      .status(401)
      .set('WWW-Authenticate', `Bearer realm="${realm}"`)
      .json({ error: 'unauthorised', message: `Send ${what} as "Authorization: Bearer <key>"` });
  };
}
