// What a principal may do on a project. A project token gives exactly its scope on its project
// and nothing elsewhere; a user token gives the user's own rights: site admins everything, and
// everyone admin of the projects under their own name.

import type { ProjectName } from '../names.js';
import type { Principal, Scope } from './types.js';

export type Access = 'none' | Scope;
const RANK: Record<Access, number> = { none: 0, read: 1, write: 2, admin: 3 };

export const atLeast = (have: Access, need: Scope): boolean => RANK[have] >= RANK[need];

const lower = (a: Access, b: Access): Access => (RANK[a] <= RANK[b] ? a : b);

export function accessTo(principal: Principal, project: ProjectName): Access {
  const { user, token } = principal;
  if (token.project !== null) {
    return token.project === `${project.owner}/${project.name}` ? (token.scope ?? 'read') : 'none';
  }
  const natural: Access = user.admin || user.name === project.owner ? 'admin' : 'none';
  return token.scope ? lower(natural, token.scope) : natural;
}

/** Site administration (users, tokens for others): a site admin through an unrestricted token. */
export function isSiteAdmin(principal: Principal): boolean {
  return principal.user.admin && principal.token.project === null && (principal.token.scope === null || principal.token.scope === 'admin');
}

/** Whether the principal may create projects under `owner`. */
export function mayCreateUnder(principal: Principal, owner: string): boolean {
  if (principal.token.project !== null) return false;
  if (principal.token.scope !== null && principal.token.scope !== 'admin') return false;
  return principal.user.admin || principal.user.name === owner;
}
