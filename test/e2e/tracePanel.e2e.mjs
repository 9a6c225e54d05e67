// The trace viewer in the real workbench: a recorded *.trace.jsonl opens in Handoff's
// read-only custom editor, its span tree renders, and a span's details show the
// validation error with its JSON path highlighted.
import assert from 'node:assert/strict';
import { join } from 'node:path';

function traceFrame(page) {
  // Webviews live in an overlay outside the editor's DOM: find Handoff's by its extension id.
  return page.frameLocator('iframe.webview[src*="extensionId=handoff.handoff"]').last().frameLocator('#active-frame');
}

export async function traceFileOpensInTheTraceViewer({ page, repo, screenshot }) {
  const file = join(repo, 'test/fixtures/traces/sample.trace.jsonl');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'sample.trace.jsonl' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  const frame = traceFrame(page);
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
