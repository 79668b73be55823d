/**
 * What a conference can be found by, as normalised words: the children's and the family's names
 * (only where the disclosure table lets the coordinator know them: `case-identity`), the
 * professionals' names (the chair's among them) and their agencies, and the tokens the blind index
 * keeps for them (each word's first 3 to 6 letters, for prefix search; a shorter word whole). The
 * store keeps only keyed hashes of the tokens (storage/redis-search-index.ts), never the words.
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
export function searchWords(c: Pick<Conference, 'children' | 'attendees'>): string[] {
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

/**
 * Bumped whenever what `searchTerms` derives changes, so the index built from the old tokens is
 * rebuilt at start (the index's fingerprint includes it).
 */
export const SEARCH_TOKENS_VERSION = 3;

/** Prefixes are indexed from this many letters ("Tes" finds "Testfamily") … */
export const PREFIX_MIN = 3;
/** … up to this many: a longer typed prefix is looked up by its first letters, and the candidates checked. */
export const PREFIX_MAX = 6;

/** `^tes`: a normalised word never holds `^`, so a prefix token never equals a word. */
const prefixToken = (p: string) => `^${p}`;

/**
 * What the blind index holds for a conference, each only ever stored as a keyed hash: the prefixes
 * of each word from 3 to 6 letters (`^tes`, `^test`, …), so typing the start of a name finds it
 * without any name being stored, and a word shorter than 3 letters whole (`li`). A longer word is
 * never looked up whole (`queryTokens` asks for its prefix), so it is not kept whole either.
 */
export function searchTerms(c: Pick<Conference, 'children' | 'attendees'>): string[] {
  const tokens = new Set<string>();
  for (const w of searchWords(c)) {
    if (w.length < PREFIX_MIN) tokens.add(w);
    for (let n = PREFIX_MIN; n <= Math.min(w.length, PREFIX_MAX); n++) tokens.add(prefixToken(w.slice(0, n)));
  }
  return [...tokens].sort();
}

/**
 * The token a prefix token is kept under: its first 3 letters (`^testf` → `^tes`); a 3-letter
 * prefix or a short word is its own. The index keeps one entry per group and conference, the longer
 * prefixes as short tags in it (storage/redis-search-index.ts).
 */
export function tokenGroup(token: string): string {
  return token.startsWith('^') ? token.slice(0, PREFIX_MIN + 1) : token;
}

/** The tokens to look a query's words up by: a word of 3 letters or more as a prefix, a shorter one whole. */
export function queryTokens(terms: readonly string[]): string[] {
  return [...new Set(terms.map((t) => (t.length >= PREFIX_MIN ? prefixToken(t.slice(0, PREFIX_MAX)) : t)))];
}

/** Whether a conference's words answer every word of the query (each the start of one of its words, or a short word whole). */
export function wordsMatch(words: readonly string[], terms: readonly string[]): boolean {
  return terms.every((t) => words.some((w) => (t.length >= PREFIX_MIN ? w.startsWith(t) : w === t)));
}
