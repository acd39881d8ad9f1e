// `npm run bench`: figures against the peers, as ratios from one run on the same data.
// Flags: --big (the 4 GiB memory round trip; 1 GiB without it).

import { cpus, totalmem } from 'node:os';
import { benchChunking } from './chunking.js';
import { benchStore } from './store.js';
import { benchMemory } from './memory.js';
import { benchHub } from './hub.js';
import { benchMemoHit } from './memo-hit.js';
import { benchSync } from './sync.js';
import { noise, MiB } from './measure.js';

const big = process.argv.includes('--big');
console.log(`xetcache bench: node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM`);
const data = noise(256 * MiB, 12345);
await benchChunking(data);
await benchStore(data);
benchMemory(big ? 4096 * MiB : 1024 * MiB);
await benchMemoHit();
await benchHub();
await benchSync();
