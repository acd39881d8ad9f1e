// A process that uses the public API the way a user's script does; tests start several at once.
//   child.ts memo-race KEYPREFIX N     memoise one shared call and N calls of its own, print JSON
//   child.ts put-forever               put large values until killed
//   child.ts memo-exit                 memoise one call and exit without flushing

import { randomBytes } from 'node:crypto';
import { CacheStore, configure, memo } from '../index.js';

const [mode, prefix = 'p', count = '0'] = process.argv.slice(2);

if (mode === 'memo-race') {
  configure({ thresholdMs: 0 });
  const shared = memo(async (name: string) => {
    await new Promise((r) => setTimeout(r, 50));
    return { name, token: randomBytes(8).toString('hex') };
  });
  const own = memo(async (who: string, i: number) => ({ who, i }));
  const [value] = await Promise.all([shared('the same call'), ...Array.from({ length: Number(count) }, (_, i) => own(prefix, i))]);
  process.stdout.write(JSON.stringify(value));
} else if (mode === 'put-forever') {
  const store = new CacheStore();
  for (let i = 0; ; i++) {
    await store.put(`big-${i}`, randomBytes(4 << 20));
    process.stdout.write(`${i}\n`);
  }
} else if (mode === 'memo-exit') {
  configure({ thresholdMs: 0 });
  const f = memo((x: number) => x * 2);
  process.stdout.write(String(await f(21)));
} else {
  throw new Error(`unknown mode ${mode}`);
}
