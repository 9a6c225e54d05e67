/**
 * What package.json promises must match what the extension does: every value the
 * `handoff.provider` setting offers is a provider an editor run can make, the settings read
 * per workspace folder are declared so, and run buttons show only where a run can start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
interface Menu { command: string; when?: string }
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: {
    configuration: { properties: Record<string, { enum?: string[]; scope?: string }> };
    menus: Record<string, Menu[]>;
  };
};
const settings = pkg.contributes.configuration.properties;

test('every handoff.provider value is a provider an editor run makes', () => {
  const source = readFileSync(join(root, 'src/extension/run/providers.ts'), 'utf8');
  const made = new Set([...source.matchAll(/case '([\w-]+)':/g)].map((m) => m[1]));
  const offered = settings['handoff.provider']?.enum ?? [];
  assert.ok(offered.length > 0);
  assert.deepEqual(offered.filter((p) => !made.has(p)), [], 'offered by the setting, unknown to a run');
});

test('the settings a run reads for its definition file\'s folder are resource-scoped', () => {
  // readRunSettings (run/providers.ts) and the trace directory (run/history.ts) read them with the file's folder.
  for (const key of ['provider', 'baseUrl', 'defaultModel', 'models', 'scriptFile', 'concurrency', 'traceDirectory']) {
    assert.equal(settings[`handoff.${key}`]?.scope, 'resource', `handoff.${key}`);
  }
});

test('activation on either definition extension; run buttons only in a trusted workspace, on files', () => {
  assert.ok(pkg.activationEvents.includes('workspaceContains:**/*.agents.yml'));
  const runButtons = ['view/title', 'editor/title', 'view/item/context'].flatMap((m) =>
    (pkg.contributes.menus[m] ?? []).filter((i) => i.command === 'handoff.runWorkflow' || i.command === 'handoff.runAgent').map((i) => ({ menu: m, when: i.when ?? '' })),
  );
  assert.equal(runButtons.length, 6); // the Workflows view title, the editor title, and the rows: inline and in the context menu
  for (const b of runButtons) assert.match(b.when, /\bisWorkspaceTrusted\b/, `${b.menu}: ${b.when}`);
  const title = runButtons.find((b) => b.menu === 'editor/title')!;
  assert.match(title.when, /\bresourceScheme == file\b/, 'an untitled buffer or a git: copy has no file to run');
});
