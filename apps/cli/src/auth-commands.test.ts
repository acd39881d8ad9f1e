// login, whoami and logout as a user runs them: real subprocesses with a temp HOME, against a
// stand-in hub on 127.0.0.1 that answers GET /api/whoami as SPEC §6 says. Every line any of
// them prints is kept, and none may contain the token.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, 'bin.ts');
const tsx = import.meta.resolve('tsx');
const root = await mkdtemp(join(tmpdir(), 'xetcache-cli-auth-'));
const TOKEN = 'xet-tok-5b8e2d90c4';
const outputs: string[] = [];
let hub: Server;
let endpoint = '';
/** Runs while the hub handles a request, with the pid of the client that sent it. */
let duringRequest: (() => Promise<void>) | undefined;

before(async () => {
  hub = createServer(async (req, res) => {
    await duringRequest?.();
    const [user, token] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
    res.setHeader('content-type', 'application/json');
    if (req.url !== '/api/whoami') res.writeHead(404).end('{"message":"not found"}');
    else if (!req.headers.authorization) res.writeHead(401, { 'lfs-authenticate': 'Basic realm="xetcache"' }).end('{"message":"credentials required"}');
    else if (user !== 'alice') res.writeHead(403).end(JSON.stringify({ message: `no such user "${user}"` }));
    else if (token !== TOKEN) res.writeHead(403).end('{"message":"wrong token"}');
    else res.end(JSON.stringify({ user: 'alice', email: 'alice@example.com', admin: false }));
  });
  await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
});

after(async () => {
  hub.closeAllConnections();
  await new Promise<void>((r) => hub.close(() => r()));
  await rm(root, { recursive: true, force: true });
});

let homes = 0;
async function newHome(): Promise<string> {
  const home = join(root, `home${homes++}`);
  await mkdir(home);
  return home;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function xetcache(home: string, args: string[], env: Record<string, string> = {}, onPid?: (pid: number) => void, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--conditions=source', '--import', tsx, bin, ...args],
      // No D-Bus session here, and XETCACHE_KEYCHAIN=off keeps a desktop's real keychain out of it.
      { env: { PATH: process.env.PATH, HOME: home, XETCACHE_HOME: join(home, 'cache'), XETCACHE_KEYCHAIN: 'off', ...env }, cwd: home, encoding: 'utf8' },
      (err, stdout, stderr) => {
        outputs.push(stdout, stderr);
        resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
    if (child.pid) onPid?.(child.pid);
    child.stdin?.end(stdin ?? '');
  });
}

test('login checks the token with the hub and stores it in ~/.xetconfig (0600); whoami says where it came from', async () => {
  const home = await newHome();
  const file = join(home, '.xetconfig');
  const login = await xetcache(home, ['login', '-u', 'alice', '-p', TOKEN, '-e', 'alice@work.example', '--endpoint', endpoint]);
  assert.equal(login.code, 0, login.stderr);
  assert.equal(login.stdout, `logged in to ${endpoint} as alice <alice@work.example>; the token is in ${file}\n`);
  assert.equal(login.stderr, '');
  if (process.platform !== 'win32') assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.equal(await readFile(file, 'utf8'), `endpoint = "${endpoint}"\n\n[user]\nname = "alice"\ntoken = "${TOKEN}"\nemail = "alice@work.example"\n`);

  const who = await xetcache(home, ['whoami', '--json']);
  assert.equal(who.code, 0, who.stderr);
  assert.deepEqual(JSON.parse(who.stdout), { user: 'alice', email: 'alice@work.example', endpoint, source: 'xetconfig' });
  const text = await xetcache(home, ['whoami']);
  assert.equal(text.stdout, `alice <alice@work.example> at ${endpoint} (from ${file} [user])\n`);

  const env = await xetcache(home, ['whoami', '--json'], { XET_USER_NAME: 'envuser', XET_USER_TOKEN: 'env-token', XET_ENDPOINT: `${endpoint}/` });
  assert.deepEqual(JSON.parse(env.stdout), { user: 'envuser', email: null, endpoint, source: 'env' });

  const logout = await xetcache(home, ['logout']);
  assert.equal(logout.code, 0, logout.stderr);
  assert.equal(logout.stdout, `logged out of ${endpoint}: removed the credentials from ~/.xetconfig\n`);
  assert.equal(await readFile(file, 'utf8'), `endpoint = "${endpoint}"\n`);
  const gone = await xetcache(home, ['whoami']);
  assert.equal(gone.code, 1);
  assert.equal(gone.stderr, `xetcache: not logged in to ${endpoint}; run: xetcache login -u USER -p TOKEN --endpoint ${endpoint} (or set XET_USER_NAME and XET_USER_TOKEN)\n`);
  assert.equal((await xetcache(home, ['logout'])).stdout, `no stored credentials for ${endpoint}\n`);
});

test('a failed login says why, exits 1 and stores nothing', async () => {
  const home = await newHome();
  const file = join(home, '.xetconfig');
  await writeFile(file, '# keep me\n[cas]\nserver = "x"\n', { mode: 0o600 });
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const dead = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((r) => closed.close(() => r()));
  const cases: [string[], RegExp][] = [
    [['-u', 'alice', '-p', 'not-the-token'], /refused user "alice" with this token \(HTTP 403: wrong token\)/],
    [['-u', 'bob', '-p', TOKEN], /HTTP 403: no such user "bob"/],
    [['-u', 'alice', '-p', TOKEN, '--endpoint', dead], /cannot reach the hub at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/],
    [['-u', 'alice', '-p', TOKEN, '--endpoint', endpoint.replace('http:', 'https:')], /TLS failed .*is the endpoint http:\/\/ rather than https:\/\//],
  ];
  for (const [args, reason] of cases) {
    const r = await xetcache(home, ['login', '--endpoint', endpoint, ...args]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, reason);
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
    assert.equal(r.stdout, '');
  }
  assert.equal(await readFile(file, 'utf8'), '# keep me\n[cas]\nserver = "x"\n');
});

test('usage errors exit 2; a token in the environment without a user is a clear error', async () => {
  const home = await newHome();
  for (const args of [['login', '-u', 'alice'], ['login', '-p', TOKEN], ['login', '-u', 'alice', '-p', TOKEN, 'extra'], ['whoami', 'x'], ['logout', '--bogus']]) {
    const r = await xetcache(home, args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^xetcache: /);
  }
  const orphan = await xetcache(home, ['whoami'], { XET_USER_TOKEN: TOKEN });
  assert.equal(orphan.code, 1);
  assert.equal(orphan.stderr, 'xetcache: XET_USER_TOKEN is set but XET_USER_NAME is not; set XET_USER_NAME to the user the token belongs to (or unset XET_USER_TOKEN)\n');
});

test('malformed TOML: an error naming the file and line', async () => {
  const home = await newHome();
  const file = join(home, '.xetconfig');
  await writeFile(file, `[user]\nname = "alice"\ntoken = "${TOKEN}\n`, { mode: 0o600 });
  const r = await xetcache(home, ['whoami']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^xetcache: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: .*; fix or remove that line \\(the file is TOML\\)\\n$`));
});

test('a config readable by others: a warning saying how to fix it', { skip: process.platform === 'win32' }, async () => {
  const home = await newHome();
  const file = join(home, '.xetconfig');
  await writeFile(file, `endpoint = "${endpoint}"\n[user]\nname = "alice"\ntoken = "${TOKEN}"\n`);
  await chmod(file, 0o640);
  const r = await xetcache(home, ['whoami', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).source, 'xetconfig');
  assert.equal(r.stderr, `xetcache: warning: ${file} holds a token and is readable by others than you (mode 0640); run: chmod 600 ${file}\n`);
  // Logging in again rewrites the file, with mode 0600.
  assert.equal((await xetcache(home, ['login', '-u', 'alice', '-p', TOKEN])).code, 0);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
});

test('a symlinked ~/.xetconfig is never written through', { skip: process.platform === 'win32' }, async () => {
  const home = await newHome();
  const target = join(home, 'dotfiles.toml');
  await writeFile(target, '# in a dotfiles repo\n');
  await symlink(target, join(home, '.xetconfig'));
  const r = await xetcache(home, ['login', '-u', 'alice', '-p', TOKEN, '--endpoint', endpoint]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\.xetconfig is a symbolic link and xetcache does not write through links; replace it with a regular file/);
  assert.equal(await readFile(target, 'utf8'), '# in a dotfiles repo\n');
});

test('the token is not in the process title while login runs', { skip: process.platform !== 'linux' }, async () => {
  const home = await newHome();
  let pid = 0;
  let cmdline = '';
  duringRequest = async () => {
    cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
  };
  try {
    const r = await xetcache(home, ['login', '-u', 'alice', '-p', TOKEN, '--endpoint', endpoint], {}, (p) => (pid = p));
    assert.equal(r.code, 0, r.stderr);
  } finally {
    duringRequest = undefined;
  }
  assert.match(cmdline, /^xetcache login/);
  assert.ok(!cmdline.includes(TOKEN));
});

test('no output of any command above contains the token', () => {
  assert.ok(outputs.length > 40);
  assert.deepEqual(outputs.filter((o) => o.includes(TOKEN)), []);
});

test('login -p - reads the token from standard input, so it is never in the command line', async () => {
  const home = await newHome();
  const r = await xetcache(home, ['login', '-u', 'alice', '-p', '-', '--endpoint', endpoint, '--json'], {}, undefined, `${TOKEN}\n`);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).user, 'alice');
  const who = await xetcache(home, ['whoami', '--json'], { XET_ENDPOINT: endpoint });
  assert.equal(JSON.parse(who.stdout).source, 'xetconfig');
  const wrong = await xetcache(home, ['login', '-u', 'alice', '-p', '-', '--endpoint', endpoint], {}, undefined, 'not-the-token\n');
  assert.equal(wrong.code, 1);
  const empty = await xetcache(home, ['login', '-u', 'alice', '-p', '-', '--endpoint', endpoint], {}, undefined, '\n');
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /standard input held no token/);
});

test('login -p - at a terminal: the token line is enough, standard input need not end', async () => {
  const home = await newHome();
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, bin, 'login', '-u', 'alice', '-p', '-', '--endpoint', endpoint], {
    env: { PATH: process.env.PATH, HOME: home, XETCACHE_HOME: join(home, 'cache'), XETCACHE_KEYCHAIN: 'off' },
    cwd: home,
    stdio: ['pipe', 'pipe', 'pipe'],
    // A login that waits for the end of input would never exit: stop it rather than hang the run.
    signal: AbortSignal.timeout(60_000),
  });
  child.on('error', () => {});
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.write(`${TOKEN}\n`); // pasted, then Enter; the terminal stays open
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdin.destroy();
  outputs.push(out);
  assert.equal(code, 0, out);
  assert.match(out, /logged in to .* as alice/);
});
