/**
 * The extension bundle's size budget (under 1 MB), and proof that the build's zod locale
 * trim keeps zod's English messages: the built `handoff check` still explains a type error.
 * Builds a production bundle into a temporary folder, so dist/ is left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

test('the production extension bundle stays under 1 MB and zod still explains errors in English', () => {
  const out = mkdtempSync(join(tmpdir(), 'handoff-bundle-'));
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--quiet', `--outdir=${out}`], { cwd: root });

  const size = statSync(join(out, 'extension.js')).size;
  assert.ok(size < 1024 * 1024, `extension.js is ${size} bytes, over the 1 MB budget`);

  const work = mkdtempSync(join(tmpdir(), 'handoff-zod-'));
  writeFileSync(join(work, 'bad.agents.yaml'), 'handoff: 1\nagents:\n  a:\n    retries: "two"\n');
  const check = spawnSync(process.execPath, [join(out, 'cli.js'), 'check', '.'], { cwd: work, encoding: 'utf8' });
  assert.equal(check.status, 1);
  assert.match(check.stdout, /bad\.agents\.yaml:4:\d+ error format .*expected number, received string/);
});
