// logout(): remove the credentials for an endpoint from every place login() puts them: this
// process, the OS keychain and ~/.xetconfig. XET_* variables are the caller's to unset.

import type { AuthContext, CredentialSource } from './context.js';
import { sameEndpoint } from './endpoint.js';
import { KEYCHAIN_SERVICE } from './keychain/port.js';
import { editXetconfig } from './xetconfig/edit.js';
import { userTablesFor } from './xetconfig/select.js';
import { writeXetconfig } from './xetconfig/write.js';

export interface LogoutOptions {
  endpoint?: string;
}

export interface LogoutResult {
  endpoint: string;
  /** The places credentials were removed from. */
  removed: Exclude<CredentialSource, 'env'>[];
  /** XET_USER_TOKEN is still set, so this process's environment still has credentials. */
  envStillSet: boolean;
}

export async function logout(ctx: AuthContext, options: LogoutOptions = {}): Promise<LogoutResult> {
  const endpoint = await ctx.endpoint(options.endpoint);
  const removed: LogoutResult['removed'] = [];
  if (ctx.session && sameEndpoint(ctx.session.endpoint, endpoint)) {
    ctx.session = undefined;
    removed.push('login');
  }
  const keychain = await ctx.keychain();
  if (keychain) {
    try {
      if (await keychain.delete(KEYCHAIN_SERVICE, endpoint)) removed.push('keychain');
    } catch (err) {
      ctx.warn(`the OS keychain could not be reached (${(err as Error).message}); a token stored there stays`);
    }
  }
  const config = await ctx.readConfig();
  const edits = userTablesFor(config.data, endpoint)
    .filter((t) => t.user.token)
    .map((t) => ({ table: [...t.at, 'user'], remove: ['name', 'token', 'email'] }));
  if (edits.length) {
    await writeXetconfig(ctx.deps.fs, config.path, editXetconfig(config.text, edits));
    removed.push('xetconfig');
  }
  return { endpoint, removed, envStillSet: Boolean(ctx.env.XET_USER_TOKEN) };
}
