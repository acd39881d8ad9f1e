// A git smart-HTTP server for tests: stock `git http-backend` behind node:http, serving bare
// repositories under a temporary root, with optional Basic credentials.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startTestServer, type TestServer } from './http-server.js';

export interface GitTestServer {
  url: string;
  root: string;
  server: TestServer;
  /** Create an empty bare repository `name.git`; returns its URL. */
  createRepo(name: string): string;
  close(): Promise<void>;
}

export async function startGitServer({ credentials }: { credentials?: { user: string; token: string } } = {}): Promise<GitTestServer> {
  const root = mkdtempSync(join(tmpdir(), 'xetcache-git-server-'));
  const expected = credentials ? `Basic ${Buffer.from(`${credentials.user}:${credentials.token}`).toString('base64')}` : undefined;
  const server = await startTestServer(
    async (req, res, seen) => {
      if (expected && req.headers.authorization !== expected) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' });
        res.end();
        return;
      }
      const url = new URL(seen.url, 'http://x');
      const child = spawn('git', ['http-backend'], {
        env: {
          ...process.env,
          GIT_PROJECT_ROOT: root,
          GIT_HTTP_EXPORT_ALL: '1',
          REMOTE_USER: 'test',
          REQUEST_METHOD: seen.method,
          PATH_INFO: decodeURIComponent(url.pathname),
          QUERY_STRING: url.search.slice(1),
          CONTENT_TYPE: req.headers['content-type'] ?? '',
          CONTENT_LENGTH: String(seen.body.length),
          HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        },
      });
      // git http-backend may exit without reading its input (a GET, an error): the write then
      // fails with EPIPE, which is no failure of the request.
      child.stdin.on('error', () => {});
      child.stdin.end(seen.body);
      const parts: Buffer[] = [];
      for await (const part of child.stdout) parts.push(part as Buffer);
      const out = Buffer.concat(parts);
      const split = out.indexOf('\r\n\r\n');
      const head = out.subarray(0, split).toString('latin1');
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n')) {
        const at = line.indexOf(':');
        const name = line.slice(0, at).trim().toLowerCase();
        const value = line.slice(at + 1).trim();
        if (name === 'status') status = Number(value.split(' ')[0]);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.end(out.subarray(split + 4));
    },
  );
  return {
    url: server.url,
    root,
    server,
    createRepo(name) {
      execFileSync('git', ['init', '--bare', '--quiet', '--initial-branch=main', join(root, `${name}.git`)]);
      execFileSync('git', ['-C', join(root, `${name}.git`), 'config', 'http.receivepack', 'true']);
      return `${server.url}/${name}.git`;
    },
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
