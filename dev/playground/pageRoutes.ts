/**
 * The playground page and the API behind its grid (protocol.ts): status and its event stream, cells, edits.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleClient } from './clientBundle';
import { HttpError, readJson, sendJson, sendText, type RouteHandler } from './http';
import type { PlaygroundSession } from './playground';
import { API, type CellInput, type RowsInput } from './protocol';

/** Sheets adds up to this many rows at once from its "Add more rows" box. */
const MAX_ADDED_ROWS = 100_000;

function positiveInteger(text: string | null, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new HttpError(400, `${name} must be a positive integer`);
  return value;
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new HttpError(400, `${name} must be a string`);
  return value;
}

export async function pageRoutes(session: PlaygroundSession): Promise<RouteHandler> {
  const client = join(__dirname, 'client');
  const [page, stylesheet, script] = await Promise.all([
    readFile(join(client, 'index.html'), 'utf8'),
    readFile(join(client, 'styles.css'), 'utf8'),
    bundleClient('page.ts'),
  ]);

  const files: Record<string, [contentType: string, text: string]> = {
    '/': ['text/html', page],
    '/playground.css': ['text/css', stylesheet],
    '/playground.js': ['text/javascript', script],
  };

  return async (request, response, url) => {
    const get = request.method === 'GET';
    const post = request.method === 'POST';
    const file = files[url.pathname];
    if (file && get) {
      sendText(response, ...file);
      return true;
    }
    switch (url.pathname) {
      case API.status:
        if (!get) return false;
        sendJson(response, session.status());
        return true;
      case API.events: {
        if (!get) return false;
        response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
        const send = (status: unknown) => response.write(`data: ${JSON.stringify(status)}\n\n`);
        send(session.status());
        const unsubscribe = session.subscribe(send);
        request.on('close', unsubscribe);
        return true;
      }
      case API.cells: {
        if (!get) return false;
        const sheet = requireString(url.searchParams.get('sheet'), 'sheet');
        if (!session.rt.spreadsheet.sheetNames().includes(sheet)) throw new HttpError(404, `No sheet named "${sheet}"`);
        const top = positiveInteger(url.searchParams.get('top'), 'top');
        const bottom = positiveInteger(url.searchParams.get('bottom'), 'bottom');
        sendJson(response, session.gridWindow(sheet, top, bottom));
        return true;
      }
      case API.cell: {
        if (!post) return false;
        const { sheet, a1, input } = (await readJson(request)) as Partial<CellInput>;
        sendJson(response, session.setCell(requireString(sheet, 'sheet'), requireString(a1, 'a1'), requireString(input, 'input')));
        return true;
      }
      case API.rows: {
        if (!post) return false;
        const { sheet, count } = (await readJson(request)) as Partial<RowsInput>;
        const rows = positiveInteger(String(count), 'count');
        if (rows > MAX_ADDED_ROWS) throw new HttpError(400, `Add at most ${MAX_ADDED_ROWS} rows at a time`);
        sendJson(response, session.addRows(requireString(sheet, 'sheet'), rows));
        return true;
      }
      case API.sheets:
        if (!post) return false;
        sendJson(response, session.addSheet());
        return true;
      default:
        return false;
    }
  };
}
