// What ~/.xetconfig says for one endpoint. Its top-level `endpoint` and `[user]` belong together
// (the default hub when the file names none); a profile is any other table with an `endpoint`
// key and a `[<profile>.user]` table, and applies to that endpoint only.

import type { TomlTable } from 'smol-toml';
import { DEFAULT_ENDPOINT, normalizeEndpoint, profileName, sameEndpoint } from '../endpoint.js';
import { AuthError } from '../errors.js';

export interface XetUser {
  name?: string;
  token?: string;
  email?: string;
}

/** A `[user]` table and the path of the table holding it ([] for the top level). */
export interface UserTable {
  at: string[];
  user: XetUser;
}

export const isTable = (v: unknown): v is TomlTable =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function userOf(table: TomlTable | undefined): XetUser {
  const user = table && isTable(table.user) ? table.user : undefined;
  return { name: str(user?.name), token: str(user?.token), email: str(user?.email) };
}

/** The file's own endpoint, normalized; undefined when it names none (or a malformed one). */
export function fileEndpoint(data: TomlTable): string | undefined {
  const endpoint = str(data.endpoint);
  if (!endpoint) return undefined;
  try {
    return normalizeEndpoint(endpoint);
  } catch {
    return undefined;
  }
}

/** The profile tables whose endpoint is this one, XetHub's name for it first. */
export function profilesFor(data: TomlTable, endpoint: string): string[] {
  const preferred = profileName(endpoint);
  return Object.keys(data)
    .filter((name) => {
      const table = data[name];
      return name !== 'user' && isTable(table) && typeof table.endpoint === 'string' && sameEndpoint(table.endpoint, endpoint);
    })
    .sort((a, b) => Number(b === preferred) - Number(a === preferred));
}

/** Whether the top-level `[user]` belongs to this endpoint. */
export const topLevelApplies = (data: TomlTable, endpoint: string): boolean =>
  sameEndpoint(fileEndpoint(data) ?? DEFAULT_ENDPOINT, endpoint);

/** Every `[user]` table that applies to the endpoint, in the order they are consulted. */
export function userTablesFor(data: TomlTable, endpoint: string): UserTable[] {
  const tables = profilesFor(data, endpoint).map((name) => ({ at: [name], user: userOf(data[name] as TomlTable) }));
  if (topLevelApplies(data, endpoint)) tables.push({ at: [], user: userOf(data) });
  return tables;
}

/** `[user]` for `[]`, `[<profile>.user]` for a profile: how messages name a table. */
export const tableLabel = (at: string[]): string => `[${[...at, 'user'].join('.')}]`;

/**
 * The credentials the file holds for the endpoint: the first applicable `[user]` with a token.
 * A token without a name is an error naming the table.
 */
export function credentialsFor(data: TomlTable, endpoint: string, path: string): UserTable | undefined {
  for (const table of userTablesFor(data, endpoint)) {
    if (!table.user.token) continue;
    if (!table.user.name) {
      throw new AuthError('ENOUSER', `${path} ${tableLabel(table.at)} has a token but no name; add name = "<your user>" to it`, { path });
    }
    return table;
  }
  return undefined;
}

/** The default cache project (`[xetcache] project`), when the file sets one. */
export function configuredProject(data: TomlTable): string | undefined {
  const own = data.xetcache;
  return isTable(own) ? str(own.project) : undefined;
}
