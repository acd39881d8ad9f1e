// The process's view of the world, read in one place: environment, home directory, user and
// host. Everything below takes an Env, so tests can hand in their own.

import { homedir, hostname, userInfo } from 'node:os';

export interface Env {
  vars: Record<string, string | undefined>;
  homedir: string;
  cwd: string;
  user: string;
  host: string;
  pid: number;
}

export function processEnv(): Env {
  let user = process.env.USER ?? 'user';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep $USER.
  }
  return { vars: process.env, homedir: homedir(), cwd: process.cwd(), user, host: hostname(), pid: process.pid };
}
