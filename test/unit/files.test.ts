import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { claimLock, firstBadUtf8, makeDirs, readTextFile } from '../../src/core/files';
import { parseJsonText } from '../../src/core/jsonParse';

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

  it('refuses bytes that are not UTF-8, saying where, instead of reading U+FFFD', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-files-'));
    const latin1 = join(dir, 'l.json');
    writeFileSync(latin1, Buffer.from('{\n  "name": "caf\xe9"\n}', 'latin1'));
    assert.throws(() => readTextFile(latin1, 100), { message: `${latin1} is not UTF-8 text: byte 0xE9 at line 2, column 15 (save it as UTF-8)` });
    const utf16 = join(dir, 'u.json');
    writeFileSync(utf16, Buffer.from('\ufeff{}', 'utf16le'));
    assert.throws(() => readTextFile(utf16, 100), /byte 0xFF at line 1, column 1 \(it looks like UTF-16: save it as UTF-8\)/);
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, '{"x":"café ✓ 𝄞"}');
    assert.equal(readTextFile(ok, 100), '{"x":"café ✓ 𝄞"}');
  });

  it('finds the first byte that is not UTF-8 where Node\'s strict decoder fails, on random bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    for (let n = 0; n < 3000; n++) {
      const b = Buffer.from(Array.from({ length: 1 + (rand() % 12) }, () => [0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9d, 0x84, 0x9e, 0xed, 0xa0, 0x80, 0xc0, 0xff][rand() % 15]!));
      const at = firstBadUtf8(b);
      let valid = true;
      try {
        strict.decode(b);
      } catch {
        valid = false;
      }
      assert.equal(at === b.length, valid, `${b.toString('hex')}: ${at}`);
      if (!valid) assert.doesNotThrow(() => strict.decode(b.subarray(0, at)), `${b.toString('hex')}: the bytes before ${at} decode`);
    }
  });

  it('says where JSON a person wrote goes wrong, and why, in words', () => {
    const bad = (text: string) => {
      const r = parseJsonText(text);
      assert.ok(!r.ok);
      return `${r.line}:${r.column} ${r.message}`;
    };
    assert.deepEqual(parseJsonText('\ufeff{"a":[1]}'), { ok: true, value: { a: [1] } });
    assert.equal(bad('{"id": x}'), '1:8 a value was expected here (JSON strings take double quotes; true, false and null are lower case)');
    assert.equal(bad('{\n  "a": 1,\n}'), '3:1 a property name in double quotes was expected (JSON allows no trailing comma)');
    assert.equal(bad('[1, 2'), "1:6 ']' was expected");
    assert.equal(bad('{"a": 1} {"b": 2}'), '1:10 the value should end here (one JSON value only)');
    assert.equal(bad('// note\n{}'), '1:1 JSON has no comments');
    assert.equal(bad('  '), '1:3 empty: a JSON value was expected');
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

describe('claimLock', () => {
  const lockIn = () => join(mkdtempSync(join(tmpdir(), 'handoff-lock-')), 'x.lock');

  it('holds a lock with its process id from the start; a second claim is told who holds it; release frees it', () => {
    const path = lockIn();
    const held = claimLock(path);
    assert.ok('release' in held);
    assert.equal(readFileSync(path, 'utf8'), `${process.pid}\n`);
    assert.deepEqual(claimLock(path), { heldBy: process.pid });
    held.release();
    assert.equal(existsSync(path), false);
    assert.deepEqual(readdirSync(dirname(path)), [], 'nothing left beside it');
  });

  it('takes over a lock left by a process that is gone, or one that holds no id', () => {
    for (const content of ['2147483646\n', '', 'garbage']) {
      const path = lockIn();
      writeFileSync(path, content);
      const held = claimLock(path);
      assert.ok('release' in held, JSON.stringify(content));
      assert.equal(readFileSync(path, 'utf8'), `${process.pid}\n`);
      held.release();
      assert.deepEqual(readdirSync(dirname(path)), []);
    }
  });

  it('on release, leaves a lock that is no longer its own (another process took it over)', () => {
    const path = lockIn();
    const held = claimLock(path);
    assert.ok('release' in held);
    writeFileSync(path, '12345\n');
    held.release();
    assert.equal(readFileSync(path, 'utf8'), '12345\n');
  });

  it('goes to one of several processes claiming it at once', async () => {
    const path = lockIn();
    const files = resolve('src/core/files.ts');
    const script = `const m = await import(${JSON.stringify(pathToFileURL(files).href)});
const r = (m.claimLock ?? m.default.claimLock)(${JSON.stringify(path)});
process.stdout.write('release' in r ? 'got\\n' : 'held\\n');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));`;
    const children = Array.from({ length: 6 }, () => spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const answers = await Promise.all(
      children.map(
        (c) =>
          new Promise<string>((done) => {
            let out = '';
            c.stdout.on('data', (d: Buffer) => {
              out += d.toString();
              if (out.endsWith('\n')) done(out.trim());
            });
          }),
      ),
    );
    for (const c of children) c.stdin.end();
    await Promise.all(children.map((c) => new Promise((done) => c.on('exit', done))));
    assert.deepEqual(answers.filter((a) => a === 'got').length, 1, JSON.stringify(answers));
    assert.deepEqual(answers.filter((a) => a === 'held').length, 5);
    assert.equal(existsSync(path), false, 'released when its holder exits');
  });
});
