// `npm run demo`: the team story, played for real and timed. A hub starts on a free port with its
// storage in a temp directory; alice logs in with `xetcache login`, bob uses XET_* variables;
// both run sync daemons; alice's slow function computes and its result reaches bob with nobody
// pushing or pulling, and bob's lazy clone then gets it without computing; alice edits 1% of a large value and little moves; bob deletes an entry and
// alice sees it go. Every user runs in processes of their own, with their own home and
// XETCACHE_HOME. Everything lives under one temp directory, removed at the end, also after a
// failure or Ctrl-C. Values are 64 MiB; `--size 16MiB` or XETCACHE_DEMO_SIZE=16MiB changes that.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readSize } from './demo/size.js';
import { stopAll, DemoError } from './demo/processes.js';
import { redact } from './demo/secrets.js';
import { story } from './demo/story.js';

let size: number;
try {
  const { values } = parseArgs({ options: { size: { type: 'string' } } });
  size = readSize(values.size ?? process.env.XETCACHE_DEMO_SIZE);
} catch (err) {
  process.stderr.write(`demo: ${(err as Error).message}\n`);
  process.exit(2);
}

const root = await mkdtemp(join(tmpdir(), 'xetcache-demo-'));
let stopping = false;
const cleanup = async () => {
  await stopAll();
  await rm(root, { recursive: true, force: true });
};

/** Stop at once: every process the demo started, then its temp directory. */
function abort(why: string, code: number): void {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`\ndemo: ${why}: stopping the hub and the users' processes, removing ${root}\n`);
  void cleanup().finally(() => process.exit(code));
}

process.once('SIGINT', () => abort('SIGINT', 130));
process.once('SIGTERM', () => abort('SIGTERM', 143));
// Output piped into a reader that goes away (`npm run demo | head`) ends the demo cleanly.
process.stdout.on('error', () => abort('output closed', 1));
process.stderr.on('error', () => {});

try {
  await story(root, size);
} catch (err) {
  if (!stopping) {
    const message = err instanceof DemoError ? err.message : ((err as Error).stack ?? String(err));
    process.stderr.write(`\ndemo: failed: ${redact(message)}\n`);
    process.exitCode = 1;
  }
} finally {
  if (!stopping) await cleanup();
}
