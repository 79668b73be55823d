/**
 * What a conference can be found by, as normalised words: the children's and the family's names
 * (only where the disclosure table lets the coordinator know them: `case-identity`), the
 * professionals' names (the chair's among them) and their agencies. The store keeps only keyed
 * hashes of these words (a blind index, storage/redis-search-index.ts), never the words.
 */
import type { Conference } from './conference.ts';
import { coordinatorMayOpen } from './disclosure.ts';
import { FAMILY_ROLES } from './vocabulary.ts';

/**
 * A name or query as comparable words: accents and case gone ("Zoë" → "zoe", "Łukasz" → "lukasz"),
 * apostrophes dropped ("O’Brien" → "obrien"), split at anything else that is not a letter or a digit;
 * a hyphenated name also counts whole ("Smith-Jones" → "smith", "jones", "smithjones").
 */
export function normaliseTerms(text: string): string[] {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/['’‘`]/g, '');
  const out = new Set<string>();
  for (const word of plain.split(/\s+/)) {
    const parts = word.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    for (const p of parts) out.add(p);
    if (parts.length > 1) out.add(parts.join(''));
  }
  return [...out].filter((t) => t.length <= 64);
}

/** Every word a coordinator may find this conference by. */
export function searchTerms(c: Pick<Conference, 'children' | 'attendees'>): string[] {
  const names = coordinatorMayOpen('case-identity');
  const words = new Set<string>();
  const add = (text: string | undefined) => {
    if (text) for (const t of normaliseTerms(text)) words.add(t);
  };
  if (names) {
    for (const ch of c.children) {
      add(ch.firstName);
      add(ch.lastName);
    }
  }
  for (const a of c.attendees) {
    if (a.role === 'child') continue;
    if (!FAMILY_ROLES.has(a.role) || names) add(a.name);
    add(a.agency);
  }
  return [...words].sort();
}
