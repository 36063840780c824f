/**
 * Server messages as the sidebar shows them. The server words its errors for wherever they land (a cell, an email,
 * the run log), so they send the user to "Extensions → Payments Sync → Open sidebar"; inside the sidebar that
 * direction is already followed and only the part within it is kept. A provider's own words ("HTTP 401:
 * invalid_client …") become a detail under a plain sentence saying what to do. No DOM here.
 */

export interface SidebarMessage {
  text: string;
  /** The provider's own answer, quoted as it came; shown smaller, under the text. */
  detail?: string;
}

/** "Open Extensions → Payments Sync → Open sidebar and save…", "Check it in Extensions → … → Connections." */
const DIRECTIONS: ReadonlyArray<[RegExp, string]> = [
  [/Open Extensions → Payments Sync → Open sidebar and (\w)/g, '$1'],
  [
    /Open Extensions → Payments Sync → Open sidebar to see the run log or fix the connection\./g,
    'See History, or fix the connection under Connections.',
  ],
  [/ in Extensions → Payments Sync → Open sidebar → (\w+)/g, ' under $1'],
  [/(?:use )?Extensions → Payments Sync → Open sidebar → (\w+)/g, 'use $1'],
  [/(?:Open )?Extensions → Payments Sync → Open sidebar/g, 'this sidebar'],
];

/** "Koteshen rejected the client id and secret (HTTP 401: invalid_client: …). Check it …" */
const REJECTED = /^(\S+) rejected the (.+?) \((HTTP \d{3}(?::[\s\S]*?)?)\)\. ?([\s\S]*)$/;

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function withoutSidebarDirections(message: string): string {
  const stripped = DIRECTIONS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
  // "…Koteshen. save your…" after stripping a sentence's opening words.
  return stripped.replace(/(^|[.!?]\s+)([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}

/** The message for the sidebar: directions stripped, a provider's rejection said in plain words with its text as the detail. */
export function sidebarMessage(message: string): SidebarMessage {
  const text = withoutSidebarDirections(message);
  const rejected = REJECTED.exec(text);
  if (!rejected) return { text };
  const [, provider, what, answer] = rejected;
  const them = / and /.test(what) ? 'them' : 'it';
  return {
    text: `${provider} did not accept the ${what}. Copy ${them} again from your ${provider} account, paste ${them} under Connections and save.`,
    detail: `${capitalizeFirst(provider)} said: ${answer}`,
  };
}
