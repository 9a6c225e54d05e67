/* global document, window -- these run inside the webview frame through frame.evaluate. */
// A trace file's tab while it loads, a damaged trace's Problems list, and replayed calls, in
// the real workbench. Opened right after the window opens, a *.trace.jsonl tab says "Loading
// <file>…" until its spans are drawn, never "No run yet" (the empty panel's text); the time
// each step of that load takes is printed. A damaged file lists each skipped line with its
// number and why, the torn last line too; a rerun's replayed calls are marked in the tree.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { evaluateInTraceFrame, quickOpen, traceUi } from './workbench.mjs';

/** The text and timings of the trace webview whose body says it shows `mode`, if any. */
const probe = () => {
  const app = window.handoffPanel;
  if (!document.body?.dataset?.mode || !document.getElementById('root')) return undefined;
  return {
    text: document.getElementById('root').innerText,
    rows: document.querySelectorAll('.row').length,
    timing: app ? { ...app.timing } : undefined,
    states: app ? [...app.states] : [],
    origin: performance.timeOrigin,
  };
};

// Named to sort first (a module's exports run in name order): it opens a trace right after the window opens.
export async function aTraceFileOpenedFirstSaysLoadingNotNoRunYet({ page, repo }) {
  const t0 = Date.now();
  await quickOpen(page, join(repo, 'test/fixtures/traces/skipped.trace.jsonl'), 'skipped.trace.jsonl');
  const clicked = Date.now();
  // Waits for the rows, then reads what the panel showed before them: it records each state it
  // draws (window.handoffPanel.states), so no state is missed between two looks.
  await traceUi(page).locator('.row').first().waitFor({ state: 'visible', timeout: 30_000 });
  const s = await evaluateInTraceFrame(page, probe);
  assert.ok(s?.timing, 'the trace frame was found');
  const t = s.timing;
  const rel = (x) => (x === undefined ? '—' : `${Math.round(x - clicked)} ms`);
  console.log(`    load of a trace tab, from the Quick Open click (${clicked - t0} ms to open it):`);
  console.log(`      webview document starts   ${rel(s.origin)}`);
  console.log(`      panel script runs          ${rel(t.script)}`);
  console.log(`      ready posted               ${rel(t.ready)}`);
  console.log(`      init received              ${rel(t.init)}`);
  console.log(`      reset received             ${rel(t.reset)}`);
  console.log(`      trace text received        ${rel(t.text)}`);
  console.log(`      loaded / drawn             ${rel(t.loaded)} / ${rel(t.drawn)}`);
  console.log(`      rows seen by the test      ${Date.now() - clicked} ms`);
  console.log(`      states shown: ${s.states.join(' → ')}`);
  assert.equal(s.states.at(-1), 'spans', JSON.stringify(s.states));
  assert.ok(!s.states.includes('no run yet'), `"No run yet" was shown while the trace loaded: ${JSON.stringify(s.states)}`);
  // Whatever is said before the spans is the loading state.
  for (const x of s.states.slice(0, -1)) assert.match(x, /^Loading (the trace|skipped\.trace\.jsonl)…$/, JSON.stringify(s.states));
}

export async function damagedTraceListsEachSkippedLine({ page, repo, screenshot }) {
  await quickOpen(page, join(repo, 'test/fixtures/traces/skipped.trace.jsonl'), 'skipped.trace.jsonl');
  const ui = traceUi(page);
  const chip = ui.locator('.total-button', { hasText: 'Problems' });
  await chip.waitFor({ state: 'visible', timeout: 30_000 });
  const skipped = ui.locator('.total', { hasText: 'Skipped lines' });
  assert.match(await skipped.innerText(), /Skipped lines\s+3/);
  await chip.click();
  const items = ui.locator('.problem-list li');
  await items.first().waitFor({ state: 'visible', timeout: 10_000 });
  const texts = await items.allInnerTexts();
  assert.ok(texts.includes('line 21: not JSON'), texts.join('\n'));
  assert.ok(texts.some((t) => /^line 30: not a trace record: span end: status/.test(t)), texts.join('\n'));
  assert.ok(texts.some((t) => /^line 44: the last line is cut short/.test(t)), texts.join('\n'));
  await screenshot('trace-viewer-skipped-lines');
}

export async function replayedCallsAreMarkedInTheTree({ page, repo, screenshot }) {
  await quickOpen(page, join(repo, 'test/fixtures/traces/rerun.trace.jsonl'), 'rerun.trace.jsonl');
  const ui = traceUi(page);
  const triager = ui.locator('.row', { hasText: 'triager' }).first();
  await triager.waitFor({ state: 'visible', timeout: 30_000 });
  await triager.locator('.badge.replayed').waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await triager.getAttribute('aria-label'), /replayed$/);
  // The writer answered live: no badge.
  const writer = ui.locator('.row', { hasText: 'writer' }).first();
  assert.equal(await writer.locator('.badge.replayed').isVisible(), false);
  await triager.click();
  const answered = ui.locator('.details dd', { hasText: 'from a recorded run' });
  await answered.waitFor({ state: 'visible', timeout: 10_000 });
  await screenshot('trace-viewer-replayed');
}
