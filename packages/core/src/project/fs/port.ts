// The file-system port of the cache project: the part of Node's `fs.promises` that isomorphic-git
// calls, plus `rename` and `rm` for our own atomic writes and cleanup. It is shaped so that Node's
// `fs.promises` is an implementation as it stands; a browser backend needs at most a thin adapter.
// Paths are absolute and '/'-separated. Failures carry Node's `code` (ENOENT, EEXIST, ENOTDIR,
// EISDIR, ENOTEMPTY, EINVAL), which is what isomorphic-git and our callers branch on.

/** What `stat` and `lstat` report; the fields isomorphic-git copies into the git index. */
export interface ProjectStats {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  size: number;
  /** File type bits included, as in Node (0o100644 for a plain file). */
  mode: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  uid: number;
  gid: number;
  dev: number;
}

export interface ProjectWriteOptions {
  /** Permission bits for a file that does not exist yet; an existing file keeps its own. */
  mode?: number;
  encoding?: 'utf8';
  /** 'wx' fails with EEXIST when anything (even a dangling symlink) is at the path. */
  flag?: 'w' | 'wx';
}

export interface ProjectFs {
  readFile(path: string, options: 'utf8' | { encoding: 'utf8' }): Promise<string>;
  readFile(path: string, options?: { encoding?: null } | null): Promise<Uint8Array>;
  /** Follows symlinks; creates or truncates the file, never its parent directory. */
  writeFile(path: string, data: string | Uint8Array, options?: ProjectWriteOptions | 'utf8'): Promise<void>;
  /** Removes a file or symlink (not what it points to); EISDIR for a directory. */
  unlink(path: string): Promise<void>;
  /** Names in the directory, in no particular order. */
  readdir(path: string): Promise<string[]>;
  /** ENOENT without the parent unless `recursive`; EEXIST when present unless `recursive`. */
  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<unknown>;
  /** ENOTEMPTY unless the directory is empty. */
  rmdir(path: string): Promise<void>;
  /**
   * Removes a file, or a directory tree with `recursive` (a directory without it fails with
   * Node's ERR_FS_EISDIR); `force` makes a missing path a no-op.
   */
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  /** Replaces whatever file or empty directory is at `to` in one step. */
  rename(from: string, to: string): Promise<void>;
  stat(path: string): Promise<ProjectStats>;
  /** Like `stat`, but describes a symlink itself rather than its target. */
  lstat(path: string): Promise<ProjectStats>;
  readlink(path: string): Promise<string>;
  /** Creates a link at `path` whose content is `target` (resolved against the link's directory). */
  symlink(target: string, path: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
}

/** The client object isomorphic-git takes as `fs`. */
export interface GitFsClient {
  promises: ProjectFs;
}

/** Wrap a port for isomorphic-git, which finds the promise API under `promises`. */
export function gitFs(fs: ProjectFs): GitFsClient {
  return { promises: fs };
}
