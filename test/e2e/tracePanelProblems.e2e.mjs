// A damaged trace in the real trace viewer: what the file holds that does not fit (an end
// before its start, spans whose parents form a loop or are missing, a second run.end) is
// counted in a Problems chip, listed with its line when clicked, and every span is in the
// tree, those that never ended shown so (not running); a problem that names a span selects it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { quickOpen, traceUi } from './workbench.mjs';

export async function damagedTraceListsItsProblems({ page, repo, screenshot }) {
  await quickOpen(page, join(repo, 'test/fixtures/traces/damaged.trace.jsonl'), 'damaged.trace.jsonl');
  const ui = traceUi(page);
  const chip = ui.locator('.total-button', { hasText: 'Problems' });
  await chip.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await chip.innerText(), /Problems\s+\d+/);
  // The end written before its start is joined: the llm span is done, not running.
  for (const name of ['loop-x', 'loop-y', 'orphan-step', 'gpt-4.1-mini']) {
    await ui.locator('.row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
  }
  // A span that never ended, in a run that is over, did not end: it is not shown as running.
  await ui.locator('.row', { hasText: 'orphan-step' }).first().locator('.state-icon[title="did not end"]').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await ui.locator('.state-icon.codicon-modifier-spin').count(), 0, 'nothing spins in a run that is over');
  await chip.click();
  const items = ui.locator('.problem-list li');
  await items.first().waitFor({ state: 'visible', timeout: 10_000 });
  const texts = await items.allInnerTexts();
  assert.ok(texts.some((t) => /^line 3: .*before its start/.test(t)), texts.join('\n'));
  assert.ok(texts.some((t) => /loop/.test(t)), texts.join('\n'));
  assert.ok(texts.some((t) => /parent gone is not in the trace/.test(t)), texts.join('\n'));
  assert.ok(texts.some((t) => /^line 12: .*run\.end/.test(t)), texts.join('\n'));
  await screenshot('trace-viewer-problems');
  // A problem that names a span selects it.
  await ui.locator('.problem-list li a', { hasText: 'orphan' }).first().click();
  await ui.locator('.row.selected', { hasText: 'orphan-step' }).waitFor({ state: 'visible', timeout: 10_000 });
}
