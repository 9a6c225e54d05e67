import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeDirs, readTextFile } from '../../src/core/files';

describe('reading and creating what the user names', () => {
  it('reads a file without its byte-order mark, and refuses a folder or a file over the limit, saying which', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-files-'));
    const f = join(dir, 'x.json');
    writeFileSync(f, '\uFEFF{"a":1}');
    assert.equal(readTextFile(f, 100), '{"a":1}');
    assert.throws(() => readTextFile(f, 4), { message: `${f} is 1 KiB, more than the 1 KiB it may be` });
    assert.throws(() => readTextFile(dir, 100), { message: `${dir} is a folder, not a file` });
    assert.throws(() => readTextFile(join(dir, 'none'), 100), { code: 'ENOENT' });
  });

  it('reads what is no regular file up to the limit: an endless device is refused at it', () => {
    assert.throws(() => readTextFile('/dev/zero', 3 * 1024 * 1024), { message: '/dev/zero is longer than the 3.0 MiB it may be' });
    assert.equal(readTextFile('/dev/null', 10), '');
  });

  it('creates nested folders, and fails (never spins) where a folder cannot be made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-files-'));
    makeDirs(join(dir, 'a/b/c'));
    assert.ok(statSync(join(dir, 'a/b/c')).isDirectory());
    makeDirs(join(dir, 'a/b/c')); // already there
    writeFileSync(join(dir, 'file'), '');
    assert.throws(() => makeDirs(join(dir, 'file/sub')), { code: 'ENOTDIR' });
    // Node's recursive mkdirSync never returns here; /proc holds no folders of ours.
    if (existsSync('/proc/self')) assert.throws(() => makeDirs('/proc/nope/x'), { code: 'ENOENT' });
  });
});
