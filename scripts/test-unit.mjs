// Runs the unit suite with Node's own test runner. Test files are TypeScript, loaded
// through tsx (Node 20 cannot strip types itself). Extra arguments pick files by substring.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(join(root, 'test/unit'))
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no unit test files matched');
  process.exit(1);
}
// The tests' temporary folders (traces, checkpoints, workspaces) go under one folder of this
// run, removed when it ends, instead of piling up in the system's temporary folder.
const scratch = mkdtempSync(join(tmpdir(), 'handoff-unit-'));
let result;
try {
  result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TMPDIR: scratch, TMP: scratch, TEMP: scratch },
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(result?.status ?? 1);
