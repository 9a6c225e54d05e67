/**
 * Reading a file the user named, with a clear refusal for a folder, or for what is bigger
 * than a limit that fits the purpose. A pipe (`--input @/dev/stdin`) is read up to that
 * limit; an endless device (`/dev/zero`) is refused at it instead of filling memory.
 */
import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const MiB = 1024 * 1024;

function size(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(bytes >= 10 * MiB ? 0 : 1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function tooBig(path: string, what: string, maxBytes: number): Error {
  return new Error(`${path} is ${what} than the ${size(maxBytes)} it may be`);
}

/** Reads what is not a regular file (a pipe, a device) in chunks, at most `maxBytes`. */
function readStream(path: string, maxBytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(MiB, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooBig(path, 'longer', maxBytes);
    }
  } finally {
    closeSync(fd);
  }
}

/** The text of a file of at most `maxBytes` (UTF-8, a byte-order mark dropped); throws an Error that says why not. */
export function readTextFile(path: string, maxBytes: number): string {
  const st = statSync(path);
  if (st.isDirectory()) throw new Error(`${path} is a folder, not a file`);
  let text: string;
  if (st.isFile()) {
    if (st.size > maxBytes) throw tooBig(path, `${size(st.size)}, more`, maxBytes);
    text = readFileSync(path, 'utf8');
  } else {
    text = readStream(path, maxBytes).toString('utf8');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Limits: an input value or a script, and a recorded trace (V8 strings end near 512 MiB). */
export const MAX_INPUT_BYTES = 64 * MiB;
export const MAX_TRACE_BYTES = 256 * MiB;

/**
 * `mkdir -p`, one folder at a time. Node's own recursive `mkdirSync` never returns when a
 * parent cannot hold folders although it exists (`/proc/nope/x` spins forever); this one
 * throws the error of the first folder it cannot create.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; ) {
    const st = statSync(d, { throwIfNoEntry: false });
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${d}'`), { code: 'ENOTDIR' });
      break;
    }
    const parent = dirname(d);
    if (parent === d) break;
    missing.push(d);
    d = parent;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
