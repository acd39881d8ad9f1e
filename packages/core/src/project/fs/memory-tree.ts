// The state behind the in-memory twin: a tree of directories, files and symlinks, and the walk
// that turns a path into a place in that tree the way a POSIX kernel does, following symlinks
// on the way so that a link to a directory behaves like the directory.

import { XetcacheError } from '../../errors.js';
import type { ProjectStats } from './port.js';

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** Linux gives up with ELOOP after this many links in one lookup. */
const MAX_LINKS = 40;
/** The usual umask, so that modes come out as they would on a developer's disk. */
const UMASK = 0o022;

interface Meta {
  ino: number;
  /** Permission bits only; the type bits are added by `statsOf`. */
  mode: number;
  mtimeMs: number;
  ctimeMs: number;
}
export interface FileNode extends Meta {
  kind: 'file';
  data: Uint8Array;
}
export interface DirNode extends Meta {
  kind: 'dir';
  children: Map<string, MemNode>;
}
export interface LinkNode extends Meta {
  kind: 'link';
  target: string;
}
export type MemNode = FileNode | DirNode | LinkNode;

/** Where a path leads: the directory holding its last name, and what is there if anything. */
export interface Place {
  parent: DirNode;
  /** '' for the root itself. */
  name: string;
  node: MemNode | undefined;
}

const messages: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EEXIST: 'file already exists',
  ENOTDIR: 'not a directory',
  EISDIR: 'illegal operation on a directory',
  ENOTEMPTY: 'directory not empty',
  EINVAL: 'invalid argument',
  ELOOP: 'too many symbolic links encountered',
  EBUSY: 'resource busy or locked',
  ERR_FS_EISDIR: 'path is a directory',
};

/** An error shaped like Node's: the same `code`, and the message Node would give. */
export function fsError(code: string, syscall: string, path: unknown): XetcacheError {
  return new XetcacheError(code, `${code}: ${messages[code] ?? 'error'}, ${syscall} '${String(path)}'`, {
    syscall,
    path,
  });
}

/** The names along an absolute path, with '.', '..' and repeated slashes resolved. */
export function splitPath(path: unknown, syscall: string): string[] {
  if (typeof path !== 'string' || !path.startsWith('/')) throw fsError('EINVAL', syscall, path);
  const names: string[] = [];
  for (const name of path.split('/')) {
    if (name === '' || name === '.') continue;
    if (name === '..') names.pop();
    else names.push(name);
  }
  return names;
}

export function statsOf(node: MemNode): ProjectStats {
  const kind = node.kind;
  const type = kind === 'file' ? S_IFREG : kind === 'dir' ? S_IFDIR : S_IFLNK;
  const size =
    kind === 'file' ? node.data.length : kind === 'link' ? new TextEncoder().encode(node.target).length : 0;
  return {
    isFile: () => kind === 'file',
    isDirectory: () => kind === 'dir',
    isSymbolicLink: () => kind === 'link',
    size,
    mode: type | node.mode,
    mtimeMs: node.mtimeMs,
    ctimeMs: node.ctimeMs,
    ino: node.ino,
    uid: 0,
    gid: 0,
    dev: 1,
  };
}

export interface Tree {
  /** Walk to `path`; a symlink as the last name is followed only when `follow`. */
  locate(path: string, syscall: string, follow: boolean): Place;
  /** The node at `path`; ENOENT when there is none. */
  get(path: string, syscall: string, follow: boolean): MemNode;
  /** Create a node; `mode` is reduced by the umask as open(2) and mkdir(2) do. */
  file(data: Uint8Array, mode?: number): FileNode;
  dir(mode?: number): DirNode;
  link(target: string): LinkNode;
  /** Record a change to a node's content (a directory's content is its list of names). */
  touch(node: MemNode): void;
  now(): number;
}

export function createTree(now: () => number): Tree {
  let nextIno = 1;
  const meta = (mode: number): Meta => {
    const t = now();
    return { ino: nextIno++, mode, mtimeMs: t, ctimeMs: t };
  };
  const root: DirNode = { kind: 'dir', children: new Map(), ...meta(0o755) };

  function locate(path: string, syscall: string, follow: boolean): Place {
    // Names still to walk; a symlink on the way splices its target in front of them.
    const rest = splitPath(path, syscall);
    const dirs: DirNode[] = [root];
    const names: string[] = [];
    let links = 0;
    while (rest.length > 0) {
      const name = rest.shift()!;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (dirs.length > 1) {
          dirs.pop();
          names.pop();
        }
        continue;
      }
      const dir = dirs[dirs.length - 1]!;
      const node = dir.children.get(name);
      if (node?.kind === 'link' && (rest.length > 0 || follow)) {
        if (++links > MAX_LINKS) throw fsError('ELOOP', syscall, path);
        if (node.target.startsWith('/')) {
          dirs.length = 1;
          names.length = 0;
        }
        rest.unshift(...node.target.split('/'));
        continue;
      }
      if (rest.length === 0) return { parent: dir, name, node };
      if (!node) throw fsError('ENOENT', syscall, path);
      if (node.kind !== 'dir') throw fsError('ENOTDIR', syscall, path);
      dirs.push(node);
      names.push(name);
    }
    // The walk ended on a directory: the root, or one reached through a link ending in '.', '..' or '/'.
    const node = dirs[dirs.length - 1]!;
    return { parent: dirs[dirs.length - 2] ?? root, name: names[names.length - 1] ?? '', node };
  }

  return {
    locate,
    get(path, syscall, follow) {
      const { node } = locate(path, syscall, follow);
      if (!node) throw fsError('ENOENT', syscall, path);
      return node;
    },
    file: (data, mode = 0o666) => ({ kind: 'file', data, ...meta(mode & ~UMASK & 0o7777) }),
    dir: (mode = 0o777) => ({ kind: 'dir', children: new Map(), ...meta(mode & ~UMASK & 0o7777) }),
    link: (target) => ({ kind: 'link', target, ...meta(0o777) }),
    touch(node) {
      node.mtimeMs = node.ctimeMs = now();
    },
    now,
  };
}
