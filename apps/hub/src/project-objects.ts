// Which values belong to which project. Content is shared by every project (deduplicated), but
// a project serves only values uploaded to it: knowing an oid is not enough to download it.

import { layout } from './layout.js';
import type { ProjectName } from './names.js';
import type { BlobStore } from './storage/port.js';

export async function addProjectObject(blobs: BlobStore, p: ProjectName, sha256: string): Promise<void> {
  await blobs.put(layout.projectObject(p.owner, p.name, sha256), new Uint8Array(0), { ifAbsent: true });
}

export async function hasProjectObject(blobs: BlobStore, p: ProjectName, sha256: string): Promise<boolean> {
  return (await blobs.stat(layout.projectObject(p.owner, p.name, sha256))) !== undefined;
}
