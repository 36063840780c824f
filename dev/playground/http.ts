/**
 * The little HTTP the playground needs: a server made of route handlers, JSON in and out.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers the request and returns true, or returns false for the next handler to try. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface Listening {
  /** e.g. http://localhost:8080 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Bodies bigger than this are refused: nothing the pages send comes close. */
const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'The request body is not JSON');
  }
}

export function sendJson(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

export function sendText(response: ServerResponse, contentType: string, text: string, status = 200): void {
  response.writeHead(status, { 'Content-Type': `${contentType}; charset=utf-8`, 'Cache-Control': 'no-store' }).end(text);
}

/** Serves the handlers, first match wins, on `host` (loopback by default: the playground is for this machine only). */
export function listen(
  handlers: RouteHandler[],
  { port = 0, host = '127.0.0.1' }: { port?: number; host?: string } = {},
): Promise<Listening> {
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      try {
        for (const handler of handlers) if (await handler(request, response, url)) return;
        sendText(response, 'text/plain', `Not found: ${url.pathname}`, 404);
      } catch (error) {
        const status = error instanceof HttpError ? error.status : 500;
        if (!response.headersSent) sendText(response, 'text/plain', error instanceof Error ? error.message : String(error), status);
        else response.destroy();
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://localhost:${bound}`,
        port: bound,
        close: () =>
          new Promise<void>((done, fail) => {
            // Open event streams and keep-alive connections would hold close() forever.
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
}
