/**
 * google.script.run outside Apps Script, server side: the sidebar page with the stand-in injected (client/scriptRun.ts
 * is the stand-in), and the endpoint it posts to, which runs the function in the local runtime. The playground's
 * sidebar frame, its menu and the browser tests all go through here.
 */
import type { Runtime } from '../runtime';
import { bundleClient } from './clientBundle';
import { readJson, sendJson, sendText, HttpError, type RouteHandler } from './http';
import { SCRIPT_RUN_PATH, SIDEBAR_PATH, type ScriptAnswer, type ScriptCall } from './protocol';

function parseCall(body: unknown): ScriptCall {
  const { name, args } = (body ?? {}) as Partial<ScriptCall>;
  if (typeof name !== 'string' || !Array.isArray(args)) throw new HttpError(400, 'Expected {"name": string, "args": array}');
  return { name, args };
}

/**
 * Runs a server function as google.script.run does: any top-level function but the private ones (ending in "_"), as
 * an editor execution. What it returns goes back as JSON, which is all google.script.run can carry too.
 */
function runScriptCall(rt: Runtime, { name, args }: ScriptCall): ScriptAnswer {
  try {
    if (name.endsWith('_')) throw new Error(`Script function not found: ${name}`);
    return { ok: true, value: rt.run(name, args) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The stand-in goes in before the page's first script, so google.script.run exists when the sidebar starts. */
function withStandIn(html: string, standInScript: string): string {
  const at = html.search(/<script[\s>]/i);
  const tag = `<script>${standInScript}</script>`;
  return at < 0 ? html.replace(/<\/body>/i, () => `${tag}</body>`) : `${html.slice(0, at)}${tag}${html.slice(at)}`;
}

export interface BridgeOptions {
  rt: Runtime;
  /** Called after each server function has run, whether or not it threw (the playground saves and refreshes then). */
  afterRun?: () => void;
}

/** GET SIDEBAR_PATH: the sidebar the add-on last showed; POST SCRIPT_RUN_PATH: google.script.run. */
export async function bridgeRoutes({ rt, afterRun }: BridgeOptions): Promise<RouteHandler> {
  const standInScript = await bundleClient('installScriptRun.ts');
  return async (request, response, url) => {
    if (url.pathname === SIDEBAR_PATH && request.method === 'GET') {
      const sidebar = rt.spreadsheet.sidebar;
      if (!sidebar) sendText(response, 'text/plain', 'No sidebar yet: open it from Extensions → Payments Sync → Open sidebar.', 404);
      else sendText(response, 'text/html', withStandIn(sidebar.html, standInScript));
      return true;
    }
    if (url.pathname === SCRIPT_RUN_PATH && request.method === 'POST') {
      const call = parseCall(await readJson(request));
      const answer = runScriptCall(rt, call);
      afterRun?.();
      sendJson(response, answer);
      return true;
    }
    return false;
  };
}
