// Workbench checks that need the DOM: the Workflows view and the trace panel's webview.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { notifications, showViewContainer, runFromPalette, sideBarTreeLabels } from './workbench.mjs';

export async function workflowsViewListsTheExamples({ page, workspace }) {
  const expected = readdirSync(workspace).filter((f) => /\.agents\.ya?ml$/.test(f)).sort();
  assert.ok(expected.length > 0, `no *.agents.yaml files in ${workspace}`);
  await showViewContainer(page, 'Handoff');
  const rows = page.locator('#workbench\\.parts\\.sidebar [role="treeitem"]');
  await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
  // The tree renders only the rows in view: collapse it so every file's row is on screen.
  await page.locator('#workbench\\.parts\\.sidebar .action-label[aria-label^="Collapse All"]').first().click();
  // The tree fills asynchronously: wait until a row names each example file.
  for (const name of expected) {
    await page
      .locator('#workbench\\.parts\\.sidebar [role="treeitem"]', { hasText: name })
      .first()
      .waitFor({ state: 'visible', timeout: 20_000 })
      .catch(async () => {
        throw new Error(`the Workflows view does not list ${name}; it shows: ${JSON.stringify(await sideBarTreeLabels(page))}`);
      });
  }
}

export async function tracePanelWebviewRenders({ page, screenshot }) {
  // With the Handoff side bar open too, the screenshot shows the whole extension at once.
  await showViewContainer(page, 'Handoff');
  await runFromPalette(page, 'Handoff: Show Trace Panel');
  const panel = page.locator('#workbench\\.parts\\.panel');
  // Webviews live in an overlay outside the part's DOM: find Handoff's by its extension id.
  const frame = page.frameLocator('iframe.webview[src*="extensionId=handoff.handoff"]').first().frameLocator('#active-frame');
  const content = frame.locator('#root').or(frame.getByText('No run yet')).first();
  const shown = await content.waitFor({ state: 'attached', timeout: 10_000 }).then(() => true, () => false);
  if (!shown) {
    // The command may still be the "not built yet" stub: say so, then open the view
    // container directly so the webview itself is still checked.
    const toasts = await notifications(page);
    const stub = toasts.find((t) => /not built yet/.test(t));
    if (stub) console.log(`    (note: ${stub.trim()} — opening the Handoff Trace view directly)`);
    await runFromPalette(page, 'Handoff Trace: Focus on Handoff Trace View');
    await panel.waitFor({ state: 'visible', timeout: 10_000 });
    await content.waitFor({ state: 'attached', timeout: 20_000 }).catch(async () => {
      await screenshot('trace-panel-empty');
      throw new Error('the Handoff Trace webview shows neither #root nor "No run yet" (is a WebviewViewProvider registered for handoff.tracePanel?)');
    });
  }
  await screenshot('workbench-handoff');
}
