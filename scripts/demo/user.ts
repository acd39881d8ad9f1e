// One user's process: `user.ts PROJECT FUNCTION RUN BYTES` calls a lab function through the
// cache project as the user's environment sets it up (XETCACHE_HOME, credentials, hub), and
// prints one JSON line: which bodies ran, how long the call took, the entry it created, what was
// fetched from the hub, and the project's stats before and after.

import { processEnv, Runtime } from 'xetcache';
import { lab } from './lab.js';

const [project, fn, run, bytes] = process.argv.slice(2);
if (!project || (fn !== 'train' && fn !== 'finetune') || !run || !bytes) {
  process.stderr.write('usage: user.ts PROJECT train|finetune RUN BYTES\n');
  process.exit(2);
}

// What `import { memo } from 'xetcache'` sets up for a process, made here by hand so that the
// runtime's count of bytes fetched from the hub can be read after the call.
const runtime = new Runtime(processEnv(), { commitDelayMs: Infinity });
runtime.setProject(project);
const computed: string[] = [];
const functions = lab(runtime, (name) => computed.push(name));

const store = await runtime.store();
const keysBefore = new Set(await store.keys());
const statsBefore = await store.stats();
const t = performance.now();
const value = await functions[fn](Number(run), Number(bytes));
const ms = performance.now() - t;
await runtime.flush();
const created = (await store.keys()).filter((k) => !keysBefore.has(k));
const statsAfter = await store.stats();
await runtime.close();

process.stdout.write(
  `${JSON.stringify({ computed, ms, size: value.length, created, fetched: runtime.fetchedValues(), statsBefore, statsAfter })}\n`,
);
