// What a storage key may look like: '/'-separated segments of letters, digits, '.', '_', '-',
// none starting with a dot. Backends refuse anything else, so no key can name a path outside
// their root, whatever a bug upstream hands them.

import { HubError } from '../errors.js';

const SEGMENT = '[A-Za-z0-9_-][A-Za-z0-9._-]*';
const KEY = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`);
const PREFIX = new RegExp(`^(?:${SEGMENT}/)*(?:[A-Za-z0-9_-][A-Za-z0-9._-]*)?$`);
export const MAX_KEY_LENGTH = 1024;

export const isKey = (key: string): boolean => key.length <= MAX_KEY_LENGTH && KEY.test(key);

export function checkKey(key: string): string {
  if (!isKey(key)) throw new HubError('EINTERNAL', `invalid storage key '${key.slice(0, 100)}'`);
  return key;
}

export function checkPrefix(prefix: string): string {
  if (prefix.length > MAX_KEY_LENGTH || !PREFIX.test(prefix)) throw new HubError('EINTERNAL', `invalid storage prefix '${prefix.slice(0, 100)}'`);
  return prefix;
}
