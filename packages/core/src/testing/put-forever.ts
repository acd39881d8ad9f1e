// Child process for the crash tests: stores fresh values in a loop until it is killed,
// announcing each value once put() has returned.

import { openNodeStore } from '../node/open-store.js';
import { seededBytes } from './random.js';

const [dir, seedArg] = process.argv.slice(2);
const store = await openNodeStore(dir!, { packSize: 4 * 1024 * 1024 });
for (let i = 0; ; i++) {
  const data = seededBytes(Number(seedArg) * 1000 + i, 3 * 1024 * 1024 + i * 4099);
  const { oid } = await store.put(data);
  process.stdout.write(`stored ${oid} ${Number(seedArg) * 1000 + i} ${data.length}\n`);
}
