/* global document, getComputedStyle -- these run inside the webview frame through frame.evaluate. */
// The trace viewer by keyboard and screen reader, in the real workbench: the graph's nodes are
// buttons that say their state and edges and, activated, hand the focus to their row in the
// tree; the tabs follow the tabs pattern (Enter or Space opens, Home and End, the open tab is
// the tab stop); the History tab keeps the focus on the control used; the Problems notice
// closes with Escape and gives the focus back; tree rows say their kind, state and place, in
// the order they are shown; the totals are no live region; and in light themes a violation's
// text is readable and a fallback does not look like a repair.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pickColorTheme, quickOpen, recordRun, runFromPalette, traceUi } from './workbench.mjs';

/** The Frame of a trace UI frame locator, for frame.evaluate and waitForFunction. */
async function frameOf(ui) {
  const body = await ui.locator('body').elementHandle();
  const frame = await body.ownerFrame();
  await body.dispose();
  return frame;
}

/** What has the focus in the frame, said briefly (and whether the frame has it at all). */
const focused = (frame) => frame.evaluate(() => {
  const a = document.activeElement;
  return {
    inFrame: document.hasFocus() && a !== null && a !== document.body,
    tag: a?.tagName.toLowerCase(),
    cls: a?.getAttribute('class') ?? '',
    label: a?.getAttribute('aria-label') ?? '',
    text: (a?.textContent ?? '').trim().slice(0, 60),
    key: a?.getAttribute('data-focus-key') ?? '',
  };
});

/** Waits until `test` (run in the frame on its active element) holds; fails saying where the focus is. */
async function waitForFocus(frame, what, test, arg) {
  await frame.waitForFunction(test, arg, { timeout: 5_000 }).catch(async () => {
    assert.fail(`${what}; the focus is on ${JSON.stringify(await focused(frame))}`);
  });
}

async function openTrace(page, path, name) {
  await runFromPalette(page, 'View: Close All Editors');
  await quickOpen(page, path, name);
  const ui = traceUi(page);
  await ui.locator('.row').first().waitFor({ state: 'visible', timeout: 30_000 });
  return { ui, frame: await frameOf(ui) };
}

/** Opens a tab with the keyboard: focus the open tab's header, move with the arrows, Enter. */
async function openTabByKeys(page, ui, name) {
  const names = ['Trace', 'Graph', 'History', 'Reliability'];
  const headers = ui.locator('vscode-tab-header');
  const open = await headers.evaluateAll((hs) => hs.findIndex((h) => h.getAttribute('aria-selected') === 'true'));
  await headers.nth(open).focus();
  const want = names.indexOf(name);
  for (let i = open; i < want; i++) await page.keyboard.press('ArrowRight');
  for (let i = open; i > want; i--) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await ui.locator('vscode-tab-header[aria-selected="true"]', { hasText: name }).waitFor({ state: 'attached', timeout: 5_000 });
}

export async function graphNodesAreButtonsThatHandTheFocusToTheirRow({ page, repo, workspace, screenshot }) {
  const { trace, file, remove } = recordRun({ repo, workspace }, 'keyboard-graph-e2e', ['support.agents.yaml', '--workflow', 'support', '--input', '@inputs/ticket-billing.json']);
  try {
    const { ui, frame } = await openTrace(page, trace, file);
    await openTabByKeys(page, ui, 'Graph');
    const nodes = ui.locator('.graph svg .node');
    await nodes.nth(3).waitFor({ state: 'visible', timeout: 15_000 });
    const facts = await nodes.evaluateAll((gs) => gs.map((g) => ({
      role: g.getAttribute('role'),
      name: g.getAttribute('aria-label'),
      tabindex: g.getAttribute('tabindex'),
      desc: document.getElementById(g.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      item: g.parentElement?.getAttribute('role'),
    })));
    assert.ok(facts.every((f) => f.role === 'button' && f.item === 'listitem'), `nodes are buttons in list items: ${JSON.stringify(facts)}`);
    assert.equal(facts.filter((f) => f.tabindex === '0').length, 1, `one tab stop in the graph: ${JSON.stringify(facts)}`);
    const answer = facts.find((f) => f.name?.startsWith('answer:'));
    assert.ok(answer, JSON.stringify(facts));
    assert.match(answer.desc, /after (triage|billing|sentiment)/, `the answer node's description says its edges: ${answer.desc}`);
    assert.equal(await ui.locator('.graph svg .edge').first().evaluate((e) => e.closest('[aria-hidden="true"]') !== null), true, 'edges are drawn for the eye only');

    // Arrow keys move between the nodes.
    await ui.locator('.graph .node[tabindex="0"]').focus();
    const first = (await focused(frame)).label;
    await page.keyboard.press('ArrowRight');
    await waitForFocus(frame, 'ArrowRight moves to the next node', (before) => document.activeElement?.classList.contains('node') && document.activeElement.getAttribute('aria-label') !== before, first);

    // Enter shows the node's span in the Trace tab, with the focus on its row.
    const target = (await focused(frame)).label.split(':')[0];
    await page.keyboard.press('Enter');
    await ui.locator('.row.selected', { hasText: target }).waitFor({ state: 'visible', timeout: 10_000 });
    await waitForFocus(frame, 'Enter on a node focuses the tree on its row', () => {
      const a = document.activeElement;
      const sel = document.querySelector('.row.selected');
      return a?.classList.contains('tree-scroll') && sel !== null && a.getAttribute('aria-activedescendant') === sel.id;
    });
    await page.keyboard.press('Tab');
    assert.ok((await focused(frame)).inFrame, 'Tab after Enter stays in the panel');

    // Back in the graph: the selected node and the focused one look different.
    await openTabByKeys(page, ui, 'Graph');
    const other = ui.locator('.graph .node:not(.selected)').first();
    await other.focus();
    const look = await frame.evaluate(() => {
      const style = (g) => ({ box: getComputedStyle(g.querySelector('.node-box')).fill, boxStroke: getComputedStyle(g.querySelector('.node-box')).stroke, ring: getComputedStyle(g.querySelector('.node-ring')).stroke });
      const sel = document.querySelector('.graph .node.selected');
      return { selected: sel && style(sel), current: sel?.getAttribute('aria-current'), focused: style(document.activeElement) };
    });
    assert.equal(look.current, 'true', 'the selected node is the current one');
    assert.notEqual(look.focused.ring, 'none', `the focused node has a focus ring: ${JSON.stringify(look)}`);
    assert.equal(look.selected.ring, 'none', `the selected node, unfocused, has none: ${JSON.stringify(look)}`);
    assert.notEqual(look.selected.box, look.focused.box, `the selected node is filled otherwise: ${JSON.stringify(look)}`);
    await screenshot('keyboard-graph-focused-and-selected');

    // Space does as Enter.
    await page.keyboard.press(' ');
    await waitForFocus(frame, 'Space on a node focuses the tree', () => document.activeElement?.classList.contains('tree-scroll'));
  } finally {
    remove();
  }
}

export async function tabsOpenWithEnterOrSpaceAndTheOpenTabIsTheTabStop({ page, repo }) {
  const { ui, frame } = await openTrace(page, join(repo, 'test/fixtures/traces/sample.trace.jsonl'), 'sample.trace.jsonl');
  const headers = ui.locator('vscode-tab-header');
  const selected = () => headers.evaluateAll((hs) => hs.map((h) => h.getAttribute('aria-selected')));
  assert.deepEqual(await selected(), ['true', 'false', 'false', 'false'], 'every tab says whether it is open');
  const focusedTab = async () => (await focused(frame)).text;
  await headers.nth(0).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await focusedTab(), 'Graph');
  // Leaving the tablist and coming back lands on the open tab, not the one last focused.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focusedTab(), 'Trace', 'Shift+Tab back into the tablist lands on the open tab');
  await page.keyboard.press('End');
  assert.equal(await focusedTab(), 'Reliability');
  await page.keyboard.press('Home');
  assert.equal(await focusedTab(), 'Trace');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press(' ');
  await ui.locator('.history').waitFor({ state: 'visible', timeout: 5_000 });
  assert.deepEqual(await selected(), ['false', 'false', 'true', 'false'], 'Space opens the focused tab');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await ui.locator('.graph').waitFor({ state: 'visible', timeout: 5_000 });
  assert.deepEqual(await selected(), ['false', 'true', 'false', 'false'], 'Enter opens the focused tab');
  await openTabByKeys(page, ui, 'Trace');
}

export async function historyKeepsTheFocusOnThePickAndGoesToTheComparison({ page, repo, workspace, screenshot }) {
  const runs = [
    recordRun({ repo, workspace }, 'keyboard-history-a', ['support.agents.yaml', '--workflow', 'support', '--input', '@inputs/ticket-billing.json']),
    recordRun({ repo, workspace }, 'keyboard-history-b', ['support.agents.yaml', '--workflow', 'support', '--input', '@inputs/ticket-howto.json']),
  ];
  try {
    const { ui, frame } = await openTrace(page, runs[0].trace, runs[0].file);
    await openTabByKeys(page, ui, 'History');
    const boxes = ui.locator('.history input[type="checkbox"]');
    await boxes.nth(1).waitFor({ state: 'visible', timeout: 15_000 });
    for (const i of [0, 1]) {
      const key = await boxes.nth(i).getAttribute('data-focus-key');
      await boxes.nth(i).focus();
      await page.keyboard.press(' ');
      await waitForFocus(frame, `Space on pick ${i} keeps the focus on it`, (k) => document.activeElement?.getAttribute('data-focus-key') === k && document.activeElement.checked, key);
    }
    const compare = ui.locator('.history button', { hasText: 'Compare the two picked runs' });
    assert.notEqual(await compare.getAttribute('aria-disabled'), 'true');
    await compare.focus();
    await page.keyboard.press('Enter');
    await ui.locator('.compare h3').waitFor({ state: 'visible', timeout: 15_000 });
    await waitForFocus(frame, 'Compare moves the focus to the comparison\'s heading', () => document.activeElement?.matches('.compare h3'));
    await screenshot('keyboard-history-comparison-focused');
  } finally {
    for (const r of runs) r.remove();
  }
}

export async function problemsNoticeClosesWithEscapeAndGivesTheFocusBack({ page, repo }) {
  const { ui, frame } = await openTrace(page, join(repo, 'test/fixtures/traces/damaged.trace.jsonl'), 'damaged.trace.jsonl');
  const chip = ui.locator('.total-button', { hasText: 'Problems' });
  const notice = ui.locator('.notice');
  await chip.focus();
  await page.keyboard.press('Enter');
  await notice.waitFor({ state: 'visible', timeout: 5_000 });
  assert.equal(await chip.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Escape');
  await notice.waitFor({ state: 'hidden', timeout: 5_000 });
  await waitForFocus(frame, 'Escape leaves the focus on the Problems chip', () => document.activeElement?.classList.contains('total-button'));
  assert.equal(await chip.getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('Enter');
  await notice.waitFor({ state: 'visible', timeout: 5_000 });
  await ui.locator('.notice button[aria-label="Dismiss"]').focus();
  await page.keyboard.press('Escape');
  await notice.waitFor({ state: 'hidden', timeout: 5_000 });
  await waitForFocus(frame, 'Escape in the notice gives the focus to the Problems chip', () => document.activeElement?.classList.contains('total-button'));
  await page.keyboard.press('Enter');
  await ui.locator('.notice button[aria-label="Dismiss"]').focus();
  await page.keyboard.press('Enter');
  await notice.waitFor({ state: 'hidden', timeout: 5_000 });
  await waitForFocus(frame, 'Dismiss gives the focus to the Problems chip', () => document.activeElement?.classList.contains('total-button'));
}

export async function treeRowsSayTheirKindStateAndPlace({ page, repo, screenshot }) {
  const { ui, frame } = await openTrace(page, join(repo, 'test/fixtures/traces/sample.trace.jsonl'), 'sample.trace.jsonl');
  const rows = await ui.locator('.row:not([hidden])').evaluateAll((rs) => rs.map((r) => ({
    name: r.getAttribute('aria-label'), pos: r.getAttribute('aria-posinset'), size: r.getAttribute('aria-setsize'), level: r.getAttribute('aria-level'),
  })));
  const call = rows.find((r) => /^chat, model call, /.test(r.name ?? ''));
  assert.ok(call, `a model call's row says so: ${JSON.stringify(rows)}`);
  assert.match(call.name, /^chat, model call, (ok|failed|violated and repaired|fallback)(, attempt \d+)?, [\d.]+ (ms|s)$/);
  assert.ok(rows.every((r) => Number(r.pos) >= 1 && Number(r.pos) <= Number(r.size)), `every row has its place among its siblings: ${JSON.stringify(rows)}`);
  assert.deepEqual(rows[0], { ...rows[0], pos: '1', size: '1', level: '1' }, 'the root is alone');
  // The totals are no live region; the run's status has one of its own (silent for a recorded trace).
  const live = await frame.evaluate(() => ({
    totals: [document.querySelector('.totals').getAttribute('aria-live'), document.querySelector('.totals').getAttribute('role')],
    status: [...document.querySelectorAll('[role="status"][aria-live="polite"]')].map((e) => e.textContent),
    application: document.querySelector('[role="application"]') !== null,
  }));
  assert.equal(live.totals[0], null, 'the totals are not a live region');
  assert.notEqual(live.totals[1], 'status');
  assert.deepEqual(live.status, [''], 'one live region for the run status, quiet for a recorded trace');
  assert.equal(live.application, false, 'the panel is no role=application');
  await ui.locator('.tree-scroll').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await ui.locator('.row.selected').waitFor({ state: 'visible', timeout: 5_000 });
  await screenshot('keyboard-tree-row-focused');
}

export async function aLongTreeKeepsItsRowsInOrder({ page }) {
  // A workflow with 400 steps, each with an agent: far more rows than the tree renders.
  const lines = [JSON.stringify({ type: 'run', handoffVersion: '0.1.0', startedAt: '2026-01-01T00:00:00.000Z', input: {}, runId: 'run-long', workflow: 'long', file: 'long.agents.yaml' })];
  const t0 = 1767225600000;
  lines.push(JSON.stringify({ type: 'span', phase: 'start', spanId: 'w', kind: 'workflow', name: 'long', start: t0, attributes: {} }));
  for (let i = 0; i < 400; i++) {
    lines.push(JSON.stringify({ type: 'span', phase: 'start', spanId: `s${i}`, parentId: 'w', kind: 'step', name: `step-${i}`, start: t0 + i, attributes: { 'handoff.step': `step-${i}` } }));
    lines.push(JSON.stringify({ type: 'span', phase: 'start', spanId: `a${i}`, parentId: `s${i}`, kind: 'agent', name: `agent-${i}`, start: t0 + i, attributes: {} }));
    lines.push(JSON.stringify({ type: 'span', phase: 'end', spanId: `a${i}`, end: t0 + i + 1, status: 'ok', attributes: {} }));
    lines.push(JSON.stringify({ type: 'span', phase: 'end', spanId: `s${i}`, end: t0 + i + 1, status: 'ok', attributes: {} }));
  }
  lines.push(JSON.stringify({ type: 'span', phase: 'end', spanId: 'w', end: t0 + 401, status: 'ok', attributes: {} }));
  lines.push(JSON.stringify({ type: 'run.end', status: 'ok', output: {} }));
  const file = join(mkdtempSync(join(tmpdir(), 'keyboard-long-')), 'long-tree.trace.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const { ui, frame } = await openTrace(page, file, 'long-tree.trace.jsonl');
  await ui.locator('.tree-scroll').focus();
  await page.keyboard.press('End');
  await ui.locator('.row.selected', { hasText: 'agent-399' }).waitFor({ state: 'visible', timeout: 5_000 });
  for (let i = 0; i < 3; i++) await page.keyboard.press('PageUp');
  await ui.locator('.row.selected').waitFor({ state: 'visible', timeout: 5_000 });
  await frame.waitForFunction(() => {
    const sel = document.querySelector('.row.selected');
    return sel && document.querySelector('.tree-scroll').getAttribute('aria-activedescendant') === sel.id;
  });
  const shown = await ui.locator('.row:not([hidden])').evaluateAll((rs) => rs.map((r) => ({ index: Number(r.dataset.index), name: r.getAttribute('aria-label'), pos: Number(r.getAttribute('aria-posinset')), size: Number(r.getAttribute('aria-setsize')), level: Number(r.getAttribute('aria-level')) })));
  const indexes = shown.map((r) => r.index);
  assert.deepEqual(indexes, [...indexes].sort((a, b) => a - b), `rendered rows are in the DOM in the order shown: ${indexes.join(',')}`);
  assert.ok(indexes.every((x, i) => i === 0 || x === indexes[i - 1] + 1), `and with no gaps: ${indexes.join(',')}`);
  for (const r of shown) {
    // Row 0 is the workflow; then each step (level 2) and its agent (level 3).
    if (r.level === 2) assert.deepEqual([r.pos, r.size], [(r.index - 1) / 2 + 1, 400], JSON.stringify(r));
    if (r.level === 3) assert.deepEqual([r.pos, r.size], [1, 1], JSON.stringify(r));
  }
}

/** A colour as [r, g, b] from rgb()/rgba() or color(srgb …). */
function rgbOf(css) {
  let m = /rgba?\(([^)]+)\)/.exec(css);
  if (m) return m[1].split(/[\s,/]+/).filter(Boolean).slice(0, 3).map(Number);
  m = /color\(srgb ([^)]+)\)/.exec(css);
  if (m) return m[1].split(/\s+/).slice(0, 3).map((x) => Number(x) * 255);
  throw new Error(`colour not understood: ${css}`);
}

function contrast(a, b) {
  const lum = ([r, g, bl]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(bl);
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}


/** In the trace UI frame: a violation's text and background, and the repaired and fallback colours. */
async function lightColours(page, repo) {
  const { ui, frame } = await openTrace(page, join(repo, 'test/fixtures/traces/sample.trace.jsonl'), 'sample.trace.jsonl');
  await ui.locator('.row', { hasText: 'researcher' }).first().click();
  await ui.locator('.details .violation-head').first().waitFor({ state: 'visible', timeout: 10_000 });
  return frame.evaluate(() => {
    const bgOf = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c && c !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(c)) return c;
      }
      return getComputedStyle(document.body).backgroundColor;
    };
    const head = document.querySelector('.details .violation-head');
    const colourOf = (cls) => {
      const probe = document.createElement('span');
      probe.className = cls;
      document.body.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    };
    return { theme: document.body.className, head: getComputedStyle(head).color, headBg: bgOf(head), repaired: colourOf('st-repaired'), fallback: colourOf('st-fallback'), bg: getComputedStyle(document.body).backgroundColor };
  });
}

function checkLight(c) {
  const ratio = contrast(rgbOf(c.head), rgbOf(c.headBg));
  assert.ok(ratio >= 4.5, `${c.theme}: a violation's text is ${ratio.toFixed(2)}:1 (${c.head} on ${c.headBg}), under 4.5:1`);
  const [a, b] = [rgbOf(c.repaired), rgbOf(c.fallback)];
  const distance = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  assert.ok(distance > 40, `${c.theme}: repaired (${c.repaired}) and fallback (${c.fallback}) look alike`);
  for (const [name, colour] of [['repaired', c.repaired], ['fallback', c.fallback]]) {
    const r = contrast(rgbOf(colour), rgbOf(c.bg));
    assert.ok(r >= 3, `${c.theme}: the ${name} colour is ${r.toFixed(2)}:1 on the background`);
  }
}

export async function lightThemesReadAViolationAndTellAFallbackFromARepair({ page, repo, screenshot }) {
  const colours = await lightColours(page, repo);
  assert.match(colours.theme, /vscode-light/, 'the test host starts in a light theme');
  checkLight(colours);
  await screenshot('keyboard-light-theme-details');
  const previous = await pickColorTheme(page, 'Light High Contrast');
  try {
    await page.locator('.monaco-workbench.hc-light').waitFor({ state: 'attached', timeout: 20_000 });
    checkLight(await lightColours(page, repo));
    await screenshot('keyboard-light-high-contrast-details');
  } finally {
    await pickColorTheme(page, previous);
  }
}
