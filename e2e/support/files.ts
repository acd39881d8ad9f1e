// Test files: random bytes of a given size, written in pieces so memory stays small.

import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

export async function writeRandomFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (let left = size; left > 0; ) {
      const n = Math.min(left, 8 << 20);
      await handle.write(randomBytes(n));
      left -= n;
    }
  } finally {
    await handle.close();
  }
}
