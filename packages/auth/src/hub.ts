// Ask the hub who a user and token belong to: `GET /api/whoami` with HTTP Basic user:token,
// answering `{ "user", "email", "admin" }`. Failures say why in words a user can act on, and
// never carry the token (it travels in a header only, and is scrubbed from anything echoed).

import { AuthError, redact } from './errors.js';

export interface FetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** What the auth code needs of `fetch`; the global one fits. */
export type FetchLike = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; redirect: 'manual'; signal: AbortSignal },
) => Promise<FetchResponse>;

export interface HubIdentity {
  user: string;
  email?: string;
  admin: boolean;
}

export const HUB_TIMEOUT_MS = 15_000;

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$|HOSTNAME_MISMATCH)/;

const basic = (user: string, token: string): string => {
  const bytes = new TextEncoder().encode(`${user}:${token}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
};

/** Turn a failed fetch into an error that says what went wrong. */
export function networkError(err: unknown, endpoint: string, token: string, timeoutMs = HUB_TIMEOUT_MS): AuthError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new AuthError('EUNREACHABLE', `the hub at ${endpoint} did not answer within ${Math.round(timeoutMs / 1000)} s; check the endpoint and your network`, { endpoint });
  }
  const code = e?.cause?.code ?? '';
  const detail = redact(e?.cause?.message ?? e?.message ?? String(err), token).split('\n')[0];
  if (TLS_CODES.test(code)) {
    const hint = code === 'ERR_SSL_WRONG_VERSION_NUMBER'
      ? 'the hub does not speak TLS there: is the endpoint http:// rather than https://?'
      : 'check the hub\'s certificate (a private CA goes in NODE_EXTRA_CA_CERTS)';
    return new AuthError('ETLS', `TLS failed with the hub at ${endpoint} (${code}); ${hint}`, { endpoint, cause: code });
  }
  return new AuthError('EUNREACHABLE', `cannot reach the hub at ${endpoint} (${code || detail}); is it running, and is the endpoint right?`, { endpoint, cause: code });
}

function hubMessage(body: string, token: string): string | undefined {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' && message ? redact(message, token).slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

export interface CheckTokenOptions {
  fetch: FetchLike;
  endpoint: string;
  user: string;
  token: string;
  timeoutMs?: number;
}

export async function checkToken({ fetch, endpoint, user, token, timeoutMs = HUB_TIMEOUT_MS }: CheckTokenOptions): Promise<HubIdentity> {
  let response: FetchResponse;
  let body: string;
  try {
    response = await fetch(`${endpoint}/api/whoami`, {
      method: 'GET',
      headers: { authorization: basic(user, token), accept: 'application/json' },
      // A redirect could carry the Authorization header to another host: never follow one.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await response.text();
  } catch (err) {
    throw networkError(err, endpoint, token, timeoutMs);
  }
  const { status } = response;
  if (status === 401 || status === 403) {
    const said = hubMessage(body, token);
    throw new AuthError(
      'EREJECTED',
      `the hub at ${endpoint} refused user "${user}" with this token (HTTP ${status}${said ? `: ${said}` : ''}); check the user name and the token`,
      { endpoint, status },
    );
  }
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    throw new AuthError('EHUB', `the hub at ${endpoint} redirects${location ? ` to ${redact(location, token)}` : ''}; use the address it redirects to as the endpoint`, { endpoint, status });
  }
  if (status !== 200) {
    const said = hubMessage(body, token);
    throw new AuthError('EHUB', `the hub at ${endpoint} answered HTTP ${status} to /api/whoami${said ? ` (${said})` : ''}`, { endpoint, status });
  }
  let answer: { user?: unknown; email?: unknown; admin?: unknown };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    answer = {};
  }
  if (typeof answer?.user !== 'string' || !answer.user) {
    throw new AuthError('EHUB', `${endpoint} does not answer /api/whoami like a xetcache hub; check the endpoint`, { endpoint });
  }
  if (answer.user.toLowerCase() !== user.toLowerCase()) {
    throw new AuthError('EREJECTED', `this token belongs to "${answer.user}", not "${user}"; log in as "${answer.user}" or use a token of "${user}"`, { endpoint });
  }
  return { user: answer.user, email: typeof answer.email === 'string' && answer.email ? answer.email : undefined, admin: answer.admin === true };
}
