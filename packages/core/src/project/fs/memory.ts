// The in-memory twin of the project's file-system port: the reference behaviour the conformance
// suite pins down, the backend for tests, and a cache project for browsers that need no persistence.
// Every method finishes its change before it first yields, so each one is atomic.

import type { ProjectFs, ProjectWriteOptions } from './port.js';
import type { DirNode, MemNode } from './memory-tree.js';
import { createTree, fsError, splitPath, statsOf } from './memory-tree.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `now` stamps mtimeMs and ctimeMs, so tests can pin what isomorphic-git records in its index. */
export function createMemoryProjectFs(now: () => number = Date.now): ProjectFs {
  const tree = createTree(now);

  function readFile(path: string, options: 'utf8' | { encoding: 'utf8' }): Promise<string>;
  function readFile(path: string, options?: { encoding?: null } | null): Promise<Uint8Array>;
  async function readFile(path: string, options?: unknown): Promise<string | Uint8Array> {
    const node = tree.get(path, 'open', true);
    if (node.kind !== 'file') throw fsError('EISDIR', 'read', path);
    const encoding = typeof options === 'string' ? options : (options as { encoding?: string } | null)?.encoding;
    return encoding === 'utf8' || encoding === 'utf-8' ? decoder.decode(node.data) : node.data.slice();
  }

  function create(parent: DirNode, name: string, node: MemNode): void {
    parent.children.set(name, node);
    tree.touch(parent);
  }

  /** Whether `node` is `dir` or lies somewhere beneath it. */
  function within(node: MemNode, dir: DirNode): boolean {
    if (node === dir) return true;
    for (const child of dir.children.values()) if (child.kind === 'dir' && within(node, child)) return true;
    return false;
  }

  return {
    readFile,

    async writeFile(path, data, options) {
      const opts: ProjectWriteOptions = typeof options === 'string' ? { encoding: options } : (options ?? {});
      const bytes = typeof data === 'string' ? encoder.encode(data) : data.slice();
      const exclusive = opts.flag === 'wx';
      // O_EXCL does not follow a final symlink, so even a dangling one counts as present.
      const { parent, name, node } = tree.locate(path, 'open', !exclusive);
      if (node && exclusive) throw fsError('EEXIST', 'open', path);
      if (node?.kind === 'dir') throw fsError('EISDIR', 'open', path);
      if (node?.kind === 'file') {
        node.data = bytes;
        tree.touch(node);
      } else {
        create(parent, name, tree.file(bytes, opts.mode));
      }
    },

    async unlink(path) {
      const { parent, name, node } = tree.locate(path, 'unlink', false);
      if (!node) throw fsError('ENOENT', 'unlink', path);
      if (node.kind === 'dir') throw fsError('EISDIR', 'unlink', path);
      parent.children.delete(name);
      tree.touch(parent);
    },

    async readdir(path) {
      const node = tree.get(path, 'scandir', true);
      if (node.kind !== 'dir') throw fsError('ENOTDIR', 'scandir', path);
      return [...node.children.keys()].sort();
    },

    async mkdir(path, options) {
      if (!options?.recursive) {
        const { parent, name, node } = tree.locate(path, 'mkdir', false);
        if (node) throw fsError('EEXIST', 'mkdir', path);
        create(parent, name, tree.dir(options?.mode));
        return undefined;
      }
      // Like Node, report the first directory this call had to create.
      const names = splitPath(path, 'mkdir');
      let first: string | undefined;
      for (let i = 1; i <= names.length; i++) {
        const prefix = `/${names.slice(0, i).join('/')}`;
        const place = tree.locate(prefix, 'mkdir', false);
        // A link to a directory counts as the directory; a dangling one is in the way.
        let node = place.node;
        if (node?.kind === 'link') node = tree.locate(prefix, 'mkdir', true).node ?? node;
        if (node?.kind === 'dir') continue;
        if (node) throw fsError(i === names.length ? 'EEXIST' : 'ENOTDIR', 'mkdir', path);
        create(place.parent, place.name, tree.dir(options.mode));
        first ??= prefix;
      }
      return first;
    },

    async rmdir(path) {
      const { parent, name, node } = tree.locate(path, 'rmdir', false);
      if (!node) throw fsError('ENOENT', 'rmdir', path);
      if (node.kind !== 'dir') throw fsError('ENOTDIR', 'rmdir', path);
      if (name === '') throw fsError('EBUSY', 'rmdir', path);
      if (node.children.size > 0) throw fsError('ENOTEMPTY', 'rmdir', path);
      parent.children.delete(name);
      tree.touch(parent);
    },

    async rm(path, options) {
      let place;
      try {
        place = tree.locate(path, 'rm', false);
      } catch (err) {
        if (options?.force && (err as { code?: unknown }).code === 'ENOENT') return;
        throw err;
      }
      const { parent, name, node } = place;
      if (!node) {
        if (options?.force) return;
        throw fsError('ENOENT', 'rm', path);
      }
      if (node.kind === 'dir' && !options?.recursive) throw fsError('ERR_FS_EISDIR', 'rm', path);
      if (name === '') throw fsError('EBUSY', 'rm', path);
      parent.children.delete(name);
      tree.touch(parent);
    },

    async rename(from, to) {
      const src = tree.locate(from, 'rename', false);
      if (!src.node) throw fsError('ENOENT', 'rename', from);
      const dst = tree.locate(to, 'rename', false);
      if (src.node === dst.node) return;
      if (src.name === '' || dst.name === '') throw fsError('EBUSY', 'rename', from);
      if (src.node.kind === 'dir') {
        if (dst.node && dst.node.kind !== 'dir') throw fsError('ENOTDIR', 'rename', to);
        if (dst.node?.kind === 'dir' && dst.node.children.size > 0) throw fsError('ENOTEMPTY', 'rename', to);
        if (within(dst.parent, src.node)) throw fsError('EINVAL', 'rename', to);
      } else if (dst.node?.kind === 'dir') {
        throw fsError('EISDIR', 'rename', to);
      }
      // Both halves happen before this method yields, so no reader sees the path missing.
      src.parent.children.delete(src.name);
      dst.parent.children.set(dst.name, src.node);
      tree.touch(src.parent);
      tree.touch(dst.parent);
      src.node.ctimeMs = tree.now();
    },

    async stat(path) {
      return statsOf(tree.get(path, 'stat', true));
    },

    async lstat(path) {
      return statsOf(tree.get(path, 'lstat', false));
    },

    async readlink(path) {
      const node = tree.get(path, 'readlink', false);
      if (node.kind !== 'link') throw fsError('EINVAL', 'readlink', path);
      return node.target;
    },

    async symlink(target, path) {
      const { parent, name, node } = tree.locate(path, 'symlink', false);
      if (node) throw fsError('EEXIST', 'symlink', path);
      create(parent, name, tree.link(target));
    },

    async chmod(path, mode) {
      const node = tree.get(path, 'chmod', true);
      node.mode = mode & 0o7777;
      node.ctimeMs = tree.now();
    },
  };
}
