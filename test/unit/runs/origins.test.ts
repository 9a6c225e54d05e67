import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approve, decideKey, originOf, secretName, settingSource } from '../../../src/core/runs/origins';

test('origins: scheme, host and port, nothing of the path; only http(s)', () => {
  assert.equal(originOf('https://API.openai.com/v1/'), 'https://api.openai.com');
  assert.equal(originOf('http://127.0.0.1:8080/v1'), 'http://127.0.0.1:8080');
  assert.equal(originOf('https://api.openai.com:443/v1'), 'https://api.openai.com');
  assert.equal(originOf('file:///etc/passwd'), undefined);
  assert.equal(originOf('not a url'), undefined);
  assert.equal(secretName('https://api.openai.com'), 'handoff.apiKey:https://api.openai.com');
});

test('a key goes to a URL the user chose; one a workspace chose needs approval of its origin', () => {
  assert.deepEqual(decideKey('https://api.openai.com/v1', 'default', true, []), { action: 'use', origin: 'https://api.openai.com' });
  assert.deepEqual(decideKey('https://evil.example/v1', 'user', true, []), { action: 'use', origin: 'https://evil.example' });
  assert.deepEqual(decideKey('https://evil.example/v1', 'workspace', true, []), { action: 'ask', origin: 'https://evil.example' });
  assert.deepEqual(decideKey('https://evil.example/v1', 'definition', true, []), { action: 'ask', origin: 'https://evil.example' });
  assert.deepEqual(decideKey('https://evil.example/other', 'definition', true, ['https://evil.example']), { action: 'use', origin: 'https://evil.example' });
  assert.equal(decideKey('https://evil.example.com/v1', 'workspace', true, ['https://evil.example']).action, 'ask', 'approval is per exact origin');
  assert.equal(decideKey('https://api.openai.com/v1', 'user', false, []).action, 'none');
  assert.equal(decideKey('ftp://x', 'user', true, []).action, 'none');
});

test('the settings layer a base URL comes from', () => {
  assert.equal(settingSource(undefined), 'default');
  assert.equal(settingSource({}), 'default');
  assert.equal(settingSource({ globalValue: 'u' }), 'user');
  assert.equal(settingSource({ globalValue: 'u', workspaceValue: 'w' }), 'workspace');
  assert.equal(settingSource({ workspaceFolderValue: 'f' }), 'workspace');
  assert.deepEqual(approve(['a'], 'a'), ['a']);
  assert.deepEqual(approve(['a'], 'b'), ['a', 'b']);
});
