// Git smart HTTP through `git http-backend` as a CGI child: the request body streams into its
// stdin (chunked, gzip and all: git decodes gzip itself from HTTP_CONTENT_ENCODING), its CGI
// headers become the response's, and the rest of its stdout streams out. Always spawned, never
// run synchronously: the server keeps serving while git works.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Request, Response } from 'express';
import { HubError } from '../errors.js';
import type { ProjectName } from '../names.js';
import { gitEnv } from './env.js';

const HEADER_LIMIT = 64 * 1024;

export interface BackendRequest {
  reposDir: string;
  project: ProjectName;
  /** `info/refs`, `git-upload-pack` or `git-receive-pack`. */
  service: string;
  user: string;
  processEnv: NodeJS.ProcessEnv;
  /** Every child in flight, so a shutdown can wait for them or stop them. */
  children: Set<ChildProcess>;
}

function cgiEnv(req: Request, r: BackendRequest): Record<string, string> {
  const env: Record<string, string> = {
    GIT_PROJECT_ROOT: r.reposDir,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: `/${r.project.owner}/${r.project.name}.git/${r.service}`,
    QUERY_STRING: req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '',
    REQUEST_METHOD: req.method,
    // Set only after the hub checked write access: it is what lets http-backend run receive-pack.
    REMOTE_USER: r.user,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
  };
  const type = req.get('content-type');
  if (type) env.CONTENT_TYPE = type;
  const length = req.get('content-length');
  if (length && /^\d+$/.test(length)) env.CONTENT_LENGTH = length;
  const encoding = req.get('content-encoding');
  if (encoding && /^[a-z-]{1,20}$/i.test(encoding)) env.HTTP_CONTENT_ENCODING = encoding;
  const protocol = req.get('git-protocol');
  if (protocol && /^[A-Za-z0-9=:.,_ -]{1,200}$/.test(protocol)) env.GIT_PROTOCOL = protocol;
  return env;
}

function parseCgiHeaders(text: string): { status: number; headers: Array<[string, string]> } {
  let status = 200;
  const headers: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers.push([name, value]);
  }
  return { status, headers };
}

export function runHttpBackend(req: Request, res: Response, r: BackendRequest): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('git', ['http-backend'], { env: gitEnv(r.processEnv, cgiEnv(req, r)), stdio: ['pipe', 'pipe', 'pipe'] });
    r.children.add(child);
    let head = Buffer.alloc(0);
    let headersDone = false;
    let stderr = '';
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      r.children.delete(child);
      if (err) reject(err);
      else resolve();
    };

    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString('utf8');
    });
    child.on('error', (err) => finish(new HubError('EINTERNAL', `could not run git http-backend: ${err.message}`)));

    // Request body → git. A client that goes away stops git too.
    req.pipe(child.stdin);
    child.stdin.on('error', () => undefined);
    req.on('error', () => child.kill('SIGTERM'));
    res.on('close', () => {
      if (!res.writableFinished && child.exitCode === null) child.kill('SIGTERM');
    });

    child.stdout.on('data', (data: Buffer) => {
      if (headersDone) {
        if (!res.write(data)) {
          child.stdout.pause();
          res.once('drain', () => child.stdout.resume());
        }
        return;
      }
      head = Buffer.concat([head, data]);
      let end = head.indexOf('\r\n\r\n');
      let sep = 4;
      if (end < 0) {
        end = head.indexOf('\n\n');
        sep = 2;
      }
      if (end < 0) {
        if (head.length > HEADER_LIMIT) {
          child.kill('SIGTERM');
          finish(new HubError('EINTERNAL', 'git http-backend sent no CGI headers'));
        }
        return;
      }
      headersDone = true;
      const { status, headers } = parseCgiHeaders(head.subarray(0, end).toString('latin1'));
      res.status(status);
      for (const [name, value] of headers) res.append(name, value);
      const rest = head.subarray(end + sep);
      if (rest.length) res.write(rest);
    });

    child.on('close', (code) => {
      if (!headersDone) {
        // git gave up before answering: what it was sent is what it could not use.
        const message = stderr.split('\n').find((l) => l.trim()) ?? `git http-backend exited with ${code}`;
        finish(new HubError('EBADREQUEST', `git could not process the request: ${message.replace(r.reposDir, '').slice(0, 200)}`));
        return;
      }
      res.end();
      finish();
    });
  });
}
