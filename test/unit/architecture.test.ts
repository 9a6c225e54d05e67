/**
 * Architecture invariants, checked on every run (ESLint enforces the first two as well,
 * but a test keeps them true even when lint is skipped).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HANDOFF_VERSION } from '../../src/core/version';
import { Commands } from '../../src/extension/commandIds';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const importOf = (module: string) =>
  new RegExp(`(from\\s+['"]${module}['"])|(require\\(['"]${module}['"]\\))|(import\\(['"]${module}['"]\\))`);

test('nothing under src/core imports vscode', () => {
  const offenders = sources(join(root, 'src/core')).filter((f) => importOf('vscode').test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => relative(root, f)), []);
});

test('only the OpenAI provider imports the openai SDK', () => {
  const offenders = sources(join(root, 'src'))
    .filter((f) => importOf('openai').test(readFileSync(f, 'utf8')))
    .map((f) => relative(root, f))
    .filter((f) => f !== 'src/core/providers/openai.ts');
  assert.deepEqual(offenders, []);
});

test('the version written into traces is the package version', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  assert.equal(HANDOFF_VERSION, pkg.version);
});

test('every typed command id is contributed in package.json', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string }[] };
  };
  const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
  for (const id of Object.values(Commands)) assert.ok(contributed.has(id), `${id} is not in package.json`);
});

test('activation is lazy: never on "*"', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { activationEvents: string[] };
  assert.ok(!pkg.activationEvents.includes('*'));
  assert.ok(pkg.activationEvents.includes('workspaceContains:**/*.agents.yaml'));
});
