/* global document, getComputedStyle, window -- these run inside the webview frame through frame.evaluate. */
// The trace viewer's layout and wording from the UX review: state colours are opaque (Dark
// Modern's charts.orange is 33 % alpha), the axis ticks count from the run's start, the
// details pane always says what to do, a validation error's value is outlined as a whole and
// "missing" only when it is, inputs have their own section, a narrow panel keeps the tree
// readable, and Compare puts the older run first.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateInTraceFrame, quickOpen, runFromPalette, traceUi } from './workbench.mjs';

const LAYOUT = 'layout.trace.jsonl';

async function openLayoutTrace(page, repo) {
  await quickOpen(page, join(repo, 'test/fixtures/traces', LAYOUT), LAYOUT);
  const ui = traceUi(page);
  await ui.locator('.row', { hasText: 'triager' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  return ui;
}

/** The alpha of a computed CSS colour (`rgb(…)` is opaque). */
function alphaOf(color) {
  const m = /rgba\([^,]+,[^,]+,[^,]+,\s*([\d.]+)\)/.exec(color);
  return m ? Number(m[1]) : 1;
}

export async function traceViewerStatesTicksAndDetails({ page, repo, screenshot }) {
  await runFromPalette(page, 'View: Close All Editors');
  const ui = await openLayoutTrace(page, repo);

  // Nothing selected: the details pane says what to do.
  await ui.locator('.details .empty', { hasText: 'Select a span' }).waitFor({ state: 'visible', timeout: 10_000 });

  // Every state colour is opaque in the workbench's theme.
  const colours = await evaluateInTraceFrame(page, () => {
    if (!document.querySelector('.tree-scroll')) return undefined;
    const out = {};
    for (const st of ['ok', 'running', 'pending', 'repaired', 'fallback', 'failed', 'skipped', 'cancelled', 'unfinished']) {
      const probe = document.createElement('span');
      probe.className = `st-${st}`;
      document.body.append(probe);
      out[st] = getComputedStyle(probe).color;
      probe.remove();
    }
    const bar = document.querySelector('.bar.st-fallback');
    out.fallbackBar = bar ? getComputedStyle(bar).backgroundColor : 'none';
    return out;
  });
  assert.ok(colours, 'the trace UI frame was not found');
  for (const [st, c] of Object.entries(colours)) assert.equal(alphaOf(c), 1, `the ${st} colour is opaque: ${c}`);

  // The run starts at a time that is no round number: the ticks still read 0, 10 ms, 20 ms.
  const ticks = await ui.locator('.axis .tick').allTextContents();
  assert.deepEqual(ticks.slice(0, 3), ['0 ms', '10 ms', '20 ms'], `tick labels: ${ticks.join(' / ')}`);

  // The failed call: a value recorded at its path is shown highlighted, with no "missing"
  // note; a violation without a value says the value is missing.
  await ui.locator('.row', { hasText: 'gpt-4.1-mini' }).first().click();
  const violations = ui.locator('.details .violation');
  await violations.first().waitFor({ state: 'visible', timeout: 10_000 });
  const urgency = violations.filter({ hasText: '/urgency' });
  assert.equal(await urgency.locator('.hl').textContent(), '7');
  assert.equal(await urgency.locator('p.muted').count(), 0, 'no "missing" note under a value that is there');
  assert.match(await violations.filter({ hasText: '/category' }).locator('p.muted').textContent(), /no value at this path/);
  // The long string is outlined as one box, not line by line.
  const box = await evaluateInTraceFrame(page, () => {
    const hl = [...document.querySelectorAll('.details .violation .hl')].find((e) => e.textContent.length > 100);
    if (!hl) return undefined;
    return { display: getComputedStyle(hl).display, rects: hl.getClientRects().length };
  });
  assert.ok(box, 'the long highlighted value was not found');
  assert.notEqual(box.display, 'inline', 'a wrapped value is outlined as a block');
  assert.equal(box.rects, 1, 'one outline box');
  await screenshot('trace-layout-violations');

  // An agent's input has its own section, before its parsed output.
  await ui.locator('.row', { hasText: 'triager' }).first().click();
  const titles = await ui.locator('.details .section > summary').allTextContents();
  assert.ok(titles.includes('Input'), `sections: ${titles.join(', ')}`);
  assert.ok(titles.indexOf('Input') < titles.indexOf('Parsed output'), `Input comes before Parsed output: ${titles.join(', ')}`);
  assert.match(await ui.locator('.details .section', { hasText: 'Input' }).first().locator('pre').textContent(), /Charged twice for March/);
}

export async function traceViewerNarrowPanel({ page, repo, screenshot }) {
  const before = page.viewportSize();
  await runFromPalette(page, 'View: Close All Editors');
  await page.setViewportSize({ width: 760, height: 560 });
  try {
    const ui = await openLayoutTrace(page, repo);
    await ui.locator('.row', { hasText: 'triager' }).first().click();
    await ui.locator('.details-title').waitFor({ state: 'visible', timeout: 10_000 });
    const m = await evaluateInTraceFrame(page, () => {
      const tree = document.querySelector('.tree');
      const details = document.querySelector('.details');
      const header = document.querySelector('.header');
      const nameCol = document.querySelector('.tree-head .name-col');
      const lane = document.querySelector('.row .lane');
      if (!tree || !details || !header || !nameCol || !lane) return undefined;
      const t = tree.getBoundingClientRect();
      const d = details.getBoundingClientRect();
      return { vw: window.innerWidth, tree: t.width, treeBottom: t.bottom, detailsTop: d.top, header: header.getBoundingClientRect().height, name: nameCol.getBoundingClientRect().width, lane: lane.getBoundingClientRect().width };
    });
    assert.ok(m, 'the trace UI frame was not found');
    assert.ok(m.vw < 700, `the webview is narrow: ${m.vw}px`);
    assert.ok(m.tree >= m.vw - 2, `the tree keeps the panel's width: ${m.tree} of ${m.vw}px`);
    assert.ok(m.detailsTop >= m.treeBottom - 1, 'the details are under the tree');
    assert.ok(m.name >= 180, `names keep at least 180px: ${m.name}`);
    assert.ok(m.lane >= 100, `the timeline keeps some room: ${m.lane}`);
    assert.ok(m.header < 70, `the header takes at most two lines: ${m.header}px`);
    await screenshot('trace-layout-narrow');

    // Tables scroll sideways rather than break their headers mid-word.
    await ui.locator('vscode-tab-header', { hasText: 'Reliability' }).click();
    await ui.locator('.reliability table').first().waitFor({ state: 'visible', timeout: 15_000 });
    const broken = await evaluateInTraceFrame(page, () => {
      const ths = [...document.querySelectorAll('.reliability table th')];
      if (ths.length === 0) return undefined;
      // A header on one line is as tall as a single line of its text.
      return ths.filter((th) => th.textContent && th.getClientRects().length && th.getBoundingClientRect().height > 2.2 * parseFloat(getComputedStyle(th).fontSize) + 6).map((th) => th.textContent);
    });
    assert.deepEqual(broken, [], `table headers on one line: ${broken}`);

    // The graph scrolls when it is wider than the panel, and its box ends inside the frame.
    await ui.locator('vscode-tab-header', { hasText: 'Graph' }).click();
    await ui.locator('.graph svg').waitFor({ state: 'visible', timeout: 15_000 });
    const g = await evaluateInTraceFrame(page, () => {
      const tab = document.querySelector('.graph-tab');
      if (!tab || !tab.querySelector('svg')) return undefined;
      return { bottom: tab.getBoundingClientRect().bottom, vh: window.innerHeight, overflow: getComputedStyle(tab).overflowX };
    });
    assert.ok(g, 'the graph was not found');
    assert.ok(g.bottom <= g.vh + 1, `the graph's scrolling box ends inside the frame: ${g.bottom} of ${g.vh}`);
    assert.equal(g.overflow, 'auto');
    await ui.locator('vscode-tab-header', { hasText: 'Trace' }).click();
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

export async function compareShowsTheOlderRunFirst({ page, repo, workspace, screenshot }) {
  const handoffDir = join(workspace, '.handoff');
  const created = !existsSync(handoffDir);
  const runs = join(handoffDir, 'runs');
  mkdirSync(runs, { recursive: true });
  // The older run (summarize fell back) and a newer one (summarize failed).
  const older = join(runs, 'triage-order-old.trace.jsonl');
  const newer = join(runs, 'triage-order-new.trace.jsonl');
  copyFileSync(join(repo, 'test/fixtures/traces/sample.trace.jsonl'), older);
  writeFileSync(newer, readFileSync(join(repo, 'test/fixtures/traces/failed.trace.jsonl'), 'utf8').replace('"startedAt":"2026-01-01T00:00:00.000Z"', '"startedAt":"2026-01-02T00:00:00.000Z"'));
  try {
    await runFromPalette(page, 'View: Close All Editors');
    await quickOpen(page, older, 'triage-order-old.trace.jsonl');
    const ui = traceUi(page);
    await ui.locator('.row', { hasText: 'researcher' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await ui.locator('vscode-tab-header', { hasText: 'History' }).click();
    const picks = ui.locator('.history input[type="checkbox"]');
    await picks.nth(1).waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await ui.locator('.history .toolbar').textContent(), /\b2 recorded runs of triage/);
    const compareBtn = ui.locator('.history button', { hasText: 'Compare the two picked runs' });
    assert.match(await compareBtn.getAttribute('title') ?? '', /Pick two runs/, 'the disabled button says why');
    // Newest first in the list: pick the newer run first.
    await picks.nth(0).check();
    assert.match(await compareBtn.getAttribute('title') ?? '', /one more/);
    await picks.nth(1).check();
    await compareBtn.click();
    const compare = ui.locator('.compare');
    await compare.waitFor({ state: 'visible', timeout: 15_000 });
    const heading = await compare.locator('h3').textContent();
    assert.match(heading ?? '', /A run-sample .*→ B run-failed/, `A is the older run: ${heading}`);
    const summarize = compare.locator('tr', { hasText: 'summarize' }).first();
    assert.equal(await summarize.locator('.changed').textContent(), 'fallback → failed');
    // Values and delta at one precision: as many decimals on each side.
    const latency = await summarize.locator('td').nth(2).textContent();
    const decimals = [...(latency ?? '').matchAll(/(\d+(?:\.(\d+))?) (ms|s)\b/g)].map((x) => (x[2] ?? '').length);
    assert.ok(decimals.length >= 2 && decimals.every((d) => d === decimals[0]), `one precision: ${latency}`);
    assert.equal(await compare.locator('th', { hasText: 'Tokens' }).count(), 1, 'runs that reported tokens show them');
    await screenshot('trace-compare-order');
  } finally {
    rmSync(older, { force: true });
    rmSync(newer, { force: true });
    if (created) rmSync(handoffDir, { recursive: true, force: true });
  }
}
