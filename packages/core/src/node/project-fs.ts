// The project fs port on Node's fs. Reads are synchronous under a promise: project files are
// small (metadata, pointers, git objects), and a synchronous read of a few hundred bytes costs a
// fraction of the four thread-pool round trips of fs.promises.readFile, which dominate a memo hit.

import { promises as fsp, readFileSync } from 'node:fs';
import type { ProjectFs } from '../project/fs/port.js';

const readFile = ((path: string, options?: unknown) => {
  try {
    const data = readFileSync(path, options as BufferEncoding | undefined);
    return Promise.resolve(typeof data === 'string' ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } catch (err) {
    return Promise.reject(err);
  }
}) as ProjectFs['readFile'];

export function nodeProjectFs(): ProjectFs {
  return { ...(fsp as unknown as ProjectFs), readFile };
}
