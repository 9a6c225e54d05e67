/* global document, window, requestAnimationFrame -- these run inside the webview frame through frame.evaluate. */
// The Graph tab draws a run as it ran: a step with nothing before it stands in the first
// column with the other first steps, even when it feeds a step far down the chain (elk's
// default layering moved it next to that step, as if it had run later).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builder, toJsonl } from '../fixtures/traces/make.mjs';
import { quickOpen, traceUi } from './workbench.mjs';

export async function graphPutsEveryFirstStepInTheFirstColumn({ page, repo, screenshot }) {
  await quickOpen(page, join(repo, 'test/fixtures/traces/graph-sources.trace.jsonl'), 'graph-sources.trace.jsonl');
  const ui = traceUi(page);
  await ui.locator('.row').first().waitFor({ state: 'visible', timeout: 30_000 });
  await ui.locator('vscode-tab-header', { hasText: 'Graph' }).click();
  await ui.locator('.graph svg .node').first().waitFor({ state: 'visible', timeout: 15_000 });
  const xs = await ui.locator('.graph svg .node').evaluateAll((nodes) => {
    const out = {};
    for (const g of nodes) {
      const m = /translate\(([-\d.]+),/.exec(g.getAttribute('transform') ?? '');
      out[g.getAttribute('aria-label')?.split(':')[0] ?? '?'] = m ? Number(m[1]) : NaN;
    }
    return out;
  });
  assert.ok(xs, 'the graph was not found');
  assert.equal(xs.side, xs.first, `the step with nothing before it is in the first column: ${JSON.stringify(xs)}`);
  assert.ok(xs.second > xs.first && xs.last > xs.second, JSON.stringify(xs));
  await screenshot('graph-first-column');
}

/** A recorded run of a chain of `n` steps (each after the one before), as a file in a new folder. */
function chainTrace(n) {
  const b = builder({ runId: `chain-${n}`, workflow: 'chain', file: 'examples/chain.agents.yaml' });
  const wf = b.start('workflow', 'chain', undefined, 0);
  for (let i = 0; i < n; i++) {
    const st = b.start('step', `step-${i}`, wf, i * 10, { 'handoff.step': `step-${i}`, 'handoff.dependsOn': i ? [`step-${i - 1}`] : [] });
    b.end(st, i * 10 + 9, 'ok', { 'handoff.output': { i } });
  }
  b.end(wf, n * 10, 'ok');
  const dir = mkdtempSync(join(tmpdir(), 'handoff-graph-'));
  const file = `chain-${n}-graph.trace.jsonl`;
  writeFileSync(join(dir, file), toJsonl(b.finish('ok', {})));
  return { path: join(dir, file), file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a trace and returns its panel's frame (for evaluating in it), with long tasks recorded from then on. */
async function openPanel(page, path, file) {
  await quickOpen(page, path, file);
  const ui = traceUi(page);
  await ui.locator('.row').first().waitFor({ state: 'visible', timeout: 30_000 });
  const frame = await (await ui.locator('body').elementHandle()).ownerFrame();
  await frame.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => Math.round(e.duration)))).observe({ type: 'longtask' });
  });
  return { ui, frame };
}

// A 1,000-step run's graph took elk 1.5–2 s on the panel's thread, which froze meanwhile: its
// layout now runs in a Web Worker, the panel says it is laying out and answers at once.
export async function graphOfALargeRunIsLaidOutInAWorkerWithoutFreezingThePanel({ page, screenshot }) {
  const trace = chainTrace(1000);
  try {
    const { ui, frame } = await openPanel(page, trace.path, trace.file);
    await ui.locator('vscode-tab-header', { hasText: 'Graph' }).click();
    await ui.locator('.graph .empty', { hasText: 'Laying out the graph…' }).waitFor({ state: 'visible', timeout: 5_000 });
    await screenshot('graph-laying-out');
    // The panel answers while elk works: to the Trace tab and back.
    const switchMs = await frame.evaluate(async () => {
      const t0 = performance.now();
      document.querySelectorAll('vscode-tab-header')[0].click();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      document.querySelectorAll('vscode-tab-header')[1].click();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.now() - t0;
    });
    await ui.locator('.graph svg .node').nth(999).waitFor({ state: 'attached', timeout: 60_000 });
    assert.equal(await ui.locator('.graph').getAttribute('data-layout'), 'worker', 'laid out in the worker');
    const longest = await frame.evaluate(() => Math.max(0, ...window.__longTasks));
    assert.ok(switchMs < 1000, `switching tabs during the layout took ${Math.round(switchMs)} ms`);
    // The SVG of 1,000 nodes is still made on the panel's thread (about 0.2 s); elk's 1.5–2 s is not.
    assert.ok(longest < 1000, `the panel's thread was blocked for ${longest} ms`);
    await screenshot('graph-large-run');
  } finally {
    trace.remove();
  }
}

// When no worker can start (here the panel's Worker throws, as a CSP refusing it would), the
// graph is laid out on the panel's thread, as before: never a blank graph.
export async function graphIsLaidOutOnThePanelsThreadWhenNoWorkerStarts({ page, screenshot }) {
  const trace = chainTrace(12);
  try {
    const { ui, frame } = await openPanel(page, trace.path, trace.file);
    const warnings = [];
    const onConsole = (m) => {
      if (m.type() === 'warning' && m.text().includes('main thread')) warnings.push(m.text());
    };
    page.on('console', onConsole);
    await frame.evaluate(() => {
      window.Worker = class {
        constructor() {
          throw new DOMException('Refused to create a worker (test)', 'SecurityError');
        }
      };
    });
    await ui.locator('vscode-tab-header', { hasText: 'Graph' }).click();
    await ui.locator('.graph svg .node').nth(11).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await ui.locator('.graph').getAttribute('data-layout'), 'main');
    const xs = await ui.locator('.graph svg .node').evaluateAll((gs) => gs.map((g) => Number(/translate\(([-\d.]+),/.exec(g.getAttribute('transform'))[1])));
    assert.ok(xs.every((x, i) => i === 0 || x > xs[i - 1]), `a chain, left to right: ${xs}`);
    page.off('console', onConsole);
    if (warnings.length) assert.equal(warnings.length, 1, warnings.join('\n'));
    await screenshot('graph-main-thread');
  } finally {
    trace.remove();
  }
}
