// A deliberately slow HTTP server on 127.0.0.1 that counts requests: the stand-in for a remote
// store (a zarr store over HTTP) in tests of the read-through cache.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowServer {
  /** Base URL, ending in '/'. */
  readonly url: string;
  /** The path of every request received, in order ('/a/b'). */
  readonly requests: string[];
  /** What the server holds, by path ('/a/b'); change it at will. */
  readonly files: Map<string, Uint8Array>;
  /** Answer the next `times` requests for a path with this status instead. */
  fail(path: string, status: number, times?: number): void;
  close(): Promise<void>;
}

export async function startSlowServer(options: { delayMs?: number } = {}): Promise<SlowServer> {
  const delayMs = options.delayMs ?? 100;
  const requests: string[] = [];
  const files = new Map<string, Uint8Array>();
  const failures = new Map<string, { status: number; times: number }>();

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    setTimeout(() => {
      const failure = failures.get(path);
      if (failure) {
        if (--failure.times <= 0) failures.delete(path);
        res.writeHead(failure.status).end(`failing on purpose with ${failure.status}`);
        return;
      }
      const body = files.get(path);
      if (body === undefined) res.writeHead(404).end('not found');
      else res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    files,
    fail(path, status, times = 1) {
      failures.set(path, { status, times });
    },
    close() {
      server.closeAllConnections(); // fetch keeps connections alive; close() would wait on them
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
