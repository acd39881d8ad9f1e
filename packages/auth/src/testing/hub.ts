// A stand-in for the hub's `GET /api/whoami` on 127.0.0.1, honouring the contract of SPEC §6:
// no credentials → 401 with LFS-Authenticate, wrong ones → 403 with `{ message }`, right ones →
// `{ user, email, admin }`. It records every request so tests can look for leaked tokens.

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubUser {
  token: string;
  email?: string;
  admin?: boolean;
}

export interface TestHub {
  endpoint: string;
  users: Map<string, HubUser>;
  requests: { url: string; authorization?: string }[];
  /** Called with each request before it is answered (to look at the client meanwhile). */
  onRequest?: (req: IncomingMessage) => void | Promise<void>;
  /** An answer of the test's own instead of the contract's (a 500, a redirect, another user). */
  override?: (req: IncomingMessage) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;
  close(): Promise<void>;
}

export async function startTestHub(users: Record<string, HubUser> = {}): Promise<TestHub> {
  const hub: TestHub = {
    endpoint: '',
    users: new Map(Object.entries(users)),
    requests: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer(async (req, res) => {
    hub.requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    await hub.onRequest?.(req);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const custom = hub.override?.(req);
    if (custom) return reply(custom.status, custom.body ?? {}, custom.headers);
    if (req.url !== '/api/whoami') return reply(404, { message: 'not found' });
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Basic ')) return reply(401, { message: 'credentials required' }, { 'lfs-authenticate': 'Basic realm="xetcache"' });
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const name = decoded.slice(0, colon);
    const user = hub.users.get(name);
    if (!user) return reply(403, { message: `no such user "${name}"` });
    if (user.token !== decoded.slice(colon + 1)) return reply(403, { message: 'wrong token' });
    return reply(200, { user: name, email: user.email ?? null, admin: user.admin ?? false });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hub.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = hub.close;
  hub.close = () => {
    server.closeAllConnections();
    return close();
  };
  return hub;
}
