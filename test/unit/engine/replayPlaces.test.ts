/**
 * Replay answers a call from its own place: when one agent is called with one input from two
 * places (two branches of a graph, two supervisors sharing a router), the recorded answers go
 * back to the calls that had them, whatever order the replayed calls come in (replay answers
 * at once, so the order differs from the recording). Recorded against a real HTTP server that
 * holds some replies until another request has arrived, so the recorded order is fixed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runWorkflow } from '../../../src/core/engine';
import { OpenAIProvider } from '../../../src/core/providers/openai';
import { ReplayProvider } from '../../../src/core/providers/replay';
import { MemoryTraceProcessor } from '../../../src/core/tracing/processor';
import { TraceFileWriter } from '../../../src/core/tracing/writer';
import { BASE, FILE, assertWellFormed, fastTiming, program } from '../../support/engine';
import type { Program } from '../../../src/core/model/program';

interface Call {
  readonly schema: string;
  readonly system: string;
  readonly turns: number;
}

/**
 * A Chat Completions server whose `answer` says, for each request, the reply and optionally
 * a request to wait for first (by a predicate over the requests seen so far).
 */
async function gatedServer(answer: (call: Call, n: number) => { reply: unknown; after?: (seen: readonly Call[]) => boolean }) {
  const seen: Call[] = [];
  const held: { ready: (seen: readonly Call[]) => boolean; send: () => void }[] = [];
  const release = () => {
    for (const h of [...held]) {
      if (h.ready(seen)) {
        held.splice(held.indexOf(h), 1);
        h.send();
      }
    }
  };
  const srv = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { messages: { content: string }[]; response_format?: { json_schema?: { name?: string } } };
      const call: Call = { schema: body.response_format?.json_schema?.name ?? '', system: body.messages[0]?.content ?? '', turns: body.messages.length - 2 };
      const { reply, after } = answer(call, seen.length);
      seen.push(call);
      const send = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(reply), refusal: null }, finish_reason: 'stop', logprobs: null }] }));
      };
      held.push({ ready: after ?? (() => true), send });
      release();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/v1`,
    seen,
    close: () => new Promise<void>((r) => {
      srv.closeAllConnections();
      srv.close(() => r());
    }),
  };
}

/** Records a run of `workflow` against the server into a trace file: its result and the file. */
async function recordRun(prog: Program, workflow: string, url: string) {
  const path = join(mkdtempSync(join(tmpdir(), 'handoff-replay-places-')), 'rec.trace.jsonl');
  const writer = new TraceFileWriter(path);
  const recorded = await runWorkflow({ program: prog, file: FILE, workflow, input: { text: 'q' }, provider: new OpenAIProvider({ apiKey: 'k-test-123456', baseURL: url }), processors: [writer], timing: fastTiming() });
  await writer.shutdown();
  return { recorded, path };
}

/** Records a run against the server, then replays its trace; both results and the replay's records. */
async function recordThenReplay(prog: Program, workflow: string, url: string) {
  const { recorded, path } = await recordRun(prog, workflow, url);
  const mem = new MemoryTraceProcessor();
  const replay = ReplayProvider.fromFile(path);
  const replayed = await runWorkflow({ program: prog, file: FILE, workflow, input: { text: 'q' }, provider: replay, processors: [mem], timing: fastTiming() });
  assertWellFormed(mem.records);
  return { recorded, replayed, records: mem.records, calls: replay.calls };
}

describe('replay: one agent, one input, two places', () => {
  it('gives each branch of a graph the answer it had, though the branches call in the other order', async () => {
    const P = program(`${BASE}
agents:
  p: { input: Msg, output: Msg, instructions: "AGENT p" }
  q: { input: Msg, output: Msg, instructions: "AGENT q" }
  s: { input: Msg, output: Msg, instructions: "AGENT s" }
workflows:
  wf:
    input: Msg
    output: Msg
    steps:
      slow: { agent: p, input: $input }
      fast: { agent: q, input: $input }
      x: { agent: s, input: $input, after: [slow] }
      y: { agent: s, input: $input, after: [fast] }
      out: { agent: q, input: { text: $steps.x.output.text }, after: [y] }
    result: $steps.x.output
`);
    let answers = 0;
    // p's reply waits for the first call of s (from y, after the fast branch): recorded, y's s
    // answers "answer 1" and x's "answer 2"; a replay starts x's s first (p answers at once).
    const srv = await gatedServer((call) => {
      const agent = /AGENT (\w+)/.exec(call.system)![1]!;
      if (agent === 's') return { reply: { text: `answer ${++answers}` } };
      if (agent === 'p') return { reply: { text: 'p' }, after: (seen) => seen.some((c) => c.system.includes('AGENT s')) };
      return { reply: { text: 'q' } };
    });
    try {
      const { recorded, replayed, calls } = await recordThenReplay(P, 'wf', srv.url);
      assert.equal(recorded.status, 'ok', JSON.stringify(recorded.error));
      assert.equal(replayed.status, 'ok', `the replay of an ok run failed: ${replayed.error?.message}`);
      assert.deepEqual(replayed.output, recorded.output);
      assert.deepEqual(recorded.output, { text: 'answer 2' }, 'x, after the slow branch, called s second');
      assert.equal(calls.length, srv.seen.length, 'one replayed call for each recorded one');
    } finally {
      await srv.close();
    }
  });

  it('gives each of two supervisors sharing a router its own turns', async () => {
    const P = program(`${BASE}
agents:
  wa: { input: Msg, output: Msg, instructions: "AGENT wa" }
  wb: { input: Msg, output: Msg, instructions: "AGENT wb" }
  lead: { input: Msg, instructions: "AGENT lead" }
workflows:
  supA:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [wa]
  supB:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [wb]
  both:
    input: Msg
    output: Msg
    steps:
      a: { workflow: supA, input: $input }
      b: { workflow: supB, input: $input }
      r: { agent: wa, input: { text: $steps.a.output.text }, after: [b] }
    result: $steps.r.output
`);
    // supA routes to wa twice, supB to wb once; wa's replies wait until supB has finished, so
    // the recorded turns of the two supervisors interleave in an order a replay does not keep.
    const srv = await gatedServer((call) => {
      if (call.schema === 'supA_route') return { reply: call.turns < 2 ? { next: 'wa', input: { text: 'x' }, result: null } : { next: 'FINISH', input: null, result: { text: 'A' } } };
      if (call.schema === 'supB_route') return { reply: call.turns < 1 ? { next: 'wb', input: { text: 'y' }, result: null } : { next: 'FINISH', input: null, result: { text: 'B' } } };
      if (call.system.includes('AGENT wa')) return { reply: { text: 'wa' }, after: (seen) => seen.filter((c) => c.schema === 'supB_route').length >= 2 };
      return { reply: { text: 'wb' } };
    });
    try {
      const { recorded, replayed, calls } = await recordThenReplay(P, 'both', srv.url);
      assert.equal(recorded.status, 'ok', JSON.stringify(recorded.error));
      assert.equal(replayed.status, 'ok', `the replay of an ok run failed: ${replayed.error?.message}`);
      assert.deepEqual(replayed.output, recorded.output);
      assert.equal(calls.length, srv.seen.length, 'one replayed call for each recorded one');
      assert.deepEqual(calls.filter((c) => c.agent === 'lead').map((c) => c.place).sort(), ['workflow:both/step:a/workflow:supA', 'workflow:both/step:a/workflow:supA', 'workflow:both/step:a/workflow:supA', 'workflow:both/step:b/workflow:supB', 'workflow:both/step:b/workflow:supB']);
    } finally {
      await srv.close();
    }
  });

  it('answers by agent and input alone a call from a place the trace does not know (a step renamed since)', async () => {
    // One workflow of one step calling agent s; the step's name is the place that changes.
    const oneStep = (step: string) =>
      program(`${BASE}
agents:
  s: { input: Msg, output: Msg, instructions: "AGENT s" }
workflows:
  wf:
    input: Msg
    output: Msg
    steps:
      ${step}: { agent: s, input: $input }
    result: $steps.${step}.output
`);
    const before = oneStep('first');
    const srv = await gatedServer(() => ({ reply: { text: 'recorded' } }));
    try {
      const { path } = await recordRun(before, 'wf', srv.url);
      const after = oneStep('renamed');
      const replayed = await runWorkflow({ program: after, file: FILE, workflow: 'wf', input: { text: 'q' }, provider: ReplayProvider.fromFile(path), processors: [], timing: fastTiming() });
      assert.equal(replayed.status, 'ok', replayed.error?.message);
      assert.deepEqual(replayed.output, { text: 'recorded' });
    } finally {
      await srv.close();
    }
  });
});
