/* global document, getComputedStyle -- these run inside the webview frame through frame.evaluate. */
// The trace viewer follows a high-contrast theme: the webview gets VS Code's high-contrast
// body class and the timeline bars take the theme's contrast border. The theme is put back
// afterwards, so the tests after this one see the workbench as it was.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { evaluateInTraceFrame, pickColorTheme, quickOpen, runFromPalette, traceUi } from './workbench.mjs';


export async function traceViewerFollowsHighContrast({ page, repo, screenshot }) {
  // A fresh trace viewer as the only Handoff webview: earlier tests may have this trace open
  // in a tab of its own, and a run shows the Handoff Trace panel (Ctrl+J hides the panel).
  await runFromPalette(page, 'View: Close All Editors');
  const panel = page.locator('#workbench\\.parts\\.panel');
  if (await panel.isVisible()) {
    await page.keyboard.press('Control+J');
    await panel.waitFor({ state: 'hidden', timeout: 10_000 });
  }
  const previous = await pickColorTheme(page, 'Dark High Contrast');
  assert.ok(previous, 'the active theme could not be read from the theme picker');
  try {
    await page.locator('.monaco-workbench.hc-black').waitFor({ state: 'attached', timeout: 20_000 });
    await quickOpen(page, join(repo, 'test/fixtures/traces/sample.trace.jsonl'), 'sample.trace.jsonl');
    const ui = traceUi(page);
    await ui.locator('.row', { hasText: 'researcher' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const seen = await evaluateInTraceFrame(page, () => {
      const bar = document.querySelector('.bar');
      if (!document.querySelector('.tree-scroll') || !bar) return undefined;
      return { bodyClass: document.body.className, barBorder: getComputedStyle(bar).borderTopWidth };
    });
    assert.ok(seen, 'the trace UI frame was not found');
    assert.match(seen.bodyClass, /vscode-high-contrast/, `body class: ${seen.bodyClass}`);
    assert.equal(seen.barBorder, '1px', 'timeline bars have the contrast border');
    await screenshot('trace-viewer-high-contrast');
  } finally {
    await pickColorTheme(page, previous);
  }
}
