/** Which model servers count as local (a run to one without a stored key is not asked about). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLocalOrigin } from '../../../src/extension/keys/localOrigin';

test('loopback, private networks and local names are local', () => {
  for (const url of [
    'http://127.0.0.1:11434/v1', 'http://localhost:1234/v1', 'http://api.localhost/v1', 'http://[::1]:8080/v1', 'http://[::ffff:127.0.0.1]/v1',
    'http://10.0.0.5/v1', 'http://172.20.1.1/v1', 'http://192.168.1.20:8000/v1', 'http://169.254.1.1/v1', 'http://ollama:11434/v1',
    'http://gpu-box.local/v1', 'http://model.internal/v1', 'http://[fd12:3456::1]/v1', 'http://[fe80::1]/v1', 'https://0.0.0.0/v1',
  ]) assert.equal(isLocalOrigin(url), true, url);
});

test('public hosts and addresses, and what is not an http(s) URL, are not', () => {
  for (const url of [
    'https://api.openai.com/v1', 'https://openrouter.ai/api/v1', 'http://8.8.8.8/v1', 'http://172.32.0.1/v1', 'http://[2001:db8::1]/v1',
    'http://[::ffff:8.8.8.8]/v1', 'http://localhost.evil.com/v1', 'ftp://localhost/x', 'not a url',
  ]) assert.equal(isLocalOrigin(url), false, url);
});
