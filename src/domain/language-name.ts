/**
 * A language as people read it. An attendee's `language` may be a code (`pl`, `fa-AF`) or a name
 * (`Polish`, `polski`): a code is put into English words ("Polish", "Dari") so a parent's letter says
 * "an interpreter who speaks Polish", never "speaks pl"; a name, or a code nobody knows, stays as given.
 */
const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;
const names = new Intl.DisplayNames(['en-GB'], { type: 'language', fallback: 'none' });

export function languageName(language: string): string {
  const given = language.trim();
  if (!LANGUAGE_CODE.test(given)) return given;
  try {
    return names.of(given) ?? given;
  } catch {
    return given; // not a well-formed tag after all
  }
}
