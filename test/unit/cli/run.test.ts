import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runCommand, type RunCommandIO } from '../../../src/cli/run';
import { traceCommand } from '../../../src/cli/trace';
import type { Program } from '../../../src/core/model/program';
import { parseTrace } from '../../../src/core/tracing/reader';
import { startFakeOpenAI } from '../../support/fake-openai';

const EXAMPLES = resolve('examples');

function io(cwd: string, extra: Partial<RunCommandIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), env: {}, cwd, signal: new AbortController().signal, ...extra } };
}

describe('handoff run', () => {
  it('runs the bundled support example on the scripted provider, prints one line of JSON, writes the trace', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const t = io(cwd);
    const code = await runCommand([join(EXAMPLES, 'support.agents.yaml'), '--workflow', 'support', '--provider', 'scripted', '--input', `@${join(EXAMPLES, 'inputs/ticket-billing.json')}`], t.io);
    assert.equal(code, 0, t.err.join(''));
    assert.equal(t.out.length, 1);
    const output = JSON.parse(t.out[0]!);
    assert.equal(output.ticket_id, 'T-1042');
    assert.doesNotMatch(t.err.join(''), /warning/, 'the bundled script answers only agents the example defines');
    // Progress on stderr: a line per finished agent, step and workflow, indented by depth; the
    // violation under the agent whose model call broke the contract; retries and repairs named.
    const progress = t.err.join('').split('\n');
    assert.ok(progress.includes('      violation Triage@2 at /urgency: must be <= 5'), progress.join('\n'));
    const agentLine = progress.findIndex((l) => /^ {4}ok {7}agent triager \(\d+ ms, 2 model calls, repaired\)$/.test(l));
    assert.ok(agentLine >= 0, progress.join('\n'));
    assert.equal(progress[agentLine + 1], '      violation Triage@2 at /urgency: must be <= 5', 'the violation comes right under its agent\'s line, not before it');
    assert.ok(progress.some((l) => /^ {4}ok {7}agent sentiment \(\d+ ms\)$/.test(l)), progress.join('\n'));
    assert.ok(progress.some((l) => /^ok {7}workflow support \(\d+ ms\)$/.test(l)), progress.join('\n'));
    const runs = readdirSync(join(cwd, '.handoff/runs'));
    assert.equal(runs.length, 1);
    assert.match(runs[0]!, /^support-\d{8}-\d{6}-[0-9a-z]+-[0-9a-f]{6}\.trace\.jsonl$/);
    // Named as the editor names its traces, after the run id the command prints.
    const runId = /run: (\S+)/.exec(t.err.join(''))?.[1];
    assert.ok(runId && runs[0]!.endsWith(`-${runId}.trace.jsonl`), `${runs[0]} is not named after run ${runId}`);
    const trace = parseTrace(readFileSync(join(cwd, '.handoff/runs', runs[0]!), 'utf8'));
    assert.equal(trace.end?.status, 'ok');
    assert.deepEqual(trace.end?.output, output);

    const replayed = io(cwd);
    assert.equal(await runCommand([join(EXAMPLES, 'support.agents.yaml'), '--workflow', 'support', '--replay', join(cwd, '.handoff/runs', runs[0]!), '--input', `@${join(EXAMPLES, 'inputs/ticket-billing.json')}`, '--trace', 'replayed.trace.jsonl'], replayed.io), 0, replayed.err.join(''));
    assert.deepEqual(JSON.parse(replayed.out[0]!), output);

    const summary: string[] = [];
    assert.equal(await traceCommand([join(cwd, 'replayed.trace.jsonl')], (s) => summary.push(s), () => {}), 0);
    assert.match(summary.join(''), /status ok/);
    assert.match(summary.join(''), /violation Triage@2 at \/urgency/);
    // The scripted provider reports no usage, and a replay of its run invents none.
    assert.match(summary.join(''), /spans \d+ {2}tokens not reported {2}violations 1\n/);
    assert.doesNotMatch(summary.join(''), /tokens 0\/0/);
    // Attempts are counted from 1, as the panel counts them (the trace's handoff.attempt is 0-based).
    assert.match(summary.join(''), /\(attempt 1\)[^\n]*\n[^\n]*violation Triage[^\n]*\n[^\n]*\(attempt 2\)/);
    assert.doesNotMatch(summary.join(''), /attempt 0/);
    const json: string[] = [];
    assert.equal(await traceCommand([join(cwd, 'replayed.trace.jsonl'), '--json'], (s) => json.push(s), () => {}), 0);
    const parsed = JSON.parse(json.join(''));
    assert.equal(parsed.end.status, 'ok');
    assert.deepEqual(parsed.totals, { spans: parsed.totals.spans, inputTokens: 0, outputTokens: 0, llmCalls: 8, callsWithUsage: 0, violations: 1 });
  });

  it('warns of agents a script answers that the definition file does not have', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const script = JSON.parse(readFileSync(join(EXAMPLES, 'support.script.json'), 'utf8'));
    script.replies.triagr = script.replies.triager;
    script.match.push({ agent: 'nobody_like_it', reply: {} });
    writeFileSync(join(cwd, 's.json'), JSON.stringify(script));
    const t = io(cwd);
    const code = await runCommand([join(EXAMPLES, 'support.agents.yaml'), '--workflow', 'support', '--provider', 'scripted', '--script', 's.json', '--input', `@${join(EXAMPLES, 'inputs/ticket-billing.json')}`], t.io);
    assert.equal(code, 0, t.err.join(''));
    const warnings = t.err.join('').split('\n').filter((l) => l.includes('warning'));
    const def = relative(cwd, join(EXAMPLES, 'support.agents.yaml'));
    assert.deepEqual(warnings, [
      `handoff run: warning: s.json answers agent 'triagr', which ${def} does not define; did you mean 'triager'?`,
      `handoff run: warning: s.json answers agent 'nobody_like_it', which ${def} does not define`,
    ]);
  });

  it('exits 2 on bad usage, saying what was expected', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const cases: string[][] = [
      [],
      ['a.agents.yaml', '--bogus'],
      [join(EXAMPLES, 'support.agents.yaml'), '--workflow', 'support', '--agent', 'triager'],
      [join(EXAMPLES, 'support.agents.yaml'), '--workflow', 'nope', '--input', '{}', '--provider', 'scripted'],
      [join(EXAMPLES, 'support.agents.yaml'), '--workflow', 'support', '--input', '{not json', '--provider', 'scripted'],
      [join(EXAMPLES, 'support.agents.yaml'), '--workflow', 'support', '--input', '{}'],
      [join(EXAMPLES, 'support.agents.yaml'), '--concurrency', '0'],
    ];
    for (const args of cases) {
      const t = io(cwd);
      assert.equal(await runCommand(args, t.io), 2, `${args.join(' ')}: ${t.err.join('')}`);
      assert.ok(t.err.join('').length > 0);
      assert.equal(t.out.length, 0);
    }
  });

  it('refuses, before anything runs, what would lose a trace or be ignored, naming the option', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const script = join(cwd, 'mine.json');
    writeFileSync(script, '{"keep": true}\n');
    writeFileSync(join(cwd, 'bad.json'), '{\n "id": "T-1",\n oops\n}');
    const base = [join(EXAMPLES, 'support.agents.yaml'), '--provider', 'scripted'];
    const ticket = `@${join(EXAMPLES, 'inputs/ticket-billing.json')}`;
    const cases: [string[], RegExp][] = [
      // A trace file holds one run: an existing file is never appended to (nor a folder used).
      [[...base, '--input', ticket, '--trace', script], /--trace: mine\.json exists already; a trace file holds one run/],
      [[...base, '--input', ticket, '--trace', cwd], /is a folder; give a file path/],
      [[...base, '--input', ticket, '--trace', join(script, 'x.trace.jsonl')], /--trace: mine\.json\/x\.trace\.jsonl cannot be written: a part of the path is not a folder/],
      // Where no folder can be made (Node's own recursive mkdir spins forever on this one).
      ...(existsSync('/proc/self') ? [[[...base, '--input', ticket, '--trace', '/proc/nope/x.trace.jsonl'], /--trace: \/proc\/nope\/x\.trace\.jsonl cannot be written: no such file or directory/] as [string[], RegExp]] : []),
      [[...base, '--input', ticket, '--input', '{}'], /--input is given twice/],
      [[...base, '--input', ticket, '--concurrency', '0x10'], /--concurrency must be a whole number from 1 to 64, not '0x10'/],
      [[...base, '--input', ticket, '--concurrency', '1e1'], /--concurrency must be a whole number from 1 to 64, not '1e1'/],
      [[...base, '--input', ticket, '--timeout', '600h'], /--timeout must be from 1ms to 24 days/],
      [[...base, '--input', ticket, '--timeout', '0s'], /--timeout must be from 1ms to 24 days/],
      [[...base, '--input', ticket, '--otlp', 'notaurl'], /--otlp must be an http\(s\) URL/],
      [[...base, '--input', ticket, '--model', ''], /--model needs a value/],
      [[join(EXAMPLES, 'support.agents.yaml'), '--script', script, '--input', ticket], /--script is read by the scripted provider/],
      [[...base, '--resume', 'r1', '--input', ticket], /--resume continues a run with its own input/],
      // Deeper than any contract: refused, not a crash of the trace or the checks.
      [[...base, '--input', `{"id":${'['.repeat(5000)}${']'.repeat(5000)}}`], /--input: the value nests more than 256 levels deep/],
      // A JSON mistake says where: the file, its line and column.
      [[...base, '--input', '@bad.json'], /--input bad\.json:3:2: not JSON: a value was expected here/],
      // What is no file, or an endless one, is refused at once instead of read until memory runs out.
      [[...base, '--input', '@/dev/zero'], /--input: cannot read \/dev\/zero: \/dev\/zero is longer than the 16 MiB it may be/],
      [[...base, '--input', `@${cwd}`], /--input: cannot read .*: .* is a folder, not a file/],
      [[...base, '--input', ticket, '--script', cwd], /cannot read script .*: .* is a folder, not a file/],
      [[join(EXAMPLES, 'support.agents.yaml'), '--input', ticket, '--replay', '/dev/zero'], /cannot read the trace to replay, \/dev\/zero: \/dev\/zero is longer than the 256 MiB it may be/],
      [[cwd, '--input', ticket], /is not a definition file \(a folder\)/],
      // Said where and what, before anything runs (a bad-input review found these).
      [[...base, '--input', ticket, '-x'], /unknown option -x \(options are spelled out/],
      [[...base, '--input', '@'], /--input @ needs a file name after the @/],
      [[...base, '--input', '{"id": x}'], /--input 1:8: not JSON: a value was expected here/],
      [[...base, '--input', '{"id": "T-1", "n": -1e400}'], /--input: the number at \/n is too large for JSON/],
      [[...base, '--input', '{"id": "T-1"}'], /--input does not fit Ticket@1, the input contract of workflow 'support': at \/customer: is required but missing; at \/subject: is required but missing; at \/body: is required but missing/],
      [[join(EXAMPLES, 'support.agents.yaml'), '--provider', 'scripted', '--workflow', 'suport', '--input', ticket], /no workflow named 'suport'; did you mean 'support'\?/],
      [[...base, '--input', ticket, '--trace', '/dev/null'], /--trace: \/dev\/null is not a regular file/],
      [[...base, '--input', ticket, '--otlp', 'grpc://localhost:4317'], /not 'grpc:\/\/localhost:4317'/],
      [[...base, '--input', ticket, '--base-url', 'javascript:alert(1)'], /--base-url a javascript: URL is not an http\(s\) URL/],
    ];
    for (const [args, message] of cases) {
      const t = io(cwd);
      assert.equal(await runCommand(args, t.io), 2, `${args.join(' ')}: ${t.err.join('')}`);
      assert.match(t.err.join(''), message);
      assert.equal(t.out.length, 0);
    }
    assert.equal(readFileSync(script, 'utf8'), '{"keep": true}\n');
    assert.equal(existsSync(join(cwd, '.handoff')), false, 'nothing ran');
    // A byte-order mark before the JSON is not a mistake.
    writeFileSync(join(cwd, 'bom.json'), `\ufeff${readFileSync(join(EXAMPLES, 'inputs/ticket-billing.json'), 'utf8')}`);
    const t = io(cwd);
    assert.equal(await runCommand([...base, '--input', '@bom.json'], t.io), 0, t.err.join(''));
  });

  it('refuses scripts, replays, resumes and definitions it cannot vouch for, exit 2, saying where and what', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const def = join(EXAMPLES, 'support.agents.yaml');
    const ticket = `@${join(EXAMPLES, 'inputs/ticket-billing.json')}`;
    writeFileSync(join(cwd, 's1.json'), '{"replies": {"triager": [{"$bogus": 5}]}}');
    writeFileSync(join(cwd, 's2.json'), '{"replies": {"triager": [{"$error": {"status": "abc"}}]}}');
    writeFileSync(join(cwd, 's3.json'), '{\n  "replies": {\n    "triager": [1,]\n  }\n}');
    writeFileSync(join(cwd, 's4.json'), 'replies:\n  triager: []\n');
    const recorded = readFileSync(join(EXAMPLES, '..', 'test/fixtures/traces/sample.trace.jsonl'), 'utf8').split('\n');
    writeFileSync(join(cwd, 'norun.trace.jsonl'), recorded.slice(1).join('\n'));
    mkdirSync(join(cwd, '.handoff'), { recursive: true });
    writeFileSync(join(cwd, '.handoff', 'checkpoints'), 'a file where the folder goes');
    writeFileSync(join(cwd, 'latin1.agents.yaml'), Buffer.from('handoff: 1\n# caf\xe9\n', 'latin1'));
    const cases: [string[], RegExp][] = [
      [[def, '--provider', 'scripted', '--script', join(cwd, 's1.json'), '--input', ticket], /at replies\.triager\.0: "\$bogus" is no reply directive/],
      [[def, '--provider', 'scripted', '--script', join(cwd, 's2.json'), '--input', ticket], /at replies\.triager\.0: "\$error"\.status must be an HTTP status from 100 to 599, not "abc"/],
      [[def, '--provider', 'scripted', '--script', join(cwd, 's3.json'), '--input', ticket], /s3\.json:3:19: not JSON: a value was expected \(JSON allows no trailing comma\)/],
      [[def, '--provider', 'scripted', '--script', join(cwd, 's4.json'), '--input', ticket], /s4\.json:1:1: not JSON: .*\(a script is JSON/],
      [[def, '--replay', join(cwd, 'norun.trace.jsonl'), '--input', ticket], /has no run line \(its first line is missing or damaged\)/],
      [[join(EXAMPLES, 'analytics.agents.yaml'), '--provider', 'scripted', '--input', `@${join(EXAMPLES, 'inputs/question-analytics.json')}`], /cannot write checkpoints to \.handoff\/checkpoints: a part of the path is not a folder/],
      [[join(cwd, 'latin1.agents.yaml'), '--agent', 'a', '--input', '{}'], /cannot read .*latin1\.agents\.yaml: it is not UTF-8 text: byte 0xE9 at line 2, column 6/],
    ];
    for (const [args, message] of cases) {
      const t = io(cwd);
      assert.equal(await runCommand(args, t.io), 2, `${args.join(' ')}: ${t.err.join('')}`);
      assert.match(t.err.join(''), message);
      assert.equal(t.out.length, 0);
    }
    assert.deepEqual(readdirSync(join(cwd, '.handoff')), ['checkpoints'], 'no run recorded');
  });

  it('refuses a resume whose checkpoint is of another run, of a workflow gone, or of one that is no plan, exit 2 and no trace', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const file = join(cwd, 'p.agents.yaml');
    writeFileSync(file, readFileSync(join(EXAMPLES, 'analytics.agents.yaml'), 'utf8'));
    writeFileSync(join(cwd, 'common.agents.yaml'), readFileSync(join(EXAMPLES, 'common.agents.yaml'), 'utf8'));
    mkdirSync(join(cwd, '.handoff', 'checkpoints'), { recursive: true });
    const cp = (runId: string, workflow: string) => JSON.stringify({ version: 1, runId, file, workflow, input: {}, done: [], status: 'error' });
    writeFileSync(join(cwd, '.handoff', 'checkpoints', 'r1.json'), cp('other-run', 'analytics'));
    writeFileSync(join(cwd, '.handoff', 'checkpoints', 'r2.json'), cp('r2', 'nosuch'));
    writeFileSync(join(cwd, '.handoff', 'checkpoints', 'r3.json'), '{"version": 1,\n "runId": "r3",');
    for (const [id, message] of [
      ['r1', /holds the checkpoint of run other-run, not of run r1/],
      ['r2', /run r2 is a run of workflow 'nosuch', which .*p\.agents\.yaml no longer defines/],
      ['r3', /checkpoint .*r3\.json:2:16 is not JSON/],
    ] as const) {
      const t = io(cwd);
      assert.equal(await runCommand([file, '--provider', 'scripted', '--script', join(EXAMPLES, 'analytics.script.json'), '--resume', id], t.io), 2, t.err.join(''));
      assert.match(t.err.join(''), message);
    }
    assert.equal(existsSync(join(cwd, '.handoff', 'runs')), false, 'no trace was written');
  });

  it('resumes a plan run only when no process is running it: refused while its lock is held, two resumes at once make its calls once', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const file = join(cwd, 'p.agents.yaml');
    writeFileSync(file, readFileSync(join(EXAMPLES, 'analytics.agents.yaml'), 'utf8'));
    writeFileSync(join(cwd, 'common.agents.yaml'), readFileSync(join(EXAMPLES, 'common.agents.yaml'), 'utf8'));
    const dir = join(cwd, '.handoff', 'checkpoints');
    mkdirSync(dir, { recursive: true });
    const input = JSON.parse(readFileSync(join(EXAMPLES, 'inputs/question-analytics.json'), 'utf8')) as unknown;
    const checkpoint = (runId: string) => writeFileSync(join(dir, `${runId}.json`), JSON.stringify({ version: 1, runId, file, workflow: 'analytics', input, done: [], status: 'error' }));
    const resume = (runId: string, t: ReturnType<typeof io>) => runCommand([file, '--provider', 'scripted', '--script', join(EXAMPLES, 'analytics.script.json'), '--resume', runId], t.io);
    // Held by a live process (this one stands in for the run still going).
    checkpoint('r4');
    writeFileSync(join(dir, 'r4.json.lock'), `${process.pid}\n`);
    const held = io(cwd);
    assert.equal(await resume('r4', held), 2, held.err.join(''));
    assert.match(held.err.join(''), new RegExp(`--resume: run r4 is still going \\(process ${process.pid}\\); resume it once it has ended`));
    // Left by a process that is gone: taken over, and gone with the run.
    writeFileSync(join(dir, 'r4.json.lock'), '2147483646\n');
    const stale = io(cwd);
    assert.equal(await resume('r4', stale), 0, stale.err.join(''));
    assert.equal(existsSync(join(dir, 'r4.json.lock')), false, 'the lock goes with the run');
    // Two resumes at once: one runs the plan, the other is refused (before it starts, or by the engine's lock).
    checkpoint('r5');
    const [a, b] = [io(cwd), io(cwd)];
    const codes = await Promise.all([resume('r5', a), resume('r5', b)]);
    assert.deepEqual([...codes].sort(), [0, codes.find((c) => c !== 0)!].sort(), `${a.err.join('')}\n${b.err.join('')}`);
    assert.equal(codes.filter((c) => c === 0).length, 1, 'one of the two resumes ran');
    assert.match(a.err.join('') + b.err.join(''), /run r5 is still going \(process \d+/);
    const finished = JSON.parse(readFileSync(join(dir, 'r5.json'), 'utf8')) as { status: string; done: unknown[] };
    assert.equal(finished.status, 'ok');
    assert.equal(existsSync(join(dir, 'r5.json.lock')), false);
  });

  it('gives a trace path to one run at a time: a second run at once is refused; a lock left by a dead process is taken over', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const args = (trace: string) => [join(EXAMPLES, 'support.agents.yaml'), '--provider', 'scripted', '--input', `@${join(EXAMPLES, 'inputs/ticket-billing.json')}`, '--trace', trace];
    const [a, b] = [io(cwd), io(cwd)];
    const codes = await Promise.all([runCommand(args('same.trace.jsonl'), a.io), runCommand(args('same.trace.jsonl'), b.io)]);
    assert.deepEqual(codes, [0, 2], b.err.join(''));
    assert.match(b.err.join(''), /--trace: same\.trace\.jsonl is being written by another run \(process \d+\)/);
    assert.equal(parseTrace(readFileSync(join(cwd, 'same.trace.jsonl'), 'utf8')).records.filter((r) => r.type === 'run').length, 1, 'one run in the file');
    assert.deepEqual(readdirSync(cwd).filter((f) => f.endsWith('.lock')), [], 'the lock goes with the run');
    // mktemp's empty file, with a lock that a killed run left behind.
    writeFileSync(join(cwd, 'empty.trace.jsonl'), '');
    writeFileSync(join(cwd, 'empty.trace.jsonl.lock'), '2147483646\n');
    const c = io(cwd);
    assert.equal(await runCommand(args('empty.trace.jsonl'), c.io), 0, c.err.join(''));
    assert.equal(existsSync(join(cwd, 'empty.trace.jsonl.lock')), false);
  });

  it('writes what a model or a server says on one line, with no terminal escapes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const script = join(cwd, 'evil.json');
    writeFileSync(script, JSON.stringify({ replies: { triager: [{ '\u001b[31mEVIL\nforged line': 1 }, { category: 'billing', urgency: 'high' }] } }));
    const t = io(cwd);
    await runCommand([join(EXAMPLES, 'support.agents.yaml'), '--provider', 'scripted', '--script', script, '--input', `@${join(EXAMPLES, 'inputs/ticket-billing.json')}`], t.io);
    const err = t.err.join('');
    assert.match(err, /violation Triage@\d+ at \/\\u001b\[31mEVIL\\nforged line: is not allowed/);
    assert.ok(!err.includes('\u001b'), 'no escape character reaches the terminal');
    assert.ok(!/^forged line/m.test(err), 'no line of its own');
  });

  it('refuses definitions that do not check, printing the diagnostics, exit 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const file = join(cwd, 'x.agents.yaml');
    writeFileSync(file, 'handoff: 1\n');
    const bad: Program = {
      files: [file],
      diagnostics: [{ range: { file, start: { line: 3, column: 5 }, end: { line: 3, column: 9 } }, severity: 'error', code: 'unknown-ref', message: "no agent 'triagr' (did you mean 'triager'?)" }],
      contract: () => undefined,
      agent: () => undefined,
      workflow: () => undefined,
      agentNames: () => [],
      workflowNames: () => [],
      contractNames: () => [],
    };
    const t = io(cwd, { loadProgram: () => bad });
    assert.equal(await runCommand([file, '--input', '{}', '--provider', 'scripted'], t.io), 2);
    assert.match(t.err.join(''), /^x\.agents\.yaml:3:5 error unknown-ref no agent 'triagr'/m);
  });

  it('exits 1 when the run ends in error, and never records the key', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const fake = await startFakeOpenAI([{ status: 401 }]);
    try {
      const t = io(cwd, { env: { MY_KEY: 'sk-live-abcdefghijklmnop' } });
      const code = await runCommand([join(EXAMPLES, 'support.agents.yaml'), '--agent', 'billing_agent', '--base-url', fake.url, '--api-key-env', 'MY_KEY', '--input', JSON.stringify({ ticket: JSON.parse(readFileSync(join(EXAMPLES, 'inputs/ticket-billing.json'), 'utf8')), triage: { category: 'billing', urgency: 2, summary: 's' } }), '--trace', 't.jsonl'], t.io);
      assert.equal(code, 1, t.err.join(''));
      assert.match(t.err.join(''), /failed \(auth\)/);
      assert.equal(fake.requests.length, 1);
      assert.equal(fake.requests[0]!.headers['authorization'], 'Bearer sk-live-abcdefghijklmnop');
      assert.ok(!readFileSync(join(cwd, 't.jsonl'), 'utf8').includes('sk-live'));
    } finally {
      await fake.close();
    }
  });

  it('handoff trace exits 1 only when the file cannot be read', async () => {
    assert.equal(await traceCommand(['/nonexistent/x.trace.jsonl'], () => {}, () => {}), 1);
    const help: string[] = [];
    assert.equal(await traceCommand(['--help'], (s) => help.push(s), () => {}), 0);
    assert.match(help.join(''), /^Usage: handoff trace FILE \[--json\]/);
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    writeFileSync(join(cwd, 'torn.jsonl'), '{"type":"run","runId":"r","file":"f","startedAt":"t","input":{},"handoffVersion":"v"}\ngarbage\n{"type":"span","pha');
    const err: string[] = [];
    const out: string[] = [];
    assert.equal(await traceCommand([join(cwd, 'torn.jsonl')], (s) => out.push(s), (s) => err.push(s)), 0);
    assert.match(out.join(''), /^run r /);
    assert.doesNotMatch(err.join(''), /line 1:/);
    assert.match(err.join(''), /line 2: not JSON/);
    assert.match(err.join(''), /last line was cut short/);

    // A file with no trace record has no run to summarise: exit 1, saying why.
    writeFileSync(join(cwd, 'script.json'), '{\n  "replies": {}\n}\n');
    writeFileSync(join(cwd, 'empty.jsonl'), '');
    for (const [name, why] of [['script.json', /script\.json holds no run to summarise: no line of it is a trace record \(line 1: not JSON\)/], ['empty.jsonl', /holds no run to summarise: the file is empty/]] as const) {
      const out: string[] = [];
      const e: string[] = [];
      assert.equal(await traceCommand([join(cwd, name)], (s) => out.push(s), (s) => e.push(s)), 1, name);
      assert.match(e.join(''), why);
      assert.deepEqual(out, []);
    }
  });

  it('refuses to replay from a file that is not a trace, before anything runs (exit 2)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const t = io(cwd);
    const code = await runCommand([join(EXAMPLES, 'support.agents.yaml'), '--workflow', 'support', '--replay', join(EXAMPLES, 'support.script.json'), '--input', `@${join(EXAMPLES, 'inputs/ticket-billing.json')}`, '--trace', 'r.trace.jsonl'], t.io);
    assert.equal(code, 2, t.err.join(''));
    assert.match(t.err.join(''), /support\.script\.json is not a trace to replay: no line of it is a trace record \(line 1: not JSON\)/);
    assert.equal(existsSync(join(cwd, 'r.trace.jsonl')), false, 'nothing ran');
  });

  it('refuses to replay the trace of another workflow, or an empty one, and warns of damaged lines', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const support = [join(EXAMPLES, 'support.agents.yaml'), '--input', `@${join(EXAMPLES, 'inputs/ticket-billing.json')}`];
    const record = io(cwd);
    assert.equal(await runCommand([join(EXAMPLES, 'research.agents.yaml'), '--provider', 'scripted', '--input', `@${join(EXAMPLES, 'inputs/question-research.json')}`, '--trace', 'research.jsonl'], record.io), 0, record.err.join(''));
    const other = io(cwd);
    assert.equal(await runCommand([...support, '--replay', 'research.jsonl', '--trace', 'a.jsonl'], other.io), 2);
    assert.match(other.err.join(''), /research\.jsonl records a run of workflow 'research', not of workflow 'support': its answers would not match/);
    writeFileSync(join(cwd, 'empty.jsonl'), '');
    const empty = io(cwd);
    assert.equal(await runCommand([...support, '--replay', 'empty.jsonl', '--trace', 'b.jsonl'], empty.io), 2);
    assert.match(empty.err.join(''), /empty\.jsonl has no records to replay/);
    assert.equal(existsSync(join(cwd, 'a.jsonl')) || existsSync(join(cwd, 'b.jsonl')), false, 'nothing ran');
    // A trace of the same workflow with a damaged line replays, and says what is missing.
    const own = io(cwd);
    assert.equal(await runCommand([...support, '--provider', 'scripted', '--trace', 'support.jsonl'], own.io), 0, own.err.join(''));
    const lines = readFileSync(join(cwd, 'support.jsonl'), 'utf8').split('\n');
    lines[4] = 'garbage';
    writeFileSync(join(cwd, 'damaged.jsonl'), lines.join('\n'));
    const damaged = io(cwd);
    await runCommand([...support, '--replay', 'damaged.jsonl', '--trace', 'c.jsonl'], damaged.io);
    assert.match(damaged.err.join(''), /warning: 1 line of damaged\.jsonl could not be read \(line 5\); the answers recorded there are missing/);
  });
});

describe('handoff run with the checker', () => {
  it('refuses a definition with checker errors, printing file:line:col diagnostics, exit 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    writeFileSync(
      join(cwd, 'bad.agents.yaml'),
      'handoff: 1\ncontracts:\n  Q: { version: 1, schema: { type: object } }\nagents:\n  a: { input: Q, output: Nope }\nworkflows:\n  w:\n    input: Q\n    output: Q\n    steps:\n      s: { agent: a, input: $input }\n',
    );
    const t = io(cwd);
    const code = await runCommand(['bad.agents.yaml', '--workflow', 'w', '--input', '{}', '--provider', 'scripted', '--script', 'none.json'], t.io);
    assert.equal(code, 2);
    assert.match(t.err.join(''), /^bad\.agents\.yaml:\d+:\d+ error unknown-ref /m);
    assert.match(t.err.join(''), /do not check/);
    assert.equal(t.out.length, 0);
  });
});

describe('handoff run --resume', () => {
  it('continues a plan run from its checkpoint without calling the models again', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const first = io(cwd);
    const file = join(EXAMPLES, 'analytics.agents.yaml');
    assert.equal(await runCommand([file, '--provider', 'scripted', '--input', `@${join(EXAMPLES, 'inputs/question-analytics.json')}`], first.io), 0, first.err.join(''));
    const runId = /run: (\S+)/.exec(first.err.join(''))![1]!;
    const again = io(cwd);
    assert.equal(await runCommand([file, '--replay', '/nonexistent.trace.jsonl', '--resume', runId], again.io), 2, 'a replay file that does not exist is a usage error');
    const emptyTrace = join(cwd, 'empty.trace.jsonl');
    writeFileSync(emptyTrace, '');
    const resumed = io(cwd);
    assert.equal(await runCommand([file, '--replay', emptyTrace, '--resume', runId, '--trace', 'resumed.trace.jsonl'], resumed.io), 0, resumed.err.join(''));
    assert.deepEqual(JSON.parse(resumed.out[0]!), JSON.parse(first.out[0]!));
    const t = parseTrace(readFileSync(join(cwd, 'resumed.trace.jsonl'), 'utf8'));
    assert.equal(t.records.filter((r) => r.type === 'span' && r.phase === 'start' && r.kind === 'llm').length, 0, 'no model call');
    assert.equal(t.run?.runId, runId);

    // Resumed with another definition file: refused, before anything runs.
    const other = io(cwd);
    assert.equal(await runCommand([join(EXAMPLES, 'support.agents.yaml'), '--provider', 'scripted', '--resume', runId], other.io), 2);
    assert.match(other.err.join(''), new RegExp(`--resume: run ${runId} is a run of .*analytics\\.agents\\.yaml, not of .*support\\.agents\\.yaml`));
    // An agent named with it would be ignored: refused.
    const agent = io(cwd);
    assert.equal(await runCommand([file, '--provider', 'scripted', '--resume', runId, '--agent', 'chart'], agent.io), 2, agent.err.join(''));
    assert.match(agent.err.join(''), new RegExp(`--resume: run ${runId} is a run of workflow 'analytics'; leave out --agent`));
    // A damaged checkpoint says which field is wrong.
    const cpFile = join(cwd, '.handoff', 'checkpoints', `${runId}.json`);
    const cp = JSON.parse(readFileSync(cpFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(cpFile, JSON.stringify({ ...cp, done: 'x' }));
    const damaged = io(cwd);
    assert.equal(await runCommand([file, '--provider', 'scripted', '--resume', runId], damaged.io), 2);
    assert.match(damaged.err.join(''), /is not a Handoff checkpoint at done: .*expected array/);
  });
});

describe('handoff run --resume with another workflow', () => {
  it('refuses a workflow other than the one the run was of, naming both', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const text = readFileSync(join(EXAMPLES, 'analytics.agents.yaml'), 'utf8');
    const block = text.slice(text.indexOf('\n  analytics:\n') + 1);
    writeFileSync(join(cwd, 'two.agents.yaml'), `${text.trimEnd()}\n${block.replace(/^ {2}analytics:/, '  analytics2:')}`);
    writeFileSync(join(cwd, 'two.script.json'), readFileSync(join(EXAMPLES, 'analytics.script.json')));
    writeFileSync(join(cwd, 'common.agents.yaml'), readFileSync(join(EXAMPLES, 'common.agents.yaml')));
    const first = io(cwd);
    const input = `@${join(EXAMPLES, 'inputs/question-analytics.json')}`;
    assert.equal(await runCommand(['two.agents.yaml', '--workflow', 'analytics', '--provider', 'scripted', '--input', input], first.io), 0, first.err.join(''));
    const runId = /run: (\S+)/.exec(first.err.join(''))![1]!;
    const other = io(cwd);
    assert.equal(await runCommand(['two.agents.yaml', '--provider', 'scripted', '--resume', runId, '--workflow', 'analytics2'], other.io), 2, other.err.join(''));
    assert.match(other.err.join(''), new RegExp(`--resume: run ${runId} is a run of workflow 'analytics', not of 'analytics2'`));
    const same = io(cwd);
    assert.equal(await runCommand(['two.agents.yaml', '--provider', 'scripted', '--resume', runId, '--workflow', 'analytics'], same.io), 0, same.err.join(''));
    // The definitions changed since: the finished steps' outputs no longer fit. Refused before any call.
    writeFileSync(join(cwd, 'two.agents.yaml'), readFileSync(join(cwd, 'two.agents.yaml'), 'utf8').replace('value: { type: number }', 'value: { type: string }'));
    const edited = io(cwd);
    assert.equal(await runCommand(['two.agents.yaml', '--provider', 'scripted', '--resume', runId], edited.io), 1, edited.err.join(''));
    assert.match(edited.err.join(''), /failed \(checkpoint\): the checkpoint no longer fits workflow 'analytics' as it is defined now: step 1 \(sql\) has an output that breaks SqlResult@1 at \/rows\/0\/value: must be string; start a new run/);
  });
});

describe('handoff run, the process', () => {
  it('cancels on SIGTERM as on Ctrl-C: the trace ends with run.end cancelled, exit 1', async () => {
    const { spawn } = await import('node:child_process');
    const { createServer } = await import('node:http');
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const tsx = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
    const main = resolve('src/cli/main.ts');
    // A server that takes the request and never answers: the signal comes mid-request, once
    // (the workflow's first steps call at once, and a second signal is a second signal).
    let child: ReturnType<typeof spawn> | undefined;
    let sent = false;
    const server = createServer(() => {
      if (!sent) child?.kill('SIGTERM');
      sent = true;
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      child = spawn(process.execPath, ['--import', tsx, main, 'run', join(EXAMPLES, 'support.agents.yaml'), '--workflow', 'support', '--base-url', `http://127.0.0.1:${port}/v1`, '--input', `@${join(EXAMPLES, 'inputs/ticket-billing.json')}`, '--trace', 't.trace.jsonl'], {
        cwd,
        env: { ...process.env, OPENAI_API_KEY: 'sk-test' },
      });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((r) => child!.once('exit', (c) => r(c)));
      assert.equal(code, 1, err);
      assert.match(err, /handoff run: cancelling…/);
      const trace = parseTrace(readFileSync(join(cwd, 't.trace.jsonl'), 'utf8'));
      assert.equal(trace.end?.status, 'cancelled');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('stops quietly when the reader closes the pipe early (handoff trace | head -1)', async () => {
    const { spawn } = await import('node:child_process');
    const cwd = mkdtempSync(join(tmpdir(), 'handoff-cli-'));
    const lines = [JSON.stringify({ type: 'run', runId: 'r', workflow: 'w', file: 'f', startedAt: '2026-01-01T00:00:00Z', input: {}, handoffVersion: '0.1.0' })];
    lines.push(JSON.stringify({ type: 'span', phase: 'start', spanId: '1', kind: 'workflow', name: 'w', start: 1, attributes: {} }));
    for (let i = 2; i < 5000; i++) {
      lines.push(JSON.stringify({ type: 'span', phase: 'start', spanId: String(i), parentId: '1', kind: 'step', name: `s${i}`, start: i, attributes: {} }));
      lines.push(JSON.stringify({ type: 'span', phase: 'end', spanId: String(i), end: i + 1, status: 'ok', attributes: {} }));
    }
    writeFileSync(join(cwd, 'big.trace.jsonl'), `${lines.join('\n')}\n`);
    const tsx = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
    const child = spawn(process.execPath, ['--import', tsx, resolve('src/cli/main.ts'), 'trace', 'big.trace.jsonl'], { cwd });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // Read the first chunk, then close our end as `head` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    assert.equal(code, 0, err);
    assert.doesNotMatch(err, /EPIPE|internal error/);
  });
});
