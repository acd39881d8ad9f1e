// The file-system calls the config code makes, so tests and other runtimes can hand in their own.
// Node's `fs/promises` provides all of them.

export interface ConfigStats {
  mode: number;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

export interface ConfigFileHandle {
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  chmod(mode: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface ConfigFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  /** Follows links (the mode of what is read). */
  stat(path: string): Promise<ConfigStats>;
  /** Does not follow links (whether the path itself is one). */
  lstat(path: string): Promise<ConfigStats>;
  open(path: string, flags: 'wx', mode: number): Promise<ConfigFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const isMissing = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'ENOENT';
