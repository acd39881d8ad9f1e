// A TCP relay in front of the hub that counts the bytes crossing it each way: what a client sent
// and received, requests, headers and bodies alike, whichever client it is (xetcache or git).

import { connect, createServer, type Socket } from 'node:net';

export interface ByteCounter {
  /** Base URL of the relay: the hub's URL with the relay's port. */
  url: string;
  /** Bytes so far from clients to the hub (up) and from the hub to clients (down). */
  counts(): { up: number; down: number };
  close(): Promise<void>;
}

export async function startByteCounter(target: string): Promise<ByteCounter> {
  const { hostname, port } = new URL(target);
  let up = 0;
  let down = 0;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const hub = connect(Number(port), hostname);
    for (const s of [client, hub]) {
      open.add(s);
      s.on('close', () => open.delete(s));
    }
    client.on('data', (d: Buffer) => (up += d.length));
    hub.on('data', (d: Buffer) => (down += d.length));
    client.pipe(hub);
    hub.pipe(client);
    // A client gone has nothing left to receive; a hub that closed has its last bytes flushed first.
    client.on('close', () => hub.destroy());
    hub.on('close', () => client.end());
    client.on('error', () => hub.destroy());
    hub.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the byte counter has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    counts: () => ({ up, down }),
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
