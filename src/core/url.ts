/** Apps Script has no URL or URLSearchParams, so query strings are built by hand. */
export function withQuery(base: string, params: Record<string, string | number | null | undefined>): string {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return pairs.length ? `${base}${base.includes('?') ? '&' : '?'}${pairs.join('&')}` : base;
}

export function formEncode(fields: Record<string, string>): string {
  return withQuery('', fields).slice(1);
}

/** Plain http to the machine itself never crosses a network: the playground's sandboxes (Apps Script cannot reach it). */
const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i;

/** Why a base URL cannot be saved, or null when it can: credentials only ever travel over https, to a bare host. */
export function baseUrlProblem(text: string): string | null {
  const url = text.trim();
  if (/^http:\/\//i.test(url) && !LOOPBACK_HTTP.test(url)) {
    return 'it starts with http://, which would send your credentials unencrypted: use https://';
  }
  if (/^https?:\/\/[^/?#]*@/i.test(url)) {
    return 'it carries a user name or password before "@": save the credentials in their own fields, never in the address';
  }
  return null;
}

/** "https://host/" or "https://host" → "https://host"; only https (or loopback http) origins with an optional path prefix. */
export function normalizeBaseUrl(text: string): string | null {
  const trimmed = text.trim().replace(/\/+$/, '');
  if (/^http:/i.test(trimmed) && !LOOPBACK_HTTP.test(trimmed)) return null;
  return /^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/i.test(trimmed) ? trimmed : null;
}
