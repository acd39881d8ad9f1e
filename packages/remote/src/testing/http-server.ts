// A real HTTP server on 127.0.0.1 (an ephemeral port) for the client's tests, programmed per
// test by a handler. It records what it was sent and can close every connection, stalled ones
// included, so no test waits on a socket.

import { createServer, type IncomingMessage, type ServerResponse, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type TestHandler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest, index: number) => unknown;

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: SeenRequest[];
  /** Replace the handler. */
  handle(handler: TestHandler): void;
  close(): Promise<void>;
}

/** Read the request body into `seen` before the handler runs, unless `streamBody` is set. */
export async function startTestServer(handler: TestHandler, { streamBody = false } = {}): Promise<TestServer> {
  let current = handler;
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.alloc(0) };
    const index = requests.length;
    requests.push(seen);
    const run = async () => {
      if (!streamBody) {
        const parts: Buffer[] = [];
        for await (const part of req) parts.push(part as Buffer);
        seen.body = Buffer.concat(parts);
      }
      await current(req, res, seen, index);
    };
    run().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(599);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
