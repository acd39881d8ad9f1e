// Running git for the hub's own repository work (init, the first commit). Always asynchronous:
// a synchronous call would block the server's event loop, and with it any git request in flight.

import { execFile } from 'node:child_process';

export interface GitResult {
  stdout: string;
}

export function runGit(args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv; input?: string }): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd: options.cwd, env: options.env, encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args[0]} failed: ${stderr.trim().split('\n')[0] ?? err.message}`));
      else resolve({ stdout });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
