import { promises } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectFs } from '../project/fs/port.js';
import { projectFsConformance } from '../testing/project-fs-conformance.js';
import { nodeProjectFs } from './project-fs.js';

// Node's promise API is a ProjectFs as it stands; these fail to compile if the port
// ever asks for something Node does not provide in that shape.
const nodeFs: ProjectFs = fsp;
const viaFs: ProjectFs = promises;
void viaFs;

projectFsConformance('node fs.promises', async () => {
  const root = await mkdtemp(join(tmpdir(), 'xetcache-project-fs-'));
  return { fs: nodeFs, root, cleanup: () => rm(root, { recursive: true, force: true }) };
});

projectFsConformance('node project fs (synchronous reads)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'xetcache-project-fs-sync-'));
  return { fs: nodeProjectFs(), root, cleanup: () => rm(root, { recursive: true, force: true }) };
});
