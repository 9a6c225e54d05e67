/**
 * The trace panel's live-feed benchmark inside the real VS Code (run it with
 * `node test/e2e/run.mjs "panel bench"`; it is registered only when the filter names it):
 * 1,000 spans a second for 30 seconds pushed through the panel's live feed, as a run's
 * tracing processor pushes them, with the panel view shown. The extension host's RSS is
 * sampled throughout; results go to bench/panel/vscode-results.json.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { test } from '../src/runner';

interface Api {
  panel: { beginRun(i: { title?: string }): void; pushRecords(r: readonly TraceRecord[]): void; endRun(): void; show(p?: boolean): Promise<void> };
}

const SECONDS = 30;
const SPANS_PER_SECOND = 1000;
const TICK_MS = 100;

/** One step of a synthetic run: a step, an agent and an llm span (three spans, six records). */
function stepRecords(i: number, root: string, t: number): TraceRecord[] {
  const s = `s${i}`;
  const a = `a${i}`;
  const l = `l${i}`;
  const input = { ticket: `T-${i}`, body: 'x'.repeat(200) };
  const output = { category: 'billing', urgency: 3, summary: 'y'.repeat(120) };
  return [
    { type: 'span', phase: 'start', spanId: s, parentId: root, kind: 'step', name: `step${i}`, start: t, attributes: { 'handoff.step': `step${i}` } },
    { type: 'span', phase: 'start', spanId: a, parentId: s, kind: 'agent', name: 'triager', start: t, attributes: { 'handoff.agent': 'triager', 'handoff.input': input } },
    { type: 'span', phase: 'start', spanId: l, parentId: a, kind: 'llm', name: 'gpt-4.1-mini', start: t, attributes: { 'handoff.agent': 'triager', 'handoff.attempt': 0, 'handoff.prompt': [{ role: 'user', content: JSON.stringify(input) }] } },
    { type: 'span', phase: 'end', spanId: l, end: t + 1, status: 'ok', attributes: { 'handoff.reply': JSON.stringify(output), 'gen_ai.usage.input_tokens': 80, 'gen_ai.usage.output_tokens': 30 } },
    { type: 'span', phase: 'end', spanId: a, end: t + 1, status: 'ok', attributes: { 'handoff.output': output } },
    { type: 'span', phase: 'end', spanId: s, end: t + 1, status: 'ok', attributes: { 'handoff.output': output } },
  ];
}

if (process.env['HANDOFF_E2E_FILTER']?.includes('panel bench')) {
  test('panel bench: a live feed of 1,000 spans a second for 30 s', async () => {
    const api = (await vscode.extensions.getExtension<Api>('handoff.handoff')!.activate()).panel;
    await api.show(true);
    const rssStartMB = process.memoryUsage().rss / 1048576;
    let peakMB = rssStartMB;
    const sampler = setInterval(() => (peakMB = Math.max(peakMB, process.memoryUsage().rss / 1048576)), 250);
    const t0 = Date.now();
    api.beginRun({ title: 'panel bench' });
    api.pushRecords([
      { type: 'run', runId: 'bench', workflow: 'bench', file: 'bench.agents.yaml', startedAt: new Date().toISOString(), input: {}, handoffVersion: '0.1.0' },
      { type: 'span', phase: 'start', spanId: 'root', kind: 'workflow', name: 'bench', start: t0, attributes: {} },
    ]);
    let pushed = 0;
    // Paced by the clock: each tick pushes the spans due by then (a load generator, not a wait).
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const elapsed = Date.now() - t0;
        const due = Math.min(SECONDS * SPANS_PER_SECOND, Math.floor((elapsed / 1000) * SPANS_PER_SECOND));
        const batch: TraceRecord[] = [];
        while (pushed + 3 <= due) {
          batch.push(...stepRecords(pushed / 3, 'root', t0 + pushed));
          pushed += 3;
        }
        if (batch.length) api.pushRecords(batch);
        if (elapsed >= SECONDS * 1000) {
          clearInterval(tick);
          resolve();
        }
      }, TICK_MS);
    });
    api.pushRecords([
      { type: 'span', phase: 'end', spanId: 'root', end: Date.now(), status: 'ok', attributes: {} },
      { type: 'run.end', status: 'ok', output: {} },
    ]);
    api.endRun();
    clearInterval(sampler);
    peakMB = Math.max(peakMB, process.memoryUsage().rss / 1048576);
    const seconds = (Date.now() - t0) / 1000;
    const results = { date: new Date().toISOString(), vscode: vscode.version, spans: pushed + 1, seconds, spansPerSecond: Math.round(pushed / seconds), extensionHostRssStartMB: Math.round(rssStartMB), extensionHostPeakRssMB: Math.round(peakMB) };
    const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (ws) writeFileSync(join(dirname(ws), 'bench/panel/vscode-results.json'), JSON.stringify(results, null, 2) + '\n');
    console.log(JSON.stringify(results));
    assert.ok(pushed >= SECONDS * SPANS_PER_SECOND * 0.99, `only ${pushed} spans were pushed`);
  }, { timeout: (SECONDS + 30) * 1000 });
}
