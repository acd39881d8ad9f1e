// Where the demo's pieces are in this repository.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const hubBin = join(repoRoot, 'apps', 'hub', 'src', 'bin.ts');
export const cliBin = join(repoRoot, 'apps', 'cli', 'src', 'bin.ts');
export const userScript = join(repoRoot, 'scripts', 'demo', 'user.ts');
