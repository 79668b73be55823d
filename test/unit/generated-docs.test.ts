import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedDocs } from '../../scripts/docs.ts';

describe('generated references', () => {
  it.each(Object.entries(generatedDocs()))(
    '%s is up to date (run `npm run docs` after changing a schema)',
    (file, text) => {
      expect(readFileSync(file, 'utf8')).toBe(text);
    },
  );

  it('describes every environment variable the service reads, with its default', () => {
    const doc = generatedDocs()['docs/configuration.md']!;
    expect(doc).toMatch(/\| `PORT` \| `3978` \| The HTTP port/);
    expect(doc).toMatch(/\| `INBOUND_AUTH` \| `off` \|.*Values: `off`, `verify`, `relay`\./);
    expect(doc).not.toMatch(/\| `[A-Z_]+` \| [^|]+ \| {2}\|/);
  });
});
