import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recentInputs, runsOf, sameDefinition, scanRuns, traceFileName } from '../../../src/core/runs/history';
import { inputChoices, isInputCandidate, parseInput, rankInputFiles } from '../../../src/core/runs/inputs';
import { inputCheck } from '../../../src/core/runs/inputCheck';
import { loadProgram } from '../../../src/core/checker';
import { formatStartedAt } from '../../../src/core/traceview/timeline';

const runLine = (id: string, at: string, input: unknown, target = '"workflow":"support"') =>
  `{"type":"run","runId":"${id}",${target},"file":"examples/support.agents.yaml","startedAt":"${at}","input":${JSON.stringify(input)},"handoffVersion":"0.1.0"}\n`;

test('scanning a trace directory: newest first, unreadable and foreign files skipped, missing dir is empty', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-runs-'));
  writeFileSync(join(dir, 'a.trace.jsonl'), runLine('a', '2026-01-01T10:00:00.000Z', { id: 1 }) + '{"type":"run.end","status":"ok","output":1}\n');
  writeFileSync(join(dir, 'b.trace.jsonl'), runLine('b', '2026-01-02T10:00:00.000Z', { id: 2 }));
  writeFileSync(join(dir, 'c.trace.jsonl'), runLine('c', '2026-01-03T10:00:00.000Z', { id: 1 }) + '{"type":"run.end","status":"error","error":{"message":"x","kind":"step"}}\n');
  writeFileSync(join(dir, 'agent.trace.jsonl'), runLine('d', '2026-01-04T10:00:00.000Z', { id: 9 }, '"agent":"triager"'));
  writeFileSync(join(dir, 'junk.trace.jsonl'), 'garbage\n');
  writeFileSync(join(dir, 'notes.txt'), runLine('x', '2026-01-05T10:00:00.000Z', {}));
  copyFileSync(new URL('../../fixtures/traces/failed.trace.jsonl', import.meta.url), join(dir, 'old.trace.jsonl'));
  utimesSync(join(dir, 'old.trace.jsonl'), new Date(0), new Date(0));
  utimesSync(join(dir, 'junk.trace.jsonl'), new Date(1000), new Date(1000));
  // A run whose run line was lost is listed from its spans, not dropped, and matched to no definition.
  const lost = '{"type":"span","phase":"start","spanId":"w","kind":"workflow","name":"support","start":1767571200000,"attributes":{}}\n';
  writeFileSync(join(dir, 'lost.trace.jsonl'), '{"type":"run","runId":"e","wor\n' + lost);
  const runs = await scanRuns(dir);
  assert.deepEqual(runs.map((r) => r.runId), ['', 'd', 'c', 'b', 'a', 'run-failed']);
  assert.equal(runs[0]?.noRunLine, true);
  assert.equal(runs[0]?.startedAt, '2026-01-05T00:00:00.000Z');
  assert.equal(runs.find((r) => r.runId === 'b')?.status, 'running');
  assert.deepEqual(await scanRuns(join(dir, 'nope')), []);
  assert.equal((await scanRuns(dir, 2)).length, 2, 'only the most recently written files are read');

  const root = '/w';
  const support = { kind: 'workflow', name: 'support' } as const;
  assert.equal(runsOf(runs, '/w/examples/support.agents.yaml', support, root).length, 3);
  assert.equal(runsOf(runs, '/other/examples/support.agents.yaml', support, root).length, 0);
  const inputs = recentInputs(runs, '/w/examples/support.agents.yaml', support, root);
  assert.deepEqual(inputs.map((i) => i.input), [{ id: 1 }, { id: 2 }], 'distinct inputs, most recent first');
});

test('an agent is offered the inputs it was handed inside workflow runs too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-runs-'));
  const agentSpan = (id: string, input: unknown) => `{"type":"span","phase":"start","spanId":"${id}","kind":"agent","name":"triager","start":1,"attributes":{"handoff.agent":"triager","handoff.input":${JSON.stringify(input)}}}\n`;
  writeFileSync(join(dir, 'w.trace.jsonl'), runLine('w', '2026-01-01T10:00:00.000Z', { t: 1 }) + agentSpan('a', { id: 'A' }) + agentSpan('b', { id: 'A' }) + agentSpan('c', { id: 'B' }));
  writeFileSync(join(dir, 'x.trace.jsonl'), runLine('x', '2026-01-02T10:00:00.000Z', { id: 'C' }, '"agent":"triager"'));
  const runs = await scanRuns(dir);
  const inputs = recentInputs(runs, '/w/examples/support.agents.yaml', { kind: 'agent', name: 'triager' }, '/w');
  assert.deepEqual(inputs.map((i) => i.input), [{ id: 'C' }, { id: 'A' }, { id: 'B' }]);
  assert.deepEqual(recentInputs(runs, '/w/examples/support.agents.yaml', { kind: 'agent', name: 'other' }, '/w'), []);
});

test('definition files match relative or absolute', () => {
  assert.ok(sameDefinition('examples/a.agents.yaml', '/w/examples/a.agents.yaml', '/w'));
  assert.ok(sameDefinition('/w/examples/a.agents.yaml', '/w/examples/a.agents.yaml', '/x'));
  assert.ok(!sameDefinition('a.agents.yaml', '/w/examples/a.agents.yaml', '/w'));
});

test('trace file names are safe and sortable', () => {
  assert.equal(traceFileName({ kind: 'workflow', name: 'sup port/x' }, new Date('2026-03-04T05:06:07.890Z'), 'mwvh81ce-ab/af7f'), 'sup_port_x-20260304-050607-mwvh81ce-abaf7f.trace.jsonl');
});

test('input choices: recent inputs, then files, then typing and browsing', () => {
  const choices = inputChoices([{ input: { id: 'T-1' }, startedAt: '2026-01-01T10:00:00.000Z', status: 'ok' }], [{ path: '/w/in/t.json', relative: 'in/t.json' }]);
  assert.deepEqual(choices.map((c) => c.kind), ['recent', 'file', 'type', 'browse']);
  assert.equal(choices[0]!.label, '{"id":"T-1"}');
  assert.equal(choices[0]!.detail, `used ${formatStartedAt('2026-01-01T10:00:00.000Z', true)} · ok`);
  // A recent input that is a file's content is named by the file.
  const named = inputChoices([{ input: { id: 'T-1', n: 2 }, startedAt: '2026-01-01T10:00:00.000Z', status: 'ok' }], [{ path: '/w/in/t.json', relative: 'in/t.json', content: { ok: true, value: { n: 2, id: 'T-1' } } }]);
  assert.equal(named[0]!.label, 'as in in/t.json');
  assert.ok(isInputCandidate('examples/inputs/ticket.json'));
  assert.ok(!isInputCandidate('examples/support.script.json'));
  assert.ok(!isInputCandidate('package.json'));
  assert.ok(!isInputCandidate('node_modules/x/y.json'));
  assert.ok(!isInputCandidate('a.yaml'));
  const ranked = rankInputFiles([{ relative: 'z/other.json' }, { relative: 'examples/x.json' }, { relative: 'examples/inputs/t.json' }], 'examples');
  assert.deepEqual(ranked.map((f) => f.relative), ['examples/inputs/t.json', 'examples/x.json', 'z/other.json']);
  assert.deepEqual(parseInput(' {"a":1} '), { ok: true, value: { a: 1 } });
  assert.equal(parseInput('').ok, false);
  const bad = parseInput('{a:1}');
  assert.ok(!bad.ok && /^Not JSON/.test(bad.error));
});

test('input choices say whether each input fits the contract, files that fit first', () => {
  const program = loadProgram(['/w/a.agents.yaml'], () =>
    [
      'handoff: 1',
      'contracts:',
      '  Ticket: { version: 2, schema: { type: object, required: [id], properties: { id: { type: string } } } }',
      'agents:',
      '  triager: { input: Ticket, output: Ticket, instructions: hi }',
      'workflows:',
      '  w: { input: Ticket, output: Ticket, steps: { s: { agent: triager, input: $input } }, result: $input }',
      '',
    ].join('\n'),
  );
  assert.deepEqual(program.diagnostics.filter((d) => d.severity === 'error'), []);
  const check = inputCheck(program, '/w/a.agents.yaml', { kind: 'workflow', name: 'w' })!;
  assert.deepEqual(check({ id: 'T-1' }), { fits: true, text: 'fits Ticket@2' });
  assert.deepEqual(check({ id: 7 }), { fits: false, text: 'breaks Ticket@2 at /id: must be string' });
  assert.equal(inputCheck(program, '/w/a.agents.yaml', { kind: 'workflow', name: 'nope' }), undefined);
  assert.equal(inputCheck(program, '/w/a.agents.yaml', { kind: 'agent', name: 'triager' })!({}).text, 'breaks Ticket@2 at /id: is required but missing');

  const choices = inputChoices(
    [{ input: { question: 'q' }, startedAt: '2026-01-01T10:00:00.000Z', status: 'error' }],
    [
      { path: '/w/inputs/a-question.json', relative: 'inputs/a-question.json', content: { ok: true, value: { question: 'q' } } },
      { path: '/w/inputs/b-broken.json', relative: 'inputs/b-broken.json', content: parseInput('{"id": ') },
      { path: '/w/inputs/c-ticket.json', relative: 'inputs/c-ticket.json', content: { ok: true, value: { id: 'T-1' } } },
      { path: '/w/inputs/d-unread.json', relative: 'inputs/d-unread.json' },
      { path: '/w/inputs/e-ticket.json', relative: 'inputs/e-ticket.json', content: { ok: true, value: { id: 'T-2' } } },
    ],
    check,
  );
  assert.match(choices[0]!.detail, / · failed · breaks Ticket@2 at \/id: is required but missing$/);
  const files = choices.filter((c) => c.kind === 'file');
  assert.deepEqual(
    files.map((c) => [c.label, c.detail]),
    [
      ['inputs/c-ticket.json', 'fits Ticket@2'],
      ['inputs/d-unread.json', 'JSON file'],
      ['inputs/e-ticket.json', 'fits Ticket@2'],
      ['inputs/a-question.json', 'breaks Ticket@2 at /id: is required but missing'],
      ['inputs/b-broken.json', files[4]!.detail],
    ],
  );
  assert.match(files[4]!.detail, /^Not JSON: /);
  assert.deepEqual(files.map((c) => ('fits' in c ? c.fits : undefined)), [true, undefined, true, false, false]);
});
