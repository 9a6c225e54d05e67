// Running as a person does: open a definition, click the `▶ Run` CodeLens above the workflow,
// pick an input file, and see the run end in a notification, the last run's summary as a
// CodeLens, and the run in the Recent Runs view of the Handoff side bar. Traces go to a temp folder
// (handoff.traceDirectory), never into the examples.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notifications, quickOpen, runFromPalette, showViewContainer, sideBarTreeLabels, waitForWorkbench } from './workbench.mjs';

const traceDir = mkdtempSync(join(tmpdir(), 'handoff-codelens-e2e-'));
export const hostOptions = { settings: { 'handoff.traceDirectory': traceDir, 'workbench.startupEditor': 'none' } };

/** The Recent Runs view of the Handoff side bar (its pane, header and rows). */
function recentRunsPane(page) {
  return page.locator('#workbench\\.parts\\.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^Recent Runs/i }) }).first();
}

async function openFile(page, name) {
  await quickOpen(page, name);
  await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** Scrolls the editor to a 1-based line with Go to Line, so its CodeLens is rendered. */
async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
}

export async function codeLensRunsTheWorkflow({ page, workspace, screenshot }) {
  await openFile(page, 'support.agents.yaml');
  const lines = readFileSync(join(workspace, 'support.agents.yaml'), 'utf8').split('\n');
  const workflowLine = lines.findIndex((l, i) => l === '  support:' && lines.slice(0, i).some((x) => x === 'workflows:')) + 1;
  assert.ok(workflowLine > 0, 'support.agents.yaml has no workflow named support');
  await goToLine(page, workflowLine);
  const run = page.locator('.monaco-editor .codelens-decoration a', { hasText: '▶ Run' }).first();
  await run.waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot('codelens-before-run');
  await run.click();
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'inputs/ticket-billing.json' }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  // Each input file says whether it fits the workflow's input contract; those that fit come first.
  await row.locator('text=fits Ticket@1').waitFor({ state: 'visible', timeout: 15_000 });
  const rows = await page.locator('.quick-input-list .monaco-list-row').allTextContents();
  const at = (name) => rows.findIndex((r) => r.includes(name));
  assert.match(rows[at('inputs/question-research.json')] ?? '', /breaks Ticket@1 at \/id: is required but missing/, JSON.stringify(rows));
  assert.ok(at('inputs/ticket-howto.json') < at('inputs/question-research.json'), `fitting files first: ${JSON.stringify(rows)}`);
  await screenshot('run-input-picker');
  await row.click();
  const done = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /workflow support — ok · / }).first();
  await done.waitFor({ state: 'visible', timeout: 30_000 }).catch(async () => {
    throw new Error(`no run notification; notifications: ${JSON.stringify(await notifications(page))}`);
  });
  const summary = page.locator('.monaco-editor .codelens-decoration a', { hasText: /^ok · .* · 1 violation$/ }).first();
  await summary.waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(readdirSync(traceDir).filter((f) => f.endsWith('.trace.jsonl')).length, 1, 'one trace written to handoff.traceDirectory');
  await screenshot('codelens-after-run');
  // The run fed the trace panel live: its webview shows the run's agents.
  const frame = page.frameLocator('iframe.webview[src*="extensionId=handoff.handoff"]').first().frameLocator('#active-frame');
  await frame.getByText('triager').first().waitFor({ state: 'visible', timeout: 20_000 });
  // The scripted provider reports no token usage: the panel says so instead of "0 in / 0 out" and "$0.0000".
  const tokens = frame.locator('.total', { hasText: 'Tokens' }).first();
  await tokens.waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal((await tokens.textContent()).trim(), 'Tokens —');
  assert.equal(await tokens.getAttribute('title'), 'No model call reported token usage (the scripted provider never does)');
  const cost = frame.locator('.total', { hasText: 'Cost' }).first();
  assert.equal((await cost.textContent()).trim(), 'Cost —');
  assert.equal(await cost.getAttribute('title'), 'No token usage to price');
  await screenshot('trace-panel-after-run');

  await showViewContainer(page, 'Handoff');
  // Recent Runs is a view of its own in the Handoff side bar, below Workflows: its rows show
  // without scrolling past the definitions.
  const recent = recentRunsPane(page);
  await recent.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
    throw new Error(`no Recent Runs view; the side bar shows ${JSON.stringify(await sideBarTreeLabels(page))}`);
  });
  const runRow = recent.locator('[role="treeitem"]', { hasText: /support.*ok · / }).first();
  await runRow.waitFor({ state: 'visible', timeout: 15_000 });
  await screenshot('workflows-view-recent-runs');

  // The row's inline actions get the row itself: Replay Run, then Open Trace.
  await runRow.hover();
  await runRow.locator('.action-label[aria-label^="Replay Run"]').click();
  await page.locator('.notifications-toasts .notification-list-item-message', { hasText: /workflow support \(replay\) — ok · / }).first().waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(readdirSync(traceDir).filter((f) => f.endsWith('.trace.jsonl')).length, 2, 'the replay wrote its own trace');
  // The replay is listed too once the view has refreshed; then the newest row opens its trace.
  const runRows = recent.locator('[role="treeitem"]', { hasText: /support.*ok · / });
  await runRows.nth(1).waitFor({ state: 'visible', timeout: 15_000 });
  await runRows.first().hover();
  await runRows.first().locator('.action-label[aria-label^="Open Trace"]').click();
  await page.locator('.tabs-container .tab', { hasText: '.trace.jsonl' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  // The trace viewer (the Handoff webview that is not the panel's webview view) shows the
  // run, not just a tab: its span tree has the run's rows.
  const viewer = page.locator('iframe.webview[src*="extensionId=handoff.handoff"]:not([src*="purpose=webviewView"])').last().contentFrame().locator('#active-frame').contentFrame();
  await viewer.locator('[role="treeitem"]', { hasText: 'billing_agent' }).first().waitFor({ state: 'visible', timeout: 20_000 });
  // The panel showed the replay live; its totals are the replay's, the same as the file's (they
  // once stayed those of the run before, whose model had reached the same version number).
  const panel = page.locator('iframe.webview[src*="extensionId=handoff.handoff"][src*="purpose=webviewView"]').contentFrame().locator('#active-frame').contentFrame();
  const wall = (ui) => ui.locator('.total', { hasText: 'Wall' }).first().textContent();
  assert.equal(await wall(panel), await wall(viewer));
  await screenshot('trace-opened-from-recent-runs');

  // Delete Run… from the row's context menu, after a modal confirmation: the older run goes.
  const before = readdirSync(traceDir).filter((f) => f.endsWith('.trace.jsonl'));
  await runRows.nth(1).click({ button: 'right' });
  // VS Code's menus act on the item that has the focus; hovering gives it the focus.
  const item = page.getByRole('menuitem', { name: 'Delete Run…' });
  await item.hover();
  await page.keyboard.press('Enter');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.getByText(/^Delete the recorded run of workflow support \(/).waitFor({ state: 'visible', timeout: 15_000 });
  await screenshot('delete-run-confirmation');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await runRows.nth(1).waitFor({ state: 'detached', timeout: 15_000 });
  const after = readdirSync(traceDir).filter((f) => f.endsWith('.trace.jsonl'));
  assert.equal(after.length, before.length - 1, `one trace deleted: ${JSON.stringify({ before, after })}`);
  assert.equal(await runRows.count(), 1);
}

export async function typedInputIsCheckedAgainstTheContract({ page, workspace, screenshot }) {
  // The test before leaves a trace viewer focused, a webview that keeps key presses such as
  // Quick Open's: click the definition's tab when it is open, open it otherwise.
  const tab = page.locator('.tabs-container .tab', { hasText: 'support.agents.yaml' }).first();
  if (await tab.isVisible()) {
    await tab.click();
    await page.locator('.monaco-editor.focused').first().waitFor({ state: 'visible', timeout: 15_000 });
  } else await openFile(page, 'support.agents.yaml');
  const lines = readFileSync(join(workspace, 'support.agents.yaml'), 'utf8').split('\n');
  await goToLine(page, lines.findIndex((l, i) => l === '  support:' && lines.slice(0, i).some((x) => x === 'workflows:')) + 1);
  await page.locator('.monaco-editor .codelens-decoration a', { hasText: '▶ Run' }).first().click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Type JSON…' }).first().click();
  const input = page.locator('.quick-input-widget input.input');
  const message = page.locator('.quick-input-widget .quick-input-message');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  // JSON that breaks the input contract is a warning (it may be what is being tried); text that is no JSON is an error.
  await input.fill('{"question": "where is my refund?"}');
  await message.filter({ hasText: 'The input breaks Ticket@1 at /id: is required but missing' }).waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await page.locator('.quick-input-widget .monaco-inputbox').getAttribute('class'), /warning/);
  await screenshot('run-typed-input-warning');
  await input.fill('{"question": ');
  await message.filter({ hasText: /^Not JSON/ }).waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await page.locator('.quick-input-widget .monaco-inputbox').getAttribute('class'), /error/);
  const ticket = readFileSync(join(workspace, 'inputs/ticket-billing.json'), 'utf8').replace(/\s*\n\s*/g, ' ');
  await input.fill(ticket);
  await message.filter({ hasText: /breaks|Not JSON/ }).waitFor({ state: 'hidden', timeout: 15_000 });
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
}

export async function runTimeViolationsComeBackAfterAReload({ page, screenshot }) {
  // The run's violations are diagnostics in memory; the window reloads, and those of the last
  // run of each target are read back from its trace (the CodeLens, from the history, still
  // says "1 violation").
  const tab = page.locator('.tabs-container .tab', { hasText: 'support.agents.yaml' }).first();
  if (await tab.isVisible()) await tab.click();
  await runFromPalette(page, 'Developer: Reload Window');
  await waitForWorkbench(page);
  // The status bar's problems item opens the Problems view (a tab click can lose to the panel
  // restoring its last view); its count is on the item once the diagnostics are in.
  const problems = page.locator('#status\\.problems');
  await problems.filter({ hasText: '2' }).waitFor({ state: 'visible', timeout: 30_000 });
  await problems.click();
  const violation = page.locator('.markers-panel .monaco-list-row', { hasText: 'Run-time violation of Triage@2 at /urgency' });
  await violation.first().waitFor({ state: 'visible', timeout: 30_000 });
  // One on the contract and one on the agent that produced the value.
  await violation.nth(1).waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await violation.first().textContent(), /repaired by a retry/);
  await screenshot('violations-after-reload');

  // The trace panel shows, in the new window, the last run it showed (the replay, read back
  // from its trace file), and offers the other recorded runs from its header.
  await page.locator('#workbench\\.parts\\.panel .action-label', { hasText: 'Handoff Trace' }).first().click();
  // The only Handoff webview now (the trace tab is not the active editor); a view restored by
  // the reload has no `purpose=webviewView` in its address.
  const panel = page.locator('iframe.webview[src*="extensionId=handoff.handoff"]').first().contentFrame().locator('#active-frame').contentFrame();
  await panel.locator('[role="treeitem"]', { hasText: 'billing_agent' }).first().waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await panel.locator('h1.title').textContent(), 'support');
  assert.equal(await panel.getByText('No run yet.').isVisible(), false);
  await screenshot('trace-panel-after-reload');
  await panel.getByRole('button', { name: 'Open a Recorded Run…' }).click();
  const pick = page.locator('.quick-input-widget');
  await pick.locator('.quick-input-title', { hasText: 'Open Trace' }).waitFor({ state: 'visible', timeout: 15_000 });
  const rows = pick.locator('.quick-input-list .monaco-list-row');
  await rows.filter({ hasText: 'Browse…' }).waitFor({ state: 'visible', timeout: 15_000 });
  const runRow = rows.filter({ hasText: /support.*ok · .* · 1 violation/ }).first();
  await runRow.waitFor({ state: 'visible', timeout: 15_000 });
  await screenshot('open-recorded-run-picker');
  await runRow.click();
  await page.locator('.tabs-container .tab.active', { hasText: '.trace.jsonl' }).waitFor({ state: 'visible', timeout: 15_000 });
}
