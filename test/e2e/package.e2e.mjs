// Packaging: the .vsix that `vsce package` makes holds only the allow-listed files and
// installs into code-server offline. Needs no browser page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerCli, extensionFolderName } from '../../scripts/test-host/host.mjs';

function filesUnder(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** The `!` lines of .vscodeignore as regular expressions (case-insensitive, as vsce matches). */
function allowList(repo) {
  return readFileSync(join(repo, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('!'))
    .map((l) => {
      const glob = l.slice(1);
      const re = glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '@@DIRS@@')
        .replace(/\*\*/g, '.*')
        .replace(/\*/g, '[^/]*')
        .replace(/@@DIRS@@/g, '(?:.*/)?');
      return new RegExp(`^${re}$`, 'i');
    });
}

export async function vsixInstallsIntoCodeServer({ repo }) {
  const tmp = mkdtempSync(join(tmpdir(), 'handoff-vsix-'));
  try {
    const vsix = join(tmp, 'handoff.vsix');
    const vsce = join(repo, 'node_modules/.bin/vsce');
    // vsce walks every file under its folder before applying .vscodeignore; a copy without
    // the dependency trees (node_modules, bench's) packs in seconds instead of a minute,
    // and still holds everything the allow-list must keep out (src, test, scripts, …).
    const stage = join(tmp, 'stage');
    const skip = new Set(['node_modules', 'bench', '.git', 'test-results', '.vscode-test']);
    for (const entry of readdirSync(repo)) {
      if (skip.has(entry) || entry.endsWith('.vsix')) continue;
      cpSync(join(repo, entry), join(stage, entry), { recursive: true, filter: (src) => !src.includes('/node_modules') });
    }
    const packed = spawnSync(vsce, ['package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '-o', vsix], { cwd: stage, encoding: 'utf8', timeout: 120_000 });
    assert.equal(packed.status, 0, `vsce package failed:\n${packed.stdout}${packed.stderr}`);
    const installed = codeServerCli(['--install-extension', vsix, '--extensions-dir', join(tmp, 'exts')]);
    assert.ok(installed.ok, `code-server --install-extension failed:\n${installed.output}`);
    const folder = join(tmp, 'exts', extensionFolderName(repo).folder);
    assert.ok(existsSync(folder), `not installed as ${folder}; output:\n${installed.output}`);
    const files = filesUnder(folder);
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    assert.ok(files.includes(manifest.main.replace(/^\.\//, '')), `the installed extension lacks its main ${manifest.main}`);
    assert.ok(files.includes(manifest.icon), `the installed extension lacks its icon ${manifest.icon}`);
    const allowed = allowList(repo);
    // vsce adds .vsixmanifest and renames LICENSE to LICENSE.txt.
    const unexpected = files.filter((f) => f !== '.vsixmanifest' && !allowed.some((re) => re.test(f.replace(/^LICENSE\.txt$/i, 'LICENSE'))));
    assert.deepEqual(unexpected, [], 'files outside the .vscodeignore allow-list were packaged');
    assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], 'source maps were packaged');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
