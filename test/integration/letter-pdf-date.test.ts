/**
 * A letter's PDF is dated by the service's clock, not the machine's. Before, pdfkit stamped the real
 * time into /CreationDate for every letter by post and the exported record, so under the simulated
 * clock (tests, the demo) a letter "made" on 1 December said it was made days later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_API_KEY, hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

let s: TestService;
beforeAll(async () => {
  s = await startTestService();
});
afterAll(async () => s.stop());

/** The PDF's /CreationDate as an ISO instant (pdfkit writes `/CreationDate 20 0 R` … `20 0 obj (D:YYYYMMDDHHmmssZ)`). */
function creationDate(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const ref = /\/CreationDate (\d+) 0 R/.exec(raw);
  if (!ref) throw new Error('no /CreationDate in the PDF');
  const m = new RegExp(`\\n${ref[1]} 0 obj\\s*\\(D:(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})Z\\)`).exec(raw);
  if (!m) throw new Error('no /CreationDate in the PDF');
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
}

const download = async (path: string) =>
  Buffer.from(
    await (await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).arrayBuffer(),
  );

describe('PDFs made under the simulated clock', () => {
  it('carry its date: a letter by post and the exported record', { timeout: 60_000 }, async () => {
    const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(created.status).toBe(201);
    await s.idle();
    const now = (await s.api('GET', '/api/dev/clock')).body.now as string;
    expect(now.slice(0, 10)).toBe('2026-12-01');
    const v = (await s.api('GET', `/api/conferences/${created.body.id}`)).body;
    const letter = v.hardCopies.find((h: any) => h.document === 'invitation');
    expect(letter).toBeDefined();
    const pdf = await download(`/api/conferences/${v.id}/hard-copies/${letter.blobId}`);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(creationDate(pdf)).toBe(new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'));

    const record = await download(`/api/conferences/${v.id}/export.pdf`);
    expect(creationDate(record).slice(0, 10)).toBe('2026-12-01');
  });
});
