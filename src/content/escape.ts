/** The one HTML escaper: every piece of caller text that reaches an email body or a page goes through it. */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Plain text as one HTML paragraph, for the short notices that have no template. */
export const paragraphHtml = (text: string): string => `<p>${escapeHtml(text)}</p>`;

/**
 * A link target that is safe to put in `href`: only http(s), mailto and tel. Anything else
 * (javascript:, data:) comes back undefined and the template shows the text without a link.
 */
export function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  if (/^(https?:\/\/|mailto:|tel:)/i.test(trimmed) && !/[\s<>"]/.test(trimmed)) return escapeHtml(trimmed);
  return undefined;
}

/** A phone number as a `tel:` target: digits and a leading plus only. */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, '')}`;
}
