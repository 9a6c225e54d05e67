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
  // Two views share the side bar (Workflows, Recent Runs): a view's title actions show while its header is hovered.
  await page.locator('#workbench\\.parts\\.sidebar .pane-header', { hasText: /^Workflows/i }).first().hover();
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
  await panel.waitFor({ state: 'visible', timeout: 10_000 });
  await content.waitFor({ state: 'attached', timeout: 20_000 }).catch(async () => {
    const toasts = await notifications(page);
    throw new Error(`after "Handoff: Show Trace Panel" the Handoff Trace webview shows neither #root nor "No run yet"; notifications: ${JSON.stringify(toasts)}`);
  });
  await screenshot('workbench-handoff');
}
