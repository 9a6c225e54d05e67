/**
 * Keys and credentials on the way to model servers, with real fake servers: what each server
 * received, and what the trace, stdout and stderr hold.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCommand, type RunCommandIO } from '../../../src/cli/run';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';

const KEY = 'gsk_LiveKey0123456789abcdefXYZ';

function setup(bUrl?: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-secrets-'));
  const file = join(dir, 's.agents.yaml');
  writeFileSync(file, `handoff: 1
models:
  default: { model: m }
${bUrl ? `  other: { model: m, base_url: "${bUrl}" }\n` : ''}contracts:
  Q: { version: 1, schema: { type: object } }
agents:
  a: { input: Q, instructions: hi${bUrl ? ', model: other' : ''} }
`);
  return { dir, file };
}

function io(dir: string, env: Record<string, string> = {}) {
  const log: string[] = [];
  const value: RunCommandIO = { stdout: (s) => log.push(`out:${s}`), stderr: (s) => log.push(`err:${s}`), env: { MY_KEY: KEY, ...env }, cwd: dir, signal: new AbortController().signal };
  return { log, io: value, text: () => log.join('') };
}

async function withEnv<T>(vars: Record<string, string>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await f();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('handoff run: secrets', () => {
  let A: FakeOpenAI;
  let B: FakeOpenAI;
  before(async () => {
    [A, B] = await Promise.all([startFakeOpenAI(), startFakeOpenAI()]);
  });
  after(async () => {
    await Promise.all([A.close(), B.close()]);
  });

  it('sends the headers of OPENAI_CUSTOM_HEADERS to a trusted server only, and prints no SDK log on stdout', async () => {
    const { dir, file } = setup(B.url);
    A.requests.length = B.requests.length = 0;
    B.enqueue({ reply: { ok: true } });
    const custom = 'X-Gateway-Auth: Bearer gateway-secret-999\nAuthorization: Bearer sk-custom-000000000000';
    const t = io(dir);
    const code = await withEnv({ OPENAI_CUSTOM_HEADERS: custom, OPENAI_LOG: 'debug' }, () => runCommand([file, '--agent', 'a', '--input', '{}', '--api-key-env', 'MY_KEY', '--trace', 't.jsonl'], t.io));
    assert.equal(code, 0, t.text());
    assert.equal(B.requests.length, 1);
    const h = B.requests[0]!.headers;
    assert.equal(h['x-gateway-auth'], undefined, 'the gateway credential stays home');
    assert.notEqual(h['authorization'], 'Bearer sk-custom-000000000000');
    assert.ok(!JSON.stringify(h).includes(KEY));
    assert.deepEqual(t.log.filter((l) => l.startsWith('out:')), ['out:{"ok":true}\n'], 'stdout holds the output only');
    // The same headers do go to a server the user chose.
    A.enqueue({ reply: { ok: 1 } });
    const { dir: d2, file: f2 } = setup();
    const t2 = io(d2);
    const code2 = await withEnv({ OPENAI_CUSTOM_HEADERS: custom }, () => runCommand([f2, '--agent', 'a', '--input', '{}', '--api-key-env', 'MY_KEY', '--base-url', A.url, '--trace', 't.jsonl'], t2.io));
    assert.equal(code2, 0, t2.text());
    assert.equal(A.requests.at(-1)!.headers['x-gateway-auth'], 'Bearer gateway-secret-999');
  });

  it('masks the key when a server echoes it, in an error or in a reply: not in the trace, stdout or stderr', async () => {
    const { dir, file } = setup();
    A.enqueue({ status: 401, body: JSON.stringify({ error: { message: `Invalid key: ${KEY}` } }) });
    const t = io(dir);
    assert.equal(await runCommand([file, '--agent', 'a', '--input', '{}', '--api-key-env', 'MY_KEY', '--base-url', A.url, '--trace', 'e.jsonl'], t.io), 1);
    assert.match(t.text(), /Invalid key: \[redacted\]/);
    A.enqueue({ reply: { echoed: KEY } });
    const t2 = io(dir);
    assert.equal(await runCommand([file, '--agent', 'a', '--input', '{}', '--api-key-env', 'MY_KEY', '--base-url', A.url, '--trace', 'r.jsonl'], t2.io), 0, t2.text());
    for (const text of [t.text(), t2.text(), readFileSync(join(dir, 'e.jsonl'), 'utf8'), readFileSync(join(dir, 'r.jsonl'), 'utf8')]) assert.ok(!text.includes(KEY), text);
  });

  it('refuses a base URL with credentials or a query before anything is sent, without echoing them', async () => {
    const { dir, file } = setup();
    for (const url of [A.url.replace('http://', 'http://alice:S3cretPass@'), `${A.url}?api-key=QuerySecret999`]) {
      const t = io(dir);
      assert.equal(await runCommand([file, '--agent', 'a', '--input', '{}', '--base-url', url], t.io), 2);
      assert.match(t.text(), /--base-url http:\/\/127\.0\.0\.1:\d+\/v1 (holds credentials|has a query)/);
      assert.ok(!/S3cretPass|QuerySecret999/.test(t.text()), t.text());
    }
    const withCreds = setup(B.url.replace('http://', 'http://bob:Pr0filePass@'));
    const t = io(withCreds.dir);
    assert.notEqual(await runCommand([withCreds.file, '--agent', 'a', '--input', '{}', '--api-key-env', 'MY_KEY', '--trace', 't.jsonl'], t.io), 0);
    assert.match(t.text(), /base_url http:\/\/127\.0\.0\.1:\d+\/v1 holds credentials/);
    assert.ok(!t.text().includes('Pr0filePass'));
  });

  it('refuses a key given to --api-key-env as if it were a variable name, without echoing it', async () => {
    const { dir, file } = setup();
    const t = io(dir);
    assert.equal(await runCommand([file, '--agent', 'a', '--input', '{}', '--api-key-env', KEY], t.io), 2);
    assert.match(t.text(), /--api-key-env takes the name of an environment variable/);
    assert.ok(!t.text().includes(KEY));
  });

  it('does not follow a redirect to another server with the prompt', async () => {
    const C = await startFakeOpenAI([{ reply: { moved: true } }]);
    const redirector = createServer((req, res) => {
      res.writeHead(307, { location: `${C.url}/chat/completions` });
      res.end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    try {
      const { dir, file } = setup();
      const t = io(dir);
      const url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/v1`;
      assert.equal(await runCommand([file, '--agent', 'a', '--input', '{}', '--api-key-env', 'MY_KEY', '--base-url', url, '--trace', 't.jsonl'], t.io), 1);
      assert.equal(C.requests.length, 0, 'the other server got nothing');
    } finally {
      redirector.close();
      await C.close();
    }
  });

  it('prints the output before the OTLP export, which a dead endpoint delays only after it', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const { dir, file } = setup();
    A.enqueue({ reply: { done: 1 } });
    const t = io(dir);
    const code = await runCommand([file, '--agent', 'a', '--input', '{}', '--api-key-env', 'MY_KEY', '--base-url', A.url, '--trace', 't.jsonl', '--otlp', `http://u:OtlpToken123@127.0.0.1:${port}/v1/traces`], t.io);
    assert.equal(code, 0, t.text());
    const outAt = t.log.findIndex((l) => l.startsWith('out:'));
    const warnAt = t.log.findIndex((l) => l.includes('could not be exported') || l.includes('cut short'));
    assert.ok(outAt >= 0 && warnAt > outAt, t.log.join(''));
    assert.ok(!t.text().includes('OtlpToken123'));
  });

  it('sends the spans to the OTLP endpoint only once the output is out (the run\'s own flush waited for the export)', async () => {
    const { dir, file } = setup();
    A.enqueue({ reply: { done: 1 } });
    const t = io(dir);
    let outputFirst: boolean | undefined;
    const collector = createServer((req, res) => {
      outputFirst ??= t.log.some((l) => l.startsWith('out:'));
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
      assert.equal(await runCommand([file, '--agent', 'a', '--input', '{}', '--api-key-env', 'MY_KEY', '--base-url', A.url, '--trace', 'o.jsonl', '--otlp', url], t.io), 0, t.text());
      assert.equal(outputFirst, true, 'the export request came after the output');
    } finally {
      collector.closeAllConnections();
      collector.close();
    }
  });
});
