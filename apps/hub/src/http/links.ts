// The hub's own address in the links it hands out (batch actions, .lfsconfig):
// XETCACHE_HUB_PUBLIC_URL when set, else the request's X-Forwarded-Proto/-Host or Host.

import type { Request } from 'express';
import type { ProjectName } from '../names.js';

const HOST = /^[A-Za-z0-9.-]+(?::[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?$/;

export function baseUrl(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const first = (name: string) => req.get(name)?.split(',')[0]?.trim();
  const forwardedProto = first('x-forwarded-proto');
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
  const forwardedHost = first('x-forwarded-host');
  const host = [forwardedHost, req.get('host')].find((h) => h && HOST.test(h)) ?? '127.0.0.1';
  return `${proto}://${host}`;
}

/** The LFS endpoint of a project, as stock git-lfs derives it from a `.git` remote URL. */
export const lfsUrl = (base: string, p: ProjectName): string => `${base}/${p.owner}/${p.name}.git/info/lfs`;
