// The demo's output: one aligned row per step (what happened, hit or miss, milliseconds, bytes
// up to the hub and down from it), and the closing figures.

import { redact } from './secrets.js';

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

export const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;
export const millis = (ms: number): string => Math.round(ms).toLocaleString('en-US');
export const ratio = (logical: number, stored: number): string => (stored > 0 ? `${(logical / stored).toFixed(2)}x` : '-');

export function say(text = ''): void {
  process.stdout.write(`${redact(text)}\n`);
}

export interface Row {
  who: string;
  what: string;
  result?: string;
  ms?: number;
  up?: number;
  down?: number;
  note?: string;
}

const line = (who: string, what: string, result: string, ms: string, up: string, down: string, note: string) =>
  `  ${who.padEnd(6)} ${what.padEnd(44)} ${result.padEnd(7)} ${ms.padStart(6)} ${up.padStart(10)} ${down.padStart(10)}  ${note}`.trimEnd();

export function header(): void {
  say(line('who', 'step', 'result', 'ms', 'up', 'down', ''));
  say(line('---', '----', '------', '--', '--', '----', ''));
}

export function row(r: Row): void {
  const b = (n: number | undefined) => (n === undefined ? '' : bytes(n));
  say(line(r.who, r.what, r.result ?? '', r.ms === undefined ? '' : millis(r.ms), b(r.up), b(r.down), r.note ?? ''));
}

export function section(title: string): void {
  say();
  say(title);
}
