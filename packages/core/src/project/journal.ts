// Entries written but not yet committed. A writer drops a marker (unique name) after its files
// are in place; the committer takes the markers it saw and removes only those, so an entry
// rewritten while a commit runs keeps a marker for the next one. A process killed before
// committing leaves its markers for whoever commits next.

import type { ProjectFs } from './fs/port.js';
import { join, listDir, randomName, removeFile } from './files.js';
import { isEntryId, statePaths } from './layout.js';

export interface PendingMarker {
  id: string;
  file: string;
}

export async function markPending(fs: ProjectFs, root: string, id: string): Promise<void> {
  const dir = join(root, statePaths.pending);
  const file = `${dir}/${id}.${randomName()}`;
  try {
    await fs.writeFile(file, '');
  } catch {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(file, '');
  }
}

export async function listPending(fs: ProjectFs, root: string): Promise<PendingMarker[]> {
  const dir = join(root, statePaths.pending);
  const out: PendingMarker[] = [];
  for (const name of await listDir(fs, dir)) {
    const id = name.slice(0, 64);
    if (isEntryId(id) && name[64] === '.') out.push({ id, file: `${dir}/${name}` });
  }
  return out;
}

export async function clearPending(fs: ProjectFs, markers: PendingMarker[]): Promise<void> {
  for (const m of markers) await removeFile(fs, m.file);
}
