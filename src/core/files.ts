/**
 * Reading a file the user named, with a clear refusal for a folder, or for what is bigger
 * than a limit that fits the purpose. A pipe (`--input @/dev/stdin`) is read up to that
 * limit; an endless device (`/dev/zero`) is refused at it instead of filling memory.
 */
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  let bytes: Buffer;
  if (st.isFile()) {
    if (st.size > maxBytes) throw tooBig(path, `${size(st.size)}, more`, maxBytes);
    bytes = readFileSync(path);
  } else {
    bytes = readStream(path, maxBytes);
  }
  const text = utf8Text(path, bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Bytes as UTF-8 text; bytes that are not UTF-8 (a file saved as Latin-1 or UTF-16, a binary
 * file) are an Error that says where, instead of turning silently into U+FFFD.
 */
export function utf8Text(path: string, bytes: Buffer): string {
  const problem = utf8Problem(bytes);
  if (problem) throw Object.assign(new Error(`${path} is ${problem}`), { code: 'EUTF8', reason: problem });
  return bytes.toString('utf8');
}

/** Why bytes are not UTF-8 text, and where (`not UTF-8 text: byte 0xE9 at line 3, column 12 …`), or undefined when they are. */
export function utf8Problem(bytes: Buffer): string | undefined {
  if (isUtf8(bytes)) return undefined;
  const at = firstBadUtf8(bytes);
  const before = bytes.subarray(0, at).toString('utf8');
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const hint = bytes[0] === 0xff || bytes[0] === 0xfe ? 'it looks like UTF-16: save it as UTF-8' : bytes.includes(0) ? 'it looks like a binary file' : 'save it as UTF-8';
  return `not UTF-8 text: byte 0x${(bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')} at line ${line}, column ${column} (${hint})`;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstBadUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i] as number;
    // Continuation bytes after the lead byte, and the least code point that needs that many.
    const [n, min] = c < 0x80 ? [0, 0] : c >= 0xc2 && c <= 0xdf ? [1, 0x80] : c >= 0xe0 && c <= 0xef ? [2, 0x800] : c >= 0xf0 && c <= 0xf4 ? [3, 0x10000] : [-1, 0];
    if (n < 0) return i;
    if (i + n >= b.length && n > 0) return i;
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const x = b[i + k] as number;
      if ((x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}

/** Why a file operation failed, in words (`permission denied`), without the system's `ENOENT: …, open '/x'` text. */
export function fsReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many symbolic links (a loop)';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EEXIST':
      return 'it exists already';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return e instanceof Error ? e.message : String(err);
  }
}

/**
 * Limits. A run's input: 16 MiB, so that the trace lines that hold it (the prompt holds it
 * twice when the instructions quote it) stay within what the trace reader reads (a line of
 * at most 128 MiB). A script. A checkpoint (the input and every finished step's output). A
 * trace read from a pipe (a trace file is read line by line, of any length).
 */
export const MAX_INPUT_BYTES = 16 * MiB;
export const MAX_SCRIPT_BYTES = 64 * MiB;
export const MAX_CHECKPOINT_BYTES = 256 * MiB;
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

/**
 * Takes the lock file `path` for this process, or says which live process holds it:
 * `{ heldBy }`. The lock appears with the process id already in it (written to a file of its
 * own, then linked into place: a lock created empty and written after could be read empty by
 * another process, taken for stale and taken over, and both would hold it). A lock left by a
 * process that is gone (killed) is taken over: moved aside, and put back if what was moved
 * turns out to be another process's fresh lock. The lock goes when `release` is called, or
 * when the process exits, and only while it is still this process's. Other errors (no such
 * folder, no permission) are thrown.
 */
export function claimLock(path: string): { release(): void } | { heldBy: number } {
  const own = `${process.pid}\n`;
  const mine = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(mine, own);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, path);
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A file system without hard links: create it exclusively (not atomic with its content).
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
          writeFileSync(path, own, { flag: 'wx' });
          break;
        }
        if (code !== 'EEXIST' || attempt > 3) throw err;
        const pid = lockPid(path);
        if (pid === undefined) continue; // gone meanwhile: try again
        if (pid > 0 && processAlive(pid)) return { heldBy: pid };
        // Left by a process that is gone: moved aside, unless another process took it first.
        const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
        try {
          renameSync(path, aside);
        } catch {
          continue;
        }
        const moved = lockPid(aside);
        if (moved !== pid && moved !== undefined && processAlive(moved)) {
          // Another process's fresh lock, taken over between our look and the move: put back.
          try {
            linkSync(aside, path);
          } catch {
            // it has a newer one already
          }
          rmSync(aside, { force: true });
          return { heldBy: moved };
        }
        rmSync(aside, { force: true });
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only while it is still ours (never another process's that took over a lock thought stale).
    if (lockPid(path) === process.pid) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return { release };
}

/** The process id a lock file holds: undefined when it is gone; 0 when it holds no id. */
function lockPid(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : 0;
}

/** Whether a process of this id is running (another user's too). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
