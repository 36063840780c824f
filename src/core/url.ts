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

/** "https://host/" or "https://host" → "https://host"; only http(s) origins with an optional path prefix. */
export function normalizeBaseUrl(text: string): string | null {
  const trimmed = text.trim().replace(/\/+$/, '');
  return /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(trimmed) ? trimmed : null;
}
