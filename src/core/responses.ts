import type { HttpResponse } from '../platform/types';
import { ProviderError, redactSecrets } from './errors';

export interface ResponseContext {
  label: string;
  /** "API key", "access token"…: what a 401/403 says was rejected. */
  credentialNoun: string;
  secrets: Array<string | undefined>;
  errorMessage(body: unknown): string | null;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function looksLikeHtml(response: HttpResponse): boolean {
  return /html/i.test(response.headers['content-type'] ?? '') || /^\s*</.test(response.body);
}

/**
 * The JSON body of a successful response, or a ProviderError that names the provider, the status and the
 * provider's own message — never a secret, even if the provider echoed one.
 */
export function expectJson(context: ResponseContext, response: HttpResponse): unknown {
  const parsed = parseJson(response.body);
  const say = (text: string) => new ProviderError(redactSecrets(text, context.secrets), response.status);
  const providerText = parsed.ok ? context.errorMessage(parsed.value) : null;
  const detail = providerText ? `: ${providerText}` : '';
  if (response.status === 401 || response.status === 403) {
    return fail(
      say(
        `${context.label} rejected the ${context.credentialNoun} (HTTP ${response.status}${detail}). ` +
          `Check it in Extensions → Payments Sync → Open sidebar → Connections.`,
      ),
    );
  }
  if (response.status >= 300 && response.status < 400) {
    // Following it would send the credentials to wherever it points; the add-on asks Apps Script never to.
    const location = response.headers.location;
    return fail(
      say(
        `${context.label} answered with a redirect (HTTP ${response.status}${location ? ` to ${location}` : ''}) instead of its API's JSON. ` +
          `The add-on never follows redirects, so your credentials go nowhere else: check ${context.label}'s base URL in Connections.`,
      ),
    );
  }
  if (response.status < 200 || response.status >= 300) {
    return fail(say(`${context.label} answered HTTP ${response.status}${detail || ' with no explanation'}.`));
  }
  if (!parsed.ok) {
    const what = looksLikeHtml(response) ? 'a web page (a login or proxy page?)' : 'something that is not JSON';
    return fail(
      say(`${context.label} answered HTTP ${response.status} with ${what} instead of its API's JSON. Check the base URL in Connections.`),
    );
  }
  if (providerText !== null) return fail(say(`${context.label} reported an error: ${providerText}.`));
  return parsed.value;
}

function fail(error: ProviderError): never {
  throw error;
}

/** A field of an object from a provider, or undefined. */
export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

export function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}
