/**
 * `npm run docs`: writes the generated references (never edit them by hand).
 * - docs/openapi.json: the coordinator API, from the request schemas (also served at /api/openapi.json)
 * - docs/configuration.md: every environment variable, from the zod env schema
 */
import { writeFileSync } from 'node:fs';
import { API_VERSION, openApiDocument } from '../src/channels/web/api/openapi.ts';
import { configurationDoc } from './lib/configuration-doc.ts';

export function generatedDocs(): Record<string, string> {
  return {
    'docs/openapi.json': `${JSON.stringify(openApiDocument(API_VERSION), null, 2)}\n`,
    'docs/configuration.md': configurationDoc(),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, text] of Object.entries(generatedDocs())) {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
