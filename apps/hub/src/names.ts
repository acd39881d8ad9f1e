// What user, owner and project names, oids and sizes may be. Checked at the edge, before any
// of them reaches a storage key or a path: the answer to malformed input is a 400 naming it.

import { badRequest } from './errors.js';

// Lowercase, so that 'Alice' and 'alice' are never two users; no leading dot, so never '.' or '..'.
const NAME = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9_])?$/;

export type NameKind = 'user' | 'owner' | 'project';

// Top-level paths of the hub's own: no user or owner may take them.
const RESERVED_OWNERS = new Set(['api', 'healthz']);

export function checkName(kind: NameKind, value: unknown): string {
  if (kind !== 'project' && typeof value === 'string' && RESERVED_OWNERS.has(value)) {
    throw badRequest(`"${value}" is reserved by the hub; choose another ${kind} name`);
  }
  if (typeof value !== 'string' || !NAME.test(value) || value.endsWith('.git') || value.includes('..')) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
    throw badRequest(`invalid ${kind} name ${shown}: use 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  return value;
}

export interface ProjectName {
  owner: string;
  name: string;
}

/** `owner/name`, as the CLI and the API take it. */
export function parseProjectName(value: unknown): ProjectName {
  if (typeof value !== 'string') throw badRequest('a project is named "owner/name"');
  const parts = value.split('/');
  if (parts.length !== 2) throw badRequest(`invalid project ${JSON.stringify(value.slice(0, 80))}: a project is named "owner/name"`);
  return { owner: checkName('owner', parts[0]), name: checkName('project', parts[1]) };
}

export const projectId = (p: ProjectName): string => `${p.owner}/${p.name}`;

const OID = /^[0-9a-f]{64}$/;

/** A git-LFS oid: 64 lowercase hex digits (SHA-256). */
export function checkOid(value: unknown): string {
  if (typeof value !== 'string' || !OID.test(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
    throw badRequest(`invalid oid ${shown}: an oid is 64 lowercase hex digits (SHA-256)`);
  }
  return value;
}

/** An object size: a whole number of bytes from 0 up to `max`. */
export function checkSize(value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw badRequest(`invalid size ${JSON.stringify(value)}: a size is a whole number of bytes, 0 or more`);
  }
  if (value > max) throw badRequest(`size ${value} is over this hub's limit of ${max} bytes per object`);
  return value;
}

/** A size given as text (a query parameter or a header). */
export function parseSize(text: string, max: number): number {
  if (!/^[0-9]{1,16}$/.test(text)) throw badRequest(`invalid size ${JSON.stringify(text.slice(0, 40))}: a size is a whole number of bytes`);
  return checkSize(Number(text), max);
}
