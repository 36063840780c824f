/**
 * Serves one simulator over real HTTP (node:http) for the local playground.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireRequest, WireResponse } from '../transport';
import type { ProviderSimulator } from './common';

export interface ServeOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1: loopback only. */
  host?: string;
}

export interface ServedSimulator {
  /** Base URL, e.g. http://127.0.0.1:54321 */
  url: string;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function wireHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Answers every request with `sim.handle`. A transport-error fault resets the connection; a response's
 * latencyMs delays it. The simulator's origin is left alone: set it to `url` if its payment links should
 * point at this server.
 */
export function serveSimulator(sim: ProviderSimulator, options: ServeOptions = {}): Promise<ServedSimulator> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const wire: WireRequest = {
        method: (request.method ?? 'GET').toUpperCase(),
        url: `http://${request.headers.host ?? host}${request.url ?? '/'}`,
        headers: wireHeaders(request),
        ...(body === '' ? {} : { body }),
      };
      let answer: WireResponse;
      try {
        answer = sim.handle(wire);
      } catch (error) {
        // A transport-error fault (or a simulator bug): the client sees the connection reset.
        process.stderr.write(`${sim.provider} simulator: ${(error as Error).message}; connection reset\n`);
        request.socket.destroy();
        return;
      }
      const send = () => response.writeHead(answer.status, answer.headers).end(answer.body);
      if (answer.latencyMs) setTimeout(send, answer.latencyMs);
      else send();
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
}
