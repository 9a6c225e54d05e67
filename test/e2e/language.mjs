// Helpers for the language e2e tests: scratch definition files (a typo and a mismatched
// handoff) written into a folder of the workspace and always removed, and opening a file
// through Quick Open.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROKEN, CONTRACTS } from '../fixtures/editor/claims.mjs';
import { runFromPalette } from './workbench.mjs';

/** Writes the scratch files, runs the body, and always removes them. */
export async function withScratch(workspace, name, file, body) {
  const dir = join(workspace, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'contracts.agents.yaml'), CONTRACTS);
  // A file name of its own per test: Quick Open's history must not offer an earlier test's file.
  writeFileSync(join(dir, file), BROKEN);
  try {
    await body();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Opens a file by Quick Open; when the file search has not indexed a just-written file yet,
 * through File: Open File… with its absolute path (code-server's simple file dialog).
 */
export async function openFile(page, name, absolutePath) {
  // A tab of the same name from an earlier test must not pass for this one.
  await runFromPalette(page, 'View: Close All Editors');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(name);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  const found = await row.waitFor({ state: 'visible', timeout: 20_000 }).then(() => true, () => false);
  if (found) {
    await page.keyboard.press('Enter');
  } else {
    if (!absolutePath) throw new Error(`Quick Open does not find ${name}`);
    // Quick Open is still showing: turn it into the command palette and run Open File…,
    // whose simple dialog is another quick input that starts with a folder path.
    await input.fill('>File: Open File...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'File: Open File...' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => globalThis.document.querySelector('.quick-input-widget input.input')?.value.startsWith('/'), null, { timeout: 15_000 });
    await input.fill(absolutePath);
    await page.keyboard.press('Enter');
  }
  await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
}
