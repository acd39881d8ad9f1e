// Calling the hub's /api as the credentials in force (SPEC §5), or, when none are, as `admin`
// with XETCACHE_ADMIN_TOKEN: what an operator has at hand right after starting a hub. Errors
// say what to do; the token travels in a header only and never appears in them.

import type { CliIo } from '../io.js';
import { cliAuth } from './auth.js';

export interface HubCaller {
  endpoint: string;
  user: string;
  token: string;
  call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any>;
}

export async function hubCaller(io: CliIo, explicitEndpoint?: string): Promise<HubCaller> {
  const auth = cliAuth(io);
  const endpoint = await auth.endpoint(explicitEndpoint);
  const found = await auth.resolveCredentials({ endpoint });
  const adminToken = io.env.XETCACHE_ADMIN_TOKEN;
  const creds = found ?? (adminToken ? { user: 'admin', token: adminToken } : undefined);
  if (!creds) {
    throw new Error(`no credentials for ${endpoint}: run 'xetcache login -u USER -p TOKEN', or set XET_USER_NAME and XET_USER_TOKEN (or XETCACHE_ADMIN_TOKEN)`);
  }
  const authorization = `Basic ${Buffer.from(`${creds.user}:${creds.token}`).toString('base64')}`;
  return {
    endpoint,
    user: creds.user,
    token: creds.token,
    async call(method, path, body) {
      let res: Response;
      try {
        res = await fetch(`${endpoint}${path}`, {
          method,
          headers: { authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          redirect: 'manual',
          signal: AbortSignal.timeout(30_000),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        throw new Error(`cannot reach the hub at ${endpoint}${cause ? ` (${cause})` : ''}; is it running, and is the endpoint right?`);
      }
      const text = await res.text();
      let answer: any;
      try {
        answer = text ? JSON.parse(text) : undefined;
      } catch {
        answer = undefined;
      }
      if (res.ok) return answer;
      const said = typeof answer?.message === 'string' ? answer.message.split(creds.token).join('…') : `HTTP ${res.status}`;
      if (res.status === 403) throw new Error(`the hub at ${endpoint} refused ${creds.user}: ${said}`);
      throw new Error(`the hub at ${endpoint}: ${said}`);
    },
  };
}
