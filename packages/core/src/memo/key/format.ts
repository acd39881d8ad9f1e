// The byte format of keyed values, pinned by golden.test.ts. Changing anything here changes every
// memo key, so bump KEY_FORMAT_VERSION with it: old entries then miss instead of being misread.
//
//   value      = KEY_FORMAT_VERSION body
//   body       = 'u' | 'h' (array hole) | 'n' (null) | 't' | 'f'
//              | 'd' f64                  number, IEEE 754 big-endian; NaN canonical, -0 kept
//              | 'i' str                  bigint, in decimal
//              | 's' str
//              | 'a' u32 body*            array, holes as 'h'
//              | 'o' u32 (str body)*      plain or null-prototype object, keys sorted
//              | 'c' str u32 (str body)*  class instance: constructor name, own props sorted
//              | 'm' u32 (body body)*     Map, entries sorted by their bytes
//              | 'e' u32 body*            Set, elements sorted by their bytes
//              | 'D' f64                  Date, its time value
//              | 'r' str str              RegExp: source, flags
//              | 'b' str u32 byte*        binary: kind (e.g. Float64Array), little-endian bytes
//   str        = u32 (byte length) WTF-8  (UTF-8 that keeps lone surrogates distinct)
//   u32        = big-endian

export const KEY_FORMAT_VERSION = 1;

export const TAG = {
  undefined: 0x75, // u
  hole: 0x68, // h
  null: 0x6e, // n
  true: 0x74, // t
  false: 0x66, // f
  number: 0x64, // d
  bigint: 0x69, // i
  string: 0x73, // s
  array: 0x61, // a
  object: 0x6f, // o
  instance: 0x63, // c
  map: 0x6d, // m
  set: 0x65, // e
  date: 0x44, // D
  regexp: 0x72, // r
  binary: 0x62, // b
} as const;

/** Domain strings that open the records hashed for a function, a block and a whole call. */
export const DOMAIN = {
  fn: 'xetcache/memo/fn',
  call: 'xetcache/memo/call',
  block: 'xetcache/memo/block',
  blockCall: 'xetcache/memo/block-call',
} as const;
