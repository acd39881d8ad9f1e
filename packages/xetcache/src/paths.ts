// Where xetcache keeps its data, and how a project argument (a name or a directory) becomes a
// directory. `owner/name` lives at $XETCACHE_HOME/projects/owner/name; anything else is a path.

import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { configuredProject, parseXetconfig, xetconfigPath } from '@xetcache/auth';
import { XetcacheError } from '@xetcache/core';
import type { Env } from './env.js';

export function xetcacheHome(env: Env): string {
  const { XETCACHE_HOME, XDG_CACHE_HOME } = env.vars;
  if (XETCACHE_HOME) return resolve(env.cwd, XETCACHE_HOME);
  if (XDG_CACHE_HOME && isAbsolute(XDG_CACHE_HOME)) return join(XDG_CACHE_HOME, 'xetcache');
  return join(env.homedir, '.cache', 'xetcache');
}

const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const isProjectName = (spec: string): boolean => PROJECT_NAME.test(spec) && !spec.split('/').some((p) => p === '..' || p.endsWith('.git'));

export interface ProjectLocation {
  /** `owner/name` when given by name. */
  name?: string;
  dir: string;
}

export function locateProject(spec: string, env: Env): ProjectLocation {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new XetcacheError('EINVAL', 'a project is a name (owner/name) or a directory path');
  }
  if (isProjectName(spec)) return { name: spec, dir: join(xetcacheHome(env), 'projects', spec) };
  const expanded = spec === '~' || spec.startsWith('~/') ? join(env.homedir, spec.slice(1)) : spec;
  return { dir: resolve(env.cwd, expanded) };
}

// Read once per process and home: the default project is looked up on every call that names none.
const fromXetconfig = new Map<string, string | undefined>();

/** `[xetcache] project` in ~/.xetconfig; a malformed file is an error naming its line. */
export function xetconfigProject(env: Env): string | undefined {
  const path = xetconfigPath(env.homedir);
  if (!fromXetconfig.has(path)) {
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // No file (or none readable): no project from it.
    }
    fromXetconfig.set(path, text === undefined ? undefined : configuredProject(parseXetconfig(text, path)));
  }
  return fromXetconfig.get(path);
}

/** The project used when none is named: XETCACHE_PROJECT, else ~/.xetconfig, else `local/default`. */
export function defaultProjectSpec(env: Env): string {
  return env.vars.XETCACHE_PROJECT || xetconfigProject(env) || 'local/default';
}

export const storeDir = (env: Env): string => join(xetcacheHome(env), 'store');
export const knownProjectsFile = (env: Env): string => join(xetcacheHome(env), 'projects.json');
