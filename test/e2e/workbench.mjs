// Helpers for driving the VS Code workbench in the browser with playwright-core. Selectors
// are the workbench's own (ARIA roles and part ids), which are stable across releases.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Resolves once the workbench is up and the window shows the folder. */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.waitForSelector('.monaco-workbench', { timeout });
  await page.waitForSelector('#workbench\\.parts\\.statusbar', { timeout });
}

/** Runs a command through the command palette (F1, type, Enter), as a person would. */
export async function runFromPalette(page, title, timeout = 15_000) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`>${title}`);
  // Wait for the exact entry before pressing Enter, so Enter never picks a stale list.
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout });
}

/** The activity-bar entry for a view container, found by its title. */
export function activityBarItem(page, title) {
  return page.locator(`#workbench\\.parts\\.activitybar .action-item[role="tab"] [aria-label^="${title}"], #workbench\\.parts\\.activitybar li.action-item[aria-label^="${title}"]`).first();
}

/** Opens a view container in the side bar by its activity-bar entry (never toggles it shut). */
export async function showViewContainer(page, title, timeout = 20_000) {
  const item = activityBarItem(page, title);
  await item.waitFor({ state: 'visible', timeout });
  const tab = page.locator(`#workbench\\.parts\\.activitybar li.action-item[role="tab"]:has([aria-label^="${title}"]), #workbench\\.parts\\.activitybar li.action-item[role="tab"][aria-label^="${title}"]`).first();
  const selected = (await tab.getAttribute('aria-selected').catch(() => null)) === 'true';
  const sideBarVisible = await page.locator('#workbench\\.parts\\.sidebar').isVisible();
  if (!(selected && sideBarVisible)) await item.click();
  await page.locator('#workbench\\.parts\\.sidebar').waitFor({ state: 'visible', timeout });
}

/** Tree rows of the side bar, as their accessible names. */
export async function sideBarTreeLabels(page) {
  return page.locator('#workbench\\.parts\\.sidebar [role="treeitem"]').evaluateAll((rows) =>
    rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''),
  );
}

/** Text of every notification toast currently shown. */
export async function notifications(page) {
  return page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
}

/**
 * Opens a file through Quick Open: types `text` (a name or an absolute path) and clicks the
 * entry that shows `entry`. A click, not Enter: Quick Open lists recently opened files
 * first, and Enter would take whichever row has the focus.
 */
export async function quickOpen(page, text, entry = text, timeout = 15_000) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: entry }).first().click({ timeout });
}

/** Resolves once the workbench says it is in Restricted Mode (status bar entry and/or banner). */
export async function waitForRestrictedMode(page, timeout = 20_000) {
  await page.locator('#workbench\\.parts\\.statusbar, .monaco-workbench .banner').getByText(/Restricted Mode/).first().waitFor({ state: 'visible', timeout });
}

/** The content of the last Handoff webview (the trace viewer tab most recently opened). */
export function traceUi(page) {
  return page.frameLocator('iframe.webview[src*="extensionId=handoff.handoff"]').last().frameLocator('#active-frame');
}

/**
 * Runs `probe` in every frame of the page and returns the first answer that is not
 * undefined (for reading the trace UI's DOM with frame.evaluate).
 */
export async function evaluateInTraceFrame(page, probe) {
  for (const frame of page.frames()) {
    const found = await frame.evaluate(probe).catch(() => undefined);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Records a run of the workspace's examples with `handoff run` (the built CLI, scripted
 * provider) into `.handoff/runs/NAME.trace.jsonl`; `remove()` deletes it, and `.handoff/`
 * too when this made it.
 */
export function recordRun({ repo, workspace }, name, args) {
  const handoffDir = join(workspace, '.handoff');
  const created = !existsSync(handoffDir);
  mkdirSync(join(handoffDir, 'runs'), { recursive: true });
  const trace = join(handoffDir, 'runs', `${name}.trace.jsonl`);
  const remove = () => {
    rmSync(trace, { force: true });
    if (created) rmSync(handoffDir, { recursive: true, force: true });
  };
  const run = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'run', ...args, '--provider', 'scripted', '--trace', trace], { cwd: workspace, encoding: 'utf8' });
  if (run.status !== 0) {
    remove();
    throw new Error(`handoff run failed (exit ${run.status}):\n${run.stderr}`);
  }
  return { trace, file: `${name}.trace.jsonl`, remove };
}

/** Picks a colour theme by its label; returns the label of the theme that was active. */
export async function pickColorTheme(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill('>Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ }).first().click();
  // The theme list opens with the active theme focused.
  const focused = page.locator('.quick-input-list .monaco-list-row.focused').first();
  await focused.waitFor({ state: 'visible', timeout: 15_000 });
  const previous = (await focused.locator('.label-name').first().textContent())?.trim();
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row .label-name', { hasText: new RegExp(`^${label}$`) }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
  return previous;
}
