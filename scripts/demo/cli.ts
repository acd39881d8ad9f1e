// `xetcache …` as a user types it: the CLI from source, in its own process, with the user's
// environment. A command that fails stops the demo with its error line.

import { cliBin } from './paths.js';
import { DemoError, runTs, tail, type Finished } from './processes.js';
import type { User } from './users.js';

export async function xetcache(user: User, args: string[]): Promise<Finished> {
  const r = await runTs(cliBin, args, { env: user.env, cwd: user.home });
  if (r.code !== 0) {
    // `login -p TOKEN`: the token stays out of the message.
    const shown = args[0] === 'login' ? 'login' : args.join(' ');
    throw new DemoError(`${user.name}: xetcache ${shown} failed (exit ${r.code}):\n${tail(r.stderr || r.stdout)}`);
  }
  return r;
}

/** `xetcache … --json`: the JSON documents it printed, in order. */
export async function xetcacheJson(user: User, args: string[]): Promise<{ ms: number; docs: unknown[] }> {
  const r = await xetcache(user, [...args, '--json']);
  // Each document is pretty-printed and starts on a line of its own with `{` or `[`.
  const texts = r.stdout.split(/^(?=[{[])/m).filter((t) => t.trim());
  try {
    return { ms: r.ms, docs: texts.map((t) => JSON.parse(t) as unknown) };
  } catch {
    throw new DemoError(`${user.name}: xetcache ${args.join(' ')} --json printed something that is not JSON:\n${tail(r.stdout)}`);
  }
}
