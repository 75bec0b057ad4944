/**
 * A tag filter's URL value, `key:value`. Tag keys may hold ':' (values too), so the key's own colons are
 * written `%3A` (an explorer tag key never holds '%'): the first ':' always ends the key. Pure, and small
 * enough for the browser bundle (the explorer's filter form writes it).
 */
export const tagFilterParam = (key: string, value: string) => `${key.replace(/:/g, '%3A')}:${value}`;

/** The key and value of a tag filter's URL value, or null without a key. */
export function parseTagFilterParam(pair: string): { key: string; value: string } | null {
  const at = pair.indexOf(':');
  if (at <= 0) return null;
  return { key: pair.slice(0, at).replace(/%3A/gi, ':'), value: pair.slice(at + 1) };
}
