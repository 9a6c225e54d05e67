import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from '../src/runner';

const ID = 'handoff.handoff';

test('the Handoff extension is installed and activates', async () => {
  const ext = vscode.extensions.getExtension<{ activationMs?: unknown }>(ID);
  assert.ok(ext, `${ID} is not installed in this extension host`);
  const api = await ext.activate();
  assert.equal(ext.isActive, true, 'extension did not become active');
  assert.ok(api && typeof api === 'object', 'activate() returned no API object');
  assert.equal(typeof api.activationMs, 'number', 'API has no numeric activationMs');
  assert.ok((api.activationMs as number) >= 0, `activationMs is ${String(api.activationMs)}`);
});
