// Process entry: the only file of the CLI that reads process globals.

import { run } from './main.js';

// `login -p TOKEN` has the token in argv: a new title replaces argv in ps and /proc/PID/cmdline.
if (process.argv[2] === 'login') process.title = 'xetcache login';

const code = await run(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
  binaryOut: {
    // Wait for the pipe to drain, so a large value never piles up in memory.
    write: (bytes) =>
      process.stdout.write(bytes) ? undefined : new Promise<void>((r) => process.stdout.once('drain', () => r())),
  },
  // Up to the first line's end (a token pasted at a terminal, then Enter) or the end of input.
  readStdin: async () => {
    const parts: Buffer[] = [];
    for await (const part of process.stdin) {
      parts.push(part as Buffer);
      if ((part as Buffer).includes(10)) break;
    }
    process.stdin.pause();
    return Buffer.concat(parts).toString('utf8');
  },
  selfCommand: { command: process.execPath, args: [...process.execArgv, process.argv[1]!] },
  // A second signal while stopping means "now".
  untilSignal: () =>
    new Promise<string>((resolve) => {
      let seen = false;
      const on = (signal: string) => (seen ? process.exit(130) : ((seen = true), resolve(signal)));
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
    }),
});
process.exitCode = code;
