/**
 * `handoff run` and model profiles' `base_url`: where each agent's calls go, and who gets the
 * API key. Real fake servers; the assertions are on what each server received.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { NO_KEY_PLACEHOLDER, runCommand, type RunCommandIO } from '../../../src/cli/run';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';

const KEY = 'sk-test-0123456789abcdef';

/** Agent `a` on profile `local` (server B), `c` on `local2` (B's origin, another path), `b` on `default`. */
function definition(dir: string, bUrl: string, extraModels = ''): string {
  const file = join(dir, 'routes.agents.yaml');
  writeFileSync(
    file,
    `handoff: 1
models:
  default: { provider: openai, model: gpt-4.1-mini }
  local: { provider: openai, model: llama3, base_url: "${bUrl}" }
  local2: { model: qwen, base_url: "${bUrl}/" }
${extraModels}
contracts:
  Q: { version: 1, schema: { type: object } }
  Who:
    version: 1
    schema: { type: object, required: [who], properties: { who: { type: string } } }
  Both: { version: 1, schema: { type: object } }
agents:
  a: { model: local, input: Q, output: Who, instructions: "a" }
  b: { input: Q, output: Who, instructions: "b" }
  c: { model: local2, input: Q, output: Who, instructions: "c" }
workflows:
  w:
    input: Q
    output: Both
    steps:
      a: { agent: a, input: $input }
      b: { agent: b, input: $input }
      c: { agent: c, input: $input }
    result: { a: $steps.a.output, b: $steps.b.output, c: $steps.c.output }
`,
  );
  return file;
}

function io(cwd: string, extra: Partial<RunCommandIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: RunCommandIO = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: { OPENAI_API_KEY: KEY }, cwd, signal: new AbortController().signal, ...extra };
  return { out, err, io: value };
}

const authOf = (s: FakeOpenAI) => s.requests.map((r) => r.headers['authorization']);
const modelsOf = (s: FakeOpenAI) => s.requests.map((r) => r.body['model']).sort();
const warnings = (err: string[]) => err.join('').split('\n').filter((l) => l.includes('withheld'));

describe('handoff run: model profiles with base_url', () => {
  let A: FakeOpenAI;
  let B: FakeOpenAI;
  let C: FakeOpenAI;
  let cwd: string;
  let file: string;
  before(async () => {
    [A, B, C] = await Promise.all([startFakeOpenAI(), startFakeOpenAI(), startFakeOpenAI()]);
  });
  after(async () => {
    await Promise.all([A.close(), B.close(), C.close()]);
  });
  beforeEach(() => {
    for (const [s, who] of [[A, 'A'], [B, 'B'], [C, 'C']] as const) {
      s.requests.length = 0;
      s.enqueue({ reply: { who } });
    }
    cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-routes-'));
    file = definition(cwd, B.url);
  });
  const originB = () => new URL(B.url).origin;

  it('sends an agent whose profile names a base_url there, the others to the default, and withholds the key from an untrusted origin with one warning', async () => {
    const t = io(cwd, { defaultBaseUrl: A.url });
    const code = await runCommand([file, '--input', '{}', '--trace', 't.jsonl'], t.io);
    assert.equal(code, 0, t.err.join(''));
    assert.deepEqual(JSON.parse(t.out[0]!), { a: { who: 'B' }, b: { who: 'A' }, c: { who: 'B' } });
    assert.deepEqual(modelsOf(A), ['gpt-4.1-mini']);
    assert.deepEqual(modelsOf(B), ['llama3', 'qwen']);
    assert.deepEqual(authOf(A), [`Bearer ${KEY}`]);
    assert.deepEqual(authOf(B), [`Bearer ${NO_KEY_PLACEHOLDER}`, `Bearer ${NO_KEY_PLACEHOLDER}`]);
    for (const r of B.requests) assert.ok(!JSON.stringify(r.headers).includes(KEY), 'B never sees the key');
    const w = warnings(t.err);
    assert.equal(w.length, 1, t.err.join(''));
    assert.ok(w[0]!.includes(originB()), w[0]);
    assert.ok(w[0]!.includes(`--trust-origin ${originB()}`), w[0]);
    assert.match(w[0]!, /'local'/);
    assert.match(w[0]!, /'local2'/);
    assert.ok(!t.err.join('').includes(KEY));
    assert.ok(!readFileSync(join(cwd, 't.jsonl'), 'utf8').includes(KEY));
  });

  it('sends no account headers (OPENAI_ORG_ID, OPENAI_PROJECT_ID, which the SDK reads itself) to an untrusted origin', async () => {
    const saved = { org: process.env['OPENAI_ORG_ID'], project: process.env['OPENAI_PROJECT_ID'] };
    process.env['OPENAI_ORG_ID'] = 'org-account-id';
    process.env['OPENAI_PROJECT_ID'] = 'proj-account-id';
    try {
      const t = io(cwd, { defaultBaseUrl: A.url });
      const code = await runCommand([file, '--input', '{}', '--trace', 't.jsonl'], t.io);
      assert.equal(code, 0, t.err.join(''));
      assert.equal(B.requests.length, 2);
      for (const r of B.requests) {
        assert.equal(r.headers['openai-organization'], undefined, 'B gets no organization');
        assert.equal(r.headers['openai-project'], undefined, 'B gets no project');
      }
      assert.deepEqual(A.requests.map((r) => r.headers['openai-organization']), ['org-account-id'], 'the trusted default still gets it');
    } finally {
      for (const [k, v] of [['OPENAI_ORG_ID', saved.org], ['OPENAI_PROJECT_ID', saved.project]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('sends the key to a profile origin named with --trust-origin, without a warning', async () => {
    const t = io(cwd, { defaultBaseUrl: A.url });
    const code = await runCommand([file, '--input', '{}', '--trust-origin', originB(), '--trace', 't.jsonl'], t.io);
    assert.equal(code, 0, t.err.join(''));
    assert.deepEqual(authOf(B), [`Bearer ${KEY}`, `Bearer ${KEY}`]);
    assert.deepEqual(authOf(A), [`Bearer ${KEY}`]);
    assert.deepEqual(warnings(t.err), []);
  });

  it('trusting another origin does not send the key to B', async () => {
    const t = io(cwd, { defaultBaseUrl: A.url });
    const code = await runCommand([file, '--input', '{}', '--trust-origin', new URL(C.url).origin, '--trace', 't.jsonl'], t.io);
    assert.equal(code, 0, t.err.join(''));
    assert.deepEqual(authOf(B), [`Bearer ${NO_KEY_PLACEHOLDER}`, `Bearer ${NO_KEY_PLACEHOLDER}`]);
    assert.equal(warnings(t.err).length, 1);
  });

  it('OPENAI_BASE_URL, the variable the openai SDK reads, still chooses the default, which gets the key', async () => {
    const t = io(cwd, { env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: A.url } });
    const code = await runCommand([file, '--input', '{}', '--trace', 't.jsonl'], t.io);
    assert.equal(code, 0, t.err.join(''));
    assert.deepEqual(JSON.parse(t.out[0]!), { a: { who: 'B' }, b: { who: 'A' }, c: { who: 'B' } });
    assert.deepEqual(authOf(A), [`Bearer ${KEY}`]);
    assert.deepEqual(authOf(B), [`Bearer ${NO_KEY_PLACEHOLDER}`, `Bearer ${NO_KEY_PLACEHOLDER}`]);
  });

  it('--base-url on the command line sends every agent there, with the key, whatever the profiles say', async () => {
    const t = io(cwd, { defaultBaseUrl: A.url });
    const code = await runCommand([file, '--input', '{}', '--base-url', C.url, '--trace', 't.jsonl'], t.io);
    assert.equal(code, 0, t.err.join(''));
    assert.deepEqual(JSON.parse(t.out[0]!), { a: { who: 'C' }, b: { who: 'C' }, c: { who: 'C' } });
    assert.deepEqual(modelsOf(C), ['gpt-4.1-mini', 'llama3', 'qwen']);
    assert.deepEqual(authOf(C), [`Bearer ${KEY}`, `Bearer ${KEY}`, `Bearer ${KEY}`]);
    assert.equal(A.requests.length + B.requests.length, 0);
    assert.deepEqual(warnings(t.err), []);
  });

  it('a base_url that is not http(s) exits 2 naming the profile, before any call', async () => {
    writeFileSync(file, readFileSync(file, 'utf8').replace('model: local2,', 'model: broken,'));
    writeFileSync(file, readFileSync(file, 'utf8').replace('models:\n', 'models:\n  broken: { provider: openai, model: x, base_url: "ftp://files.example.com/v1" }\n'));
    const t = io(cwd, { defaultBaseUrl: A.url });
    const code = await runCommand([file, '--input', '{}', '--trace', 't.jsonl'], t.io);
    assert.equal(code, 2, t.err.join(''));
    assert.match(t.err.join(''), /model profile 'broken'.*ftp:\/\/files\.example\.com\/v1.*not an http\(s\) URL/);
    assert.equal(A.requests.length + B.requests.length, 0);
    assert.equal(t.out.length, 0);
  });

  it('a profile naming a provider this command does not have exits 2 naming it, before any call', async () => {
    for (const provider of ['nope', 'vscode-lm']) {
      writeFileSync(file, readFileSync(file, 'utf8').replace(/model: (local2|other),/, 'model: other,').replace(/ {2}other: .*\n/, ''));
      writeFileSync(file, readFileSync(file, 'utf8').replace('models:\n', `models:\n  other: { provider: ${provider}, model: x }\n`));
      const t = io(cwd, { defaultBaseUrl: A.url });
      assert.equal(await runCommand([file, '--input', '{}', '--trace', `${provider}.jsonl`], t.io), 2, t.err.join(''));
      assert.match(t.err.join(''), new RegExp(`model profile 'other' \\(of agent '\\w+'\\) names provider '${provider}', which ${provider === 'nope' ? 'is not one that handoff run has \\(it has openai\\)' : 'runs in VS Code only'}; answer every agent from a script with --provider scripted`));
      assert.equal(A.requests.length + B.requests.length, 0);
    }
  });

  it('without a key: agents a profile sends elsewhere run; one bound for the default origin is a clear error, exit 2', async () => {
    const local = io(cwd, { defaultBaseUrl: A.url, env: {} });
    assert.equal(await runCommand([file, '--agent', 'a', '--input', '{}', '--trace', 't.jsonl'], local.io), 0, local.err.join(''));
    assert.deepEqual(JSON.parse(local.out[0]!), { who: 'B' });
    assert.deepEqual(authOf(B), [`Bearer ${NO_KEY_PLACEHOLDER}`]);

    const hosted = io(cwd, { defaultBaseUrl: A.url, env: {} });
    assert.equal(await runCommand([file, '--agent', 'b', '--input', '{}', '--trace', 't2.jsonl'], hosted.io), 2);
    assert.match(hosted.err.join(''), /no API key for agent 'b'.*set OPENAI_API_KEY/);

    const whole = io(cwd, { defaultBaseUrl: A.url, env: {} });
    assert.equal(await runCommand([file, '--input', '{}', '--trace', 't3.jsonl'], whole.io), 2, 'the workflow reaches b');
    assert.equal(A.requests.length, 0);
    assert.equal(B.requests.length, 1, 'nothing more was called');
  });

  it('--trust-origin and --base-url take what they say, or exit 2', async () => {
    for (const bad of [['--trust-origin', 'https://gw.example.com/v1'], ['--trust-origin', 'ftp://gw.example.com'], ['--trust-origin', 'gw.example.com'], ['--trust-origin'], ['--base-url', 'not a url']]) {
      const t = io(cwd, { defaultBaseUrl: A.url });
      assert.equal(await runCommand([file, '--input', '{}', ...bad], t.io), 2, bad.join(' '));
      assert.match(t.err.join(''), bad[0] === '--trust-origin' ? /--trust-origin/ : /--base-url/);
    }
    assert.equal(A.requests.length + B.requests.length, 0);
    const help = io(cwd);
    assert.equal(await runCommand(['--help'], help.io), 0);
    assert.match(help.out.join(''), /--trust-origin ORIGIN/);
    assert.match(help.out.join(''), /--base-url URL +send every openai agent to this/);
  });
});
