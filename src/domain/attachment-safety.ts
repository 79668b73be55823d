/**
 * Attachments the service never passes on (into a report, to the chair or to the coordinator):
 * programs and scripts, and HTML (a page can carry script and a convincing sign-in form). Judged
 * by name, by declared type and by the first bytes, since a sender controls all three.
 *
 * Screened once, where a file is about to be stored: an upload (the report page, Teams) with one is
 * refused whole, naming the file (`assertFilesMayBeStored`); an email's are withheld and the rest
 * kept (`screenAttachments`). The outputs check again (`storedFileDanger`), which costs a name test
 * and 512 bytes, for files stored before the doors screened.
 */
import { ValidationError, type FieldIssue } from './errors.ts';

/** What the rule looks at in an attachment, however it arrived (email, upload page, file drop). */
export interface AttachmentLike {
  filename: string;
  contentType: string;
  content: Buffer;
}

const EXTENSIONS = new Set([
  'exe',
  'com',
  'scr',
  'pif',
  'bat',
  'cmd',
  'msi',
  'msp',
  'msix',
  'appx',
  'dll',
  'cpl',
  'sys',
  'drv',
  'ocx',
  'js',
  'jse',
  'mjs',
  'vbs',
  'vbe',
  'wsf',
  'wsh',
  'ws',
  'ps1',
  'psm1',
  'psd1',
  'sh',
  'bash',
  'zsh',
  'py',
  'pl',
  'rb',
  'php',
  'jar',
  'class',
  'hta',
  'lnk',
  'url',
  'reg',
  'inf',
  'scf',
  'chm',
  'gadget',
  'application',
  'apk',
  'app',
  'dmg',
  'pkg',
  'deb',
  'rpm',
  'iso',
  'img',
  'vhd',
  'vhdx',
  'html',
  'htm',
  'xhtml',
  'shtml',
  'mht',
  'mhtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
  'xslt',
  'docm',
  'dotm',
  'xlsm',
  'xltm',
  'xlam',
  'pptm',
  'potm',
  'ppam',
  'sldm',
]);

const TYPES =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/(x-)?(javascript|ecmascript|vbscript|python|sh|shellscript)|application\/(javascript|ecmascript|x-javascript|x-msdownload|x-msdos-program|x-ms-installer|x-msi|x-dosexec|x-executable|x-elf|x-mach-binary|x-sh|x-csh|x-bat|x-ms-shortcut|hta|x-java-archive|java-archive|vnd\.microsoft\.portable-executable|x-apple-diskimage|vnd\.ms-htmlhelp|x-iso9660-image|vnd\.ms-(word|excel|powerpoint)\.[a-z.]*macroenabled[a-z.0-9]*))$/i;

function magic(content: Buffer): string | undefined {
  if (content.length >= 2 && content[0] === 0x4d && content[1] === 0x5a) return 'a Windows program';
  if (content.length >= 4 && content.readUInt32BE(0) === 0x7f454c46) return 'a Linux program';
  if (
    content.length >= 4 &&
    [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(content.readUInt32BE(0))
  )
    return 'a program';
  if (content.length >= 2 && content[0] === 0x23 && content[1] === 0x21) return 'a script';
  const head = content
    .subarray(0, 512)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<(!doctype\s+html|html|head|body|script|svg|iframe|meta|\?xml[^>]*>\s*<(svg|html))/.test(head))
    return 'a web page';
  return undefined;
}

/** Why an attachment must not be passed on, or undefined when it may be. */
export function dangerReason(a: AttachmentLike): string | undefined {
  const ext = /\.([a-z0-9]{1,12})\s*$/i.exec(a.filename.trim())?.[1]?.toLowerCase();
  if (ext && EXTENSIONS.has(ext)) return `.${ext} file`;
  if (TYPES.test(a.contentType.trim())) return a.contentType.trim().toLowerCase();
  return magic(a.content);
}

/**
 * Refuses files that must never be stored, before anything is: one issue per file, naming it
 * (`attachments.<n>.content`), so the sender can send the report again without it.
 */
export function assertFilesMayBeStored(files: readonly AttachmentLike[]): void {
  const issues: FieldIssue[] = [];
  for (const [i, f] of files.entries()) {
    const why = dangerReason(f);
    if (why)
      issues.push({
        field: `attachments.${i}.content`,
        message: `“${f.filename}” is not accepted (${why}): send a PDF or Word document`,
      });
  }
  if (issues.length) throw new ValidationError('Unsafe file', issues);
}

/**
 * Why a stored file must not be handed on (mailed or opened from our site), judged by the name and
 * type it was stored with and its bytes. Every door screens before storing; this is the outputs'
 * defence for files stored before they did.
 */
export function storedFileDanger(file: { data: Buffer; meta: Record<string, string> }): string | undefined {
  return dangerReason({
    filename: file.meta['filename'] ?? '',
    contentType: file.meta['contentType'] ?? '',
    content: file.data,
  });
}

/** Splits attachments into those kept and the names of those withheld. */
export function screenAttachments<A extends AttachmentLike>(list: readonly A[]): { kept: A[]; withheld: string[] } {
  const kept: A[] = [];
  const withheld: string[] = [];
  for (const a of list) {
    if (dangerReason(a)) withheld.push(a.filename);
    else kept.push(a);
  }
  return { kept, withheld };
}
