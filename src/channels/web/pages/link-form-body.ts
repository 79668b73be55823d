import express, { type Request, type RequestHandler } from 'express';
import { plainError } from './link-refused.ts';
import { MultipartError, parseMultipart, type UploadedFile } from './multipart.ts';

/** The largest report file a link takes. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Bodies as the forms send them: urlencoded, or multipart for the report upload (size-limited, parsed here). */
export function formBody(): RequestHandler {
  const urlencoded = express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 300 });
  const raw = express.raw({ type: 'multipart/form-data', limit: MAX_FILE_BYTES + 512 * 1024 });
  return (req, res, next) => {
    const multipart = req.is('multipart/form-data');
    const parser = multipart ? raw : urlencoded;
    parser(req, res, (err?: unknown) => {
      if (err) {
        const tooLarge = (err as { type?: string }).type === 'entity.too.large';
        return plainError(
          res,
          tooLarge ? 413 : 400,
          tooLarge ? 'The file is too large' : 'The form could not be read',
          tooLarge
            ? 'Send a file of up to 10 MB, or paste the text instead. Go back and try again.'
            : 'Go back, reload the page and try again.',
        );
      }
      if (multipart) {
        try {
          const parsed = parseMultipart(
            Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
            req.get('content-type') ?? '',
          );
          req.body = parsed.fields;
          (req as Request & { files?: UploadedFile[] }).files = parsed.files;
        } catch (e) {
          if (e instanceof MultipartError)
            return plainError(res, 400, 'The form could not be read', 'Go back, reload the page and try again.');
          return next(e);
        }
      }
      next();
    });
  };
}
