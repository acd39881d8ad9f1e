// login(): check a user and token with the hub, then store them where later processes find
// them, the OS keychain when a probe shows it works, else ~/.xetconfig. Nothing is stored
// unless the hub said yes, and a file that cannot be written safely is refused before anything is.

import type { TomlTable } from 'smol-toml';
import type { AuthContext } from './context.js';
import { profileName, sameEndpoint } from './endpoint.js';
import { AuthError, redact } from './errors.js';
import { checkToken } from './hub.js';
import { KEYCHAIN_SERVICE } from './keychain/port.js';
import { encodeKeychainSecret } from './resolve.js';
import type { TableEdit } from './xetconfig/edit.js';
import { editXetconfig } from './xetconfig/edit.js';
import { parseXetconfig } from './xetconfig/parse.js';
import { isTable, profilesFor, topLevelApplies, userTablesFor } from './xetconfig/select.js';
import { writeXetconfig } from './xetconfig/write.js';

export interface LoginOptions {
  /** The hub; the configured one (XET_ENDPOINT, ~/.xetconfig, the default) when omitted. */
  endpoint?: string;
}

export interface LoginResult {
  user: string;
  email?: string;
  endpoint: string;
  admin: boolean;
  storedIn: 'keychain' | 'xetconfig';
  /** The config file (written when storedIn is 'xetconfig', and maybe to record the endpoint). */
  path: string;
  /** Things the user should know: a variable that overrides this login, a non-default endpoint. */
  notes: string[];
}

const CREDENTIAL_KEYS = ['name', 'token', 'email'];
// Control characters, whitespace in places it cannot be, and lone surrogates (not valid TOML).
const CONTROL = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function validate(user: string, token: string, email: string | undefined): void {
  if (typeof user !== 'string' || !user.trim()) throw new AuthError('EINVAL', 'a user name is required (-u USER)');
  if (/[\s:]/.test(user) || CONTROL.test(user)) throw new AuthError('EINVAL', 'the user name cannot contain spaces, colons or control characters');
  if (typeof token !== 'string' || !token) throw new AuthError('EINVAL', 'a token is required (-p TOKEN)');
  if (/\s/.test(token) || CONTROL.test(token)) throw new AuthError('EINVAL', 'the token cannot contain spaces or control characters; check how it was pasted');
  if (email !== undefined && (typeof email !== 'string' || CONTROL.test(email))) throw new AuthError('EINVAL', 'the email cannot contain control characters');
}

/** Where in the file the credentials for `endpoint` belong (see docs/configuration.md). */
function target(data: TomlTable, endpoint: string): { at: string[]; profileEndpoint?: boolean; fileEndpoint?: boolean } {
  const [profile] = profilesFor(data, endpoint);
  if (profile !== undefined) return { at: [profile] };
  if (topLevelApplies(data, endpoint)) return { at: [] };
  const top = isTable(data.user) ? data.user : undefined;
  if (typeof top?.token === 'string' && top.token) {
    // The top-level [user] belongs to another hub: this one gets its own profile.
    let name = profileName(endpoint) || 'profile';
    for (let i = 2; data[name] !== undefined; i++) name = `${profileName(endpoint)}${i}`;
    return { at: [name], profileEndpoint: true };
  }
  // Nothing to keep at the top level: this hub becomes the file's own.
  return { at: [], fileEndpoint: true };
}

function fileEdits(data: TomlTable, endpoint: string, store: 'keychain' | 'xetconfig', creds: { user: string; token: string; email?: string }): TableEdit[] {
  const where = target(data, endpoint);
  const edits: TableEdit[] = [];
  if (where.fileEndpoint) edits.push({ table: [], set: { endpoint } });
  if (store === 'xetconfig') {
    if (where.profileEndpoint) edits.push({ table: where.at, set: { endpoint } });
    edits.push({
      table: [...where.at, 'user'],
      set: { name: creds.user, token: creds.token, ...(creds.email ? { email: creds.email } : {}) },
      ...(creds.email ? {} : { remove: ['email'] }),
    });
  } else {
    // A token in the file would shadow the keychain (the file comes first): it goes.
    for (const table of userTablesFor(data, endpoint)) {
      if (table.user.token) edits.push({ table: [...table.at, 'user'], remove: CREDENTIAL_KEYS });
    }
  }
  return edits;
}

export async function login(ctx: AuthContext, user: string, token: string, email?: string, options: LoginOptions = {}): Promise<LoginResult> {
  validate(user, token, email);
  const endpoint = await ctx.endpoint(options.endpoint);
  const identity = await checkToken({ fetch: ctx.deps.fetch, endpoint, user, token, timeoutMs: ctx.deps.hubTimeoutMs });
  const creds = { user: identity.user, token, email: email || identity.email };

  const config = await ctx.readConfig();
  let store: 'keychain' | 'xetconfig' = (await ctx.keychainWorks()) ? 'keychain' : 'xetconfig';
  const edits = fileEdits(config.data, endpoint, store, creds);
  let text = config.text;
  if (edits.length) {
    // The file first: when it cannot be written (a link, say), nothing is stored anywhere.
    text = editXetconfig(text, edits);
    await writeXetconfig(ctx.deps.fs, config.path, text);
  }
  if (store === 'keychain') {
    const keychain = (await ctx.keychain())!;
    try {
      await keychain.set(KEYCHAIN_SERVICE, endpoint, encodeKeychainSecret(creds));
    } catch (err) {
      ctx.warn(`the OS keychain refused the token (${redact((err as Error).message, token)}); it goes to ${config.path} instead`);
      store = 'xetconfig';
      const now = parseXetconfig(text, config.path);
      await writeXetconfig(ctx.deps.fs, config.path, editXetconfig(text, fileEdits(now, endpoint, store, creds)));
    }
  }

  ctx.session = { ...creds, endpoint, source: 'login', origin: 'login() in this process' };
  const notes: string[] = [];
  if (ctx.env.XET_USER_TOKEN) notes.push('XET_USER_TOKEN is set, and processes that have it use it instead of this login');
  const configured = await ctx.configuredEndpoint();
  if (!sameEndpoint(configured, endpoint)) {
    notes.push(`${configured} stays the default hub; use --endpoint ${endpoint} (or XET_ENDPOINT=${endpoint}) to work with this one`);
  }
  return { user: creds.user, email: creds.email, endpoint, admin: identity.admin, storedIn: store, path: config.path, notes };
}
