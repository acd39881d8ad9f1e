// The export bundle: a plain tar that another machine imports with nothing else.
//   xetcache-bundle.json   { "format": 1, "entries": n, "objects": m }
//   objects/<sha256 hex>   the bytes of each distinct value, once
//   entries/<n>.json       each entry's metadata, after the objects it names
// Objects come first so an importer can store bytes before it records the entries that use them.

export const BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_HEADER = 'xetcache-bundle.json';
export const objectPath = (oid: string): string => `objects/${oid.slice('sha256:'.length)}`;
export const entryPath = (n: number): string => `entries/${String(n).padStart(8, '0')}.json`;
export const OBJECT_PATH = /^objects\/([0-9a-f]{64})$/;
export const ENTRY_PATH = /^entries\/\d{8}\.json$/;
