// How a user's cache project reaches the team, and the team's reaches them. For now an explicit
// sync, `xetcache sync` (pull, then push), run where the story says so. Once the sync daemon is
// ready, this is the one function to change: run `xetcache daemon start` once per user, and wait
// here until `xetcache daemon status --json` shows nothing pending and a pull after this moment.

import { xetcacheJson } from './cli.js';
import { DemoError } from './processes.js';
import type { User } from './users.js';

/** Said in the demo's output, so nobody mistakes it for the daemon. */
export const SHARING = 'an explicit sync, `xetcache sync` (pull, then push)';

export interface Shared {
  ms: number;
  /** Bytes that crossed the network: values sent to the hub, values received from it. */
  up: number;
  down: number;
  /** Entry files the pull changed (others' new, edited or deleted entries). */
  changed: number;
}

interface SyncDocs {
  pull?: { changed: number; transferred: number };
  push?: { transferred: number };
}

export async function share(user: User, project: string): Promise<Shared> {
  const { ms, docs } = await xetcacheJson(user, ['sync', '--project', project]);
  const all = Object.assign({}, ...docs) as SyncDocs;
  if (!all.pull || !all.push) throw new DemoError(`${user.name}: xetcache sync --json did not report both its pull and its push`);
  return { ms, up: all.push.transferred, down: all.pull.transferred, changed: all.pull.changed };
}
