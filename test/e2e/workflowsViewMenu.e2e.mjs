// The Workflows view's rows can be run from the keyboard: Shift+F10 on a workflow row opens
// its context menu with Run Workflow…, on an agent row with Run Agent… (the inline buttons
// show only on hover or focus, and are not in the tab order).
import assert from 'node:assert/strict';
import { runFromPalette, showViewContainer } from './workbench.mjs';

const sideBarRow = (page, text, attrs = '') => page.locator(`#workbench\\.parts\\.sidebar [role="treeitem"]${attrs}`, { hasText: text }).first();

/** Expands the first side bar row that reads `text` (a test before may have collapsed them all). */
async function expand(page, text) {
  const row = sideBarRow(page, text);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
  await sideBarRow(page, text, '[aria-expanded="true"]').waitFor({ state: 'visible', timeout: 10_000 });
}

/** Focuses the side bar row whose label is `name` and whose icon is `icon`. */
async function focusRow(page, name, icon) {
  const row = page.locator(`#workbench\\.parts\\.sidebar [role="treeitem"]:has(.codicon-${icon})`, { hasText: new RegExp(`^${name}`) }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  // A click selects and focuses the row (and opens the definition at it, keeping the focus).
  await row.click();
  await page.locator('#workbench\\.parts\\.sidebar [role="treeitem"].focused', { hasText: new RegExp(`^${name}`) }).waitFor({ state: 'visible', timeout: 5_000 });
  return row;
}

async function contextMenuOf(page) {
  await page.keyboard.press('Shift+F10');
  const menu = page.locator('.context-view .monaco-menu, .monaco-menu-container .monaco-menu').first();
  await menu.waitFor({ state: 'visible', timeout: 10_000 });
  const items = await menu.locator('.action-label').allTextContents();
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden', timeout: 10_000 });
  return items.map((t) => t.trim()).filter(Boolean);
}

export async function workflowAndAgentRowsRunFromTheirContextMenu({ page, screenshot }) {
  await runFromPalette(page, 'View: Close All Editors');
  await showViewContainer(page, 'Handoff');
  // From the same state whatever ran before: all collapsed, then the rows needed expanded.
  await sideBarRow(page, /^analytics\.agents\.yaml/).waitFor({ state: 'visible', timeout: 20_000 });
  // Two views share the side bar (Workflows, Recent Runs): a view's title actions show while its header is hovered.
  await page.locator('#workbench\\.parts\\.sidebar .pane-header', { hasText: /^Workflows/i }).first().hover();
  await page.locator('#workbench\\.parts\\.sidebar .action-label[aria-label^="Collapse All"]').first().click();
  await sideBarRow(page, /^analytics\.agents\.yaml/, '[aria-expanded="false"]').waitFor({ state: 'visible', timeout: 10_000 });
  await expand(page, /^analytics\.agents\.yaml/);
  await expand(page, /^Workflows/);
  await expand(page, /^Agents/);
  await focusRow(page, 'analytics', 'type-hierarchy');
  const workflowMenu = await contextMenuOf(page);
  assert.ok(workflowMenu.includes('Run Workflow…'), `the workflow row's menu: ${JSON.stringify(workflowMenu)}`);
  await focusRow(page, 'planner', 'hubot');
  await page.keyboard.press('Shift+F10');
  await page.locator('.context-view .monaco-menu, .monaco-menu-container .monaco-menu').first().waitFor({ state: 'visible', timeout: 10_000 });
  await screenshot('workflows-agent-row-context-menu');
  await page.keyboard.press('Escape');
  const agentMenu = await contextMenuOf(page);
  assert.ok(agentMenu.includes('Run Agent…'), `the agent row's menu: ${JSON.stringify(agentMenu)}`);
}
