// HTTP as an attacker or a broken client sends it: the path exactly as written (no URL
// normalisation of '..' or '%2e'), any headers, any body, or a body that stops short.

import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body as JSON, or undefined when it is not JSON. */
  json: any;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send only these bytes of the body, then cut the connection (the response is not awaited). */
  cutAfter?: number;
}

export function raw(url: string, r: RawRequest): Promise<RawResponse | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const body = r.body === undefined ? undefined : Buffer.from(r.body);
    const headers = { ...r.headers };
    if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length' || h.toLowerCase() === 'transfer-encoding')) {
      headers['content-length'] = String(body.length);
    }
    const req = request({ host: hostname, port, method: r.method ?? 'GET', path: r.path, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('error', reject);
      res.on('end', () => {
        const all = Buffer.concat(parts);
        let json: unknown;
        try {
          json = JSON.parse(all.toString('utf8'));
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all, json });
      });
    });
    if (r.cutAfter !== undefined) {
      req.on('error', () => resolve(undefined));
      req.write(body!.subarray(0, r.cutAfter), () => setTimeout(() => {
        req.destroy();
        resolve(undefined);
      }, 50));
      return;
    }
    req.on('error', reject);
    req.end(body);
  });
}
