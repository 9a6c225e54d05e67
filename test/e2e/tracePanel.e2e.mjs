// The trace viewer in the real workbench: a recorded *.trace.jsonl opens in Handoff's
// read-only custom editor, its span tree renders, and a span's details show the
// validation error with its JSON path highlighted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { quickOpen, traceUi } from './workbench.mjs';

export async function traceFileOpensInTheTraceViewer({ page, repo, screenshot }) {
  const file = join(repo, 'test/fixtures/traces/sample.trace.jsonl');
  await quickOpen(page, file, 'sample.trace.jsonl');
  const frame = traceUi(page);
  const row = frame.locator('.row', { hasText: 'researcher' }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 }).catch(async () => {
    throw new Error(`sample.trace.jsonl did not open in the trace viewer (tabs: ${JSON.stringify(await page.locator('.tabs-container .tab').allTextContents())})`);
  });
  assert.equal(await frame.locator('.title').textContent(), 'triage');
  await row.click();
  const highlighted = frame.locator('.details .violation .hl');
  await highlighted.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await highlighted.textContent(), '"not an array"');
  await screenshot('trace-viewer-sample');
}

export async function revealInDefinitionOpensTheAgent({ page, repo, screenshot }) {
  // A trace of the examples' research workflow: its run record names research.agents.yaml.
  const file = join(repo, 'test/fixtures/traces/research.trace.jsonl');
  await quickOpen(page, file, 'research.trace.jsonl');
  const frame = traceUi(page);
  // Keyboard only: focus the tree, move to the agent row, show its details.
  const tree = frame.locator('.tree-scroll');
  await frame.locator('.row', { hasText: 'lead' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await tree.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await frame.locator('.row.selected', { hasText: 'lead' }).waitFor({ state: 'visible', timeout: 5_000 });
  await frame.locator('button', { hasText: 'Reveal in definition' }).click();
  // The definition opens with the agent's key selected.
  const tab = page.locator('.tabs-container .tab', { hasText: 'research.agents.yaml' });
  await tab.waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.monaco-editor .view-line', { hasText: 'lead:' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  const selected = await page.locator('.monaco-editor .selected-text').count();
  assert.ok(selected > 0, 'the agent key is selected in the definition');
  await screenshot('reveal-in-definition');
}
