// The Handoff side bar as a new user meets it after a first run: Run Agent… asks for "an
// agent"; the run's violation marks the definition file's row in the Workflows view (its
// problem count and colour) and not every workflow, agent and contract row of that file; the
// run is in the Recent Runs view, found without scrolling past the definitions, and its row
// is not cut at the side bar's default width.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityBarItem, notifications, runFromPalette, showViewContainer, sideBarTreeLabels } from './workbench.mjs';

// A host of its own, with its traces in a temp folder (never in the examples): sharing
// run-codelens's, its run added a trace and a violation that test counts.
const traceDir = mkdtempSync(join(tmpdir(), 'handoff-newuser-e2e-'));
export const hostOptions = { settings: { 'handoff.traceDirectory': traceDir, 'workbench.startupEditor': 'none' } };

const sideBar = (page) => page.locator('#workbench\\.parts\\.sidebar');
const pane = (page, title) => sideBar(page).locator('.pane', { has: page.locator('.pane-header', { hasText: new RegExp(`^${title}`, 'i') }) }).first();
/** Whether a tree row carries a file decoration: the problems badge or colour VS Code puts on a resource. */
const decorated = (row) => row.evaluate((el) => /monaco-decoration-(badge|itemColor)/.test(el.innerHTML));

async function pick(page, text) {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

export async function sideBarAfterAFirstRun({ page, screenshot }) {
  // The palette lists Handoff's commands once the extension is registered (its activity-bar entry shows).
  await activityBarItem(page, 'Handoff').waitFor({ state: 'visible', timeout: 40_000 });
  await runFromPalette(page, 'View: Close All Editors');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget:not(.quick-input-widget-closing) input.input');
  await input.fill('>Handoff: Run Agent…');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Handoff: Run Agent…' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Run Agent' }).waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await input.getAttribute('placeholder'), 'Pick an agent to run');
  await screenshot('newuser-run-agent-picker');
  await pick(page, /^triager/);
  await pick(page, 'inputs/ticket-billing.json');
  const done = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /agent triager — ok · .* · 1 violation/ }).first();
  await done.waitFor({ state: 'visible', timeout: 30_000 }).catch(async () => {
    throw new Error(`no run notification; notifications: ${JSON.stringify(await notifications(page))}`);
  });

  await showViewContainer(page, 'Handoff');
  const workflows = pane(page, 'Workflows');
  // All collapsed (the files are expanded at first, support.agents.yaml last), then its rows.
  await workflows.locator('[role="treeitem"]').first().waitFor({ state: 'visible', timeout: 20_000 });
  await workflows.hover();
  await workflows.locator('.action-label[aria-label^="Collapse All"]').first().click();
  const fileRow = workflows.locator('[role="treeitem"]', { hasText: /^support\.agents\.yaml/ }).first();
  await fileRow.waitFor({ state: 'visible', timeout: 20_000 });
  for (const row of [fileRow, workflows.locator('[role="treeitem"]', { hasText: /^Agents/ }).first(), workflows.locator('[role="treeitem"]', { hasText: /^Workflows/ }).first()]) {
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
  }
  const agentRow = workflows.locator('[role="treeitem"]:has(.codicon-hubot)', { hasText: /^triager/ }).first();
  await agentRow.waitFor({ state: 'visible', timeout: 15_000 });
  // The file row carries the file's problems once the violation is in Problems; its agent row does not.
  await fileRow.locator('[class*="monaco-decoration-badge"], [class*="monaco-decoration-itemColor"]').first().waitFor({ state: 'attached', timeout: 15_000 }).catch(() => undefined);
  assert.equal(await decorated(fileRow), true, 'the file row shows no problem badge');
  const entryRows = workflows.locator('[role="treeitem"]').filter({ has: page.locator('.codicon-hubot, .codicon-type-hierarchy, .codicon-symbol-interface') });
  const n = await entryRows.count();
  assert.ok(n >= 3, `entry rows: ${n}`);
  for (let i = 0; i < n; i++) assert.equal(await decorated(entryRows.nth(i)), false, `row "${await entryRows.nth(i).textContent()}" carries the file's problems`);
  await screenshot('newuser-workflows-badge-on-file-row-only');

  // The runs: their own view, on screen at once, the row whole at the default width.
  const runs = pane(page, 'Recent Runs');
  await runs.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
    throw new Error(`no Recent Runs view; the side bar shows ${JSON.stringify(await sideBarTreeLabels(page))}`);
  });
  const runRow = runs.locator('[role="treeitem"]', { hasText: /agent triager.*ok · 1 violation/ }).first();
  await runRow.waitFor({ state: 'visible', timeout: 15_000 });
  assert.ok(await runRow.isVisible(), 'the run row is not on screen');
  const cut = await runRow.evaluate((el) => {
    const label = el.querySelector('.monaco-icon-label-container') ?? el;
    return { scroll: label.scrollWidth, client: label.clientWidth, text: el.textContent };
  });
  assert.ok(cut.scroll <= cut.client + 1, `the run row is cut: ${JSON.stringify(cut)}`);
  await screenshot('newuser-recent-runs-view');
}
