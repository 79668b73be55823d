/**
 * Enough of multipart/form-data (RFC 7578) for one upload form: the body arrives whole through
 * express.raw with a size limit, and is split on the boundary. Text fields become strings
 * (repeated names become arrays, as urlencoded bodies do); file parts keep their bytes.
 */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string | string[]>;
  files: UploadedFile[];
}

export class MultipartError extends Error {
  override name = 'MultipartError';
}

function boundaryOf(contentType: string): string {
  const m = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  if (!b) throw new MultipartError('no multipart boundary');
  return b;
}

function param(header: string, name: string): string | undefined {
  const m =
    new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ??
    new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  return m?.[1]?.replace(/\\(.)/g, '$1');
}

export function parseMultipart(body: Buffer, contentType: string, limits = { parts: 100, files: 5 }): MultipartBody {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const out: MultipartBody = { fields: {}, files: [] };
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('boundary not found');
  let parts = 0;
  while (true) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw new MultipartError('malformed part');
    pos += 2;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), pos);
    if (next < 0) throw new MultipartError('unterminated part');
    if (++parts > limits.parts) throw new MultipartError('too many parts');
    const part = body.subarray(pos, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new MultipartError('part without headers');
    const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n');
    const content = part.subarray(headerEnd + 4);
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const type =
      headers
        .find((h) => /^content-type:/i.test(h))
        ?.split(':')[1]
        ?.trim() ?? 'application/octet-stream';
    const name = param(disposition, 'name');
    const filename = param(disposition, 'filename');
    if (name) {
      if (filename !== undefined) {
        if (filename !== '' || content.length > 0) {
          if (out.files.length >= limits.files) throw new MultipartError('too many files');
          // Keep only the base name a browser may send with a path, and nothing that could be markup.
          const base =
            filename
              .split(/[\\/]/)
              .pop()!
              .replace(/[^\w .()-]/g, '_')
              .slice(0, 120) || 'report';
          out.files.push({
            field: name,
            filename: base,
            contentType: type.slice(0, 100),
            content: Buffer.from(content),
          });
        }
      } else {
        const v = content.toString('utf8');
        const prev = out.fields[name];
        out.fields[name] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
    }
    pos = next + 2;
  }
  return out;
}
