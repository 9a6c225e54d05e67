/**
 * Screenshots of the trace panel in the standalone harness (dark and light): the trace tab
 * with a repaired agent selected, the graph, history with a comparison, reliability, and the
 * hostile-strings trace. Also checks that hostile strings stayed inert and the CSP held.
 *   npx tsx bench/panel/screens.ts   → test-results/panel-*.png
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TraceModel } from '../../src/core/traceview/model';
import { parseTraceText } from '../../src/core/traceview/parse';
import { agentReliability, compoundEstimate, detectAnomalies, runMetrics } from '../../src/core/traceview/reliability';
import type { TraceRecord } from '../../src/core/tracing/records';
import { launch, openPanel, repo, send, startServer } from './harness';

const out = join(repo, 'test-results');
mkdirSync(out, { recursive: true });
const fixture = (name: string): TraceRecord[] => parseTraceText(readFileSync(join(repo, 'test/fixtures/traces', name), 'utf8')).records;
const prices = { 'gpt-4.1-mini': { input: 0.4, output: 1.6 }, 'gpt-4.1': { input: 2, output: 8 } };
const init = { type: 'init', mode: 'file', prices, rerun: { enabled: false, reason: 'Rerun from here needs the run engine, which this build does not include yet.' } };
const plan = [
  { name: 'classify', agent: 'classifier', dependsOn: [] },
  { name: 'research', agent: 'researcher', dependsOn: ['classify'] },
  { name: 'summarize', agent: 'summarizer', dependsOn: ['research'] },
  { name: 'notify', agent: 'notifier', dependsOn: ['summarize'] },
];

function historyMsg(inReplyTo: number) {
  const sample = fixture('sample.trace.jsonl');
  const failed = fixture('failed.trace.jsonl');
  const runs = Array.from({ length: 7 }, (_, i) => {
    const recs = i === 5 ? failed : sample.map((r) => (r.type === 'run' ? { ...r, runId: `run-${i + 1}`, startedAt: `2026-01-0${i + 1}T10:00:00Z` } : r));
    return { source: `file:///ws/.handoff/runs/run-${i + 1}.trace.jsonl`, model: TraceModel.from(recs) };
  });
  const metrics = runs.map((r) => runMetrics(r.model));
  return {
    type: 'history', inReplyTo, workflow: 'triage',
    runs: runs.map((r, i) => ({
      source: r.source, runId: r.model.run!.runId, startedAt: r.model.run!.startedAt, status: r.model.runEnd?.status ?? 'running',
      latencyMs: metrics[i]!.latencyMs, tokens: metrics[i]!.tokens, violations: metrics[i]!.violations,
      anomalies: detectAnomalies(metrics[i]!, metrics.slice(0, i)),
    })),
    agents: agentReliability(runs.map((r) => r.model)),
    estimate: compoundEstimate(agentReliability(runs.map((r) => r.model)), plan.map((p) => ({ name: p.name, agent: p.agent }))),
  };
}

async function main(): Promise<void> {
  const { origin, server } = await startServer();
  const browser = await launch();
  const failures: string[] = [];
  try {
    for (const theme of ['dark', 'light']) {
      const p = await openPanel(browser, origin, theme);
      await send(p, [init, { type: 'reset', title: 'triage', source: 'file:///ws/.handoff/runs/run-sample.trace.jsonl', live: false, plan }, { type: 'records', records: fixture('sample.trace.jsonl'), done: true }]);
      await p.waitForSelector('.row');
      await p.locator('.row', { hasText: 'researcher' }).first().click();
      await p.waitForSelector('.details .violation');
      await p.screenshot({ path: join(out, `panel-trace-${theme}.png`) });
      await p.locator('vscode-tab-header', { hasText: 'Graph' }).click();
      await p.waitForSelector('.graph svg .node');
      await p.screenshot({ path: join(out, `panel-graph-${theme}.png`) });
      await p.locator('vscode-tab-header', { hasText: 'History' }).click();
      const req = await p.waitForFunction(() => (window as unknown as { __posted: { type: string; messageId?: number }[] }).__posted.find((m) => m.type === 'requestHistory')?.messageId);
      await send(p, [historyMsg(Number(await req.jsonValue()))]);
      await p.locator('table.grid input[type=checkbox]').nth(0).check();
      await p.locator('table.grid input[type=checkbox]').nth(1).check();
      await p.locator('button', { hasText: 'Compare the two picked runs' }).click();
      const cmp = await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.find((m) => m.type === 'requestCompare'));
      const c = (await cmp.jsonValue()) as unknown as { messageId: number };
      await send(p, [{ type: 'compare', inReplyTo: c.messageId, a: { label: 'run-7', records: fixture('sample.trace.jsonl') }, b: { label: 'run-6', records: fixture('failed.trace.jsonl') } }]);
      await p.waitForSelector('.compare');
      await p.screenshot({ path: join(out, `panel-history-${theme}.png`), fullPage: true });
      await p.locator('vscode-tab-header', { hasText: 'Reliability' }).click();
      await p.screenshot({ path: join(out, `panel-reliability-${theme}.png`) });
      // Hidden and shown again: the UI state comes back from getState.
      const state = await p.evaluate(() => (window as unknown as { __state: unknown }).__state);
      if (!state || (state as { tab: number }).tab !== 3) failures.push(`state not kept: ${JSON.stringify(state)}`);
      await p.close();
    }

    // Hostile strings: nothing runs, nothing loads, bidi controls show as marks.
    const p = await openPanel(browser, origin, 'dark');
    const { hostileTrace } = (await import('../../test/fixtures/traces/make.mjs')) as { hostileTrace: (n: number) => TraceRecord[] };
    await p.evaluate(() => {
      (window as unknown as { alert: () => void }).alert = () => ((window as unknown as { __alerted: boolean }).__alerted = true);
    });
    const recs = hostileTrace(10 * 1024 * 1024);
    const t0 = Date.now();
    await send(p, [init, { type: 'reset', title: '<script>alert(1)</script>', live: false }, { type: 'records', records: recs, done: true }]);
    await p.waitForSelector('.row');
    await p.locator('.row').nth(3).click();
    await p.waitForSelector('.details pre');
    console.log(`hostile trace with a 10 MB reply shown in ${Date.now() - t0} ms`);
    await p.screenshot({ path: join(out, 'panel-hostile-dark.png') });
    await p.locator('vscode-tab-header', { hasText: 'Graph' }).click();
    await p.waitForSelector('.graph svg .node');
    await p.screenshot({ path: join(out, 'panel-hostile-graph-dark.png') });
    const check = await p.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      imgs: document.querySelectorAll('img, iframe, svg svg, a[href]').length,
      alerted: (window as unknown as { __alerted?: boolean }).__alerted === true,
      csp: (window as unknown as { __cspViolations: string[] }).__cspViolations,
      bidiShown: document.body.textContent?.includes('⟨U+202E⟩') ?? false,
      rawBidi: document.body.textContent?.includes('\u202E') ?? false,
    }));
    console.log('hostile check', JSON.stringify(check));
    if (check.scripts !== 2) failures.push(`script elements: ${check.scripts}`);
    if (check.imgs !== 0) failures.push(`img/iframe/nested svg/link elements: ${check.imgs}`);
    if (check.alerted) failures.push('alert ran');
    if (check.csp.length) failures.push(`CSP violations: ${check.csp.join(', ')}`);
    if (!check.bidiShown || check.rawBidi) failures.push('bidi override not made visible');
    await p.close();
  } finally {
    await browser.close();
    server.close();
  }
  if (failures.length) {
    console.error(`FAILED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`screenshots in ${out}`);
}

void main();
