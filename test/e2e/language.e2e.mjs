// The contract-aware editor in the workbench: a definition file with a typo and a
// mismatched handoff shows its diagnostics in the Problems panel (screenshot), and a hover
// over a contract name shows its type; a contract pattern the linear-time matcher cannot run
// is an info naming the construct.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openFile, withScratch } from './language.mjs';
import { runFromPalette, showViewContainer, sideBarTreeLabels } from './workbench.mjs';

export async function problemsPanelShowsTheBrokenHandoff({ page, workspace, screenshot }) {
  await withScratch(workspace, 'e2e-language-ui', 'ui-broken.agents.yaml', async () => {
    // Never opened: a closed file of the workspace is checked and listed all the same.
    await runFromPalette(page, 'View: Focus Problems');
    const panel = page.locator('#workbench\\.parts\\.panel');
    // The rows come from the checker's diagnostics: the typo with its suggestion, and the mismatch.
    await panel.getByText(/asessor/).first().waitFor({ state: 'visible', timeout: 30_000 });
    await panel.getByText(/handoff-mismatch/).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot('language-problems');
  });
}

export async function hoverShowsTheContractType({ page, workspace, screenshot }) {
  await withScratch(workspace, 'e2e-language-hover', 'ui-hover.agents.yaml', async () => {
    await openFile(page, 'ui-hover.agents.yaml', join(workspace, 'e2e-language-hover', 'ui-hover.agents.yaml'));
    const token = page.locator('.monaco-editor .view-line span', { hasText: /^Assessment$/ }).first();
    await token.waitFor({ state: 'visible', timeout: 15_000 });
    // The hover appears after the editor's hover delay, once the language features answer:
    // hover again (bounded) if the first one came before they were ready.
    const shown = page.locator('.monaco-hover').getByText(/contract Assessment@1/).first();
    for (let attempt = 0; ; attempt++) {
      await page.mouse.move(5, 5);
      await token.hover();
      const ok = await shown.waitFor({ state: 'visible', timeout: 7_000 }).then(() => true, () => false);
      if (ok) break;
      if (attempt === 2) throw new Error('no hover with the contract type after 3 attempts');
    }
    await screenshot('language-hover');
  });
}

export async function problemsPanelShowsASlowPattern({ page, workspace, screenshot }) {
  // The folder is made outside the workspace and moved in: VS Code then hears of the folder
  // only, never of the file inside (as after a checkout or a copy of a folder).
  const staging = join(dirname(workspace), 'test-results', 'staging-e2e-language-pattern');
  const dir = join(workspace, 'e2e-language-pattern');
  for (const d of [staging, dir]) rmSync(d, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(
    join(staging, 'ui-pattern.agents.yaml'),
    [
      'handoff: 1',
      'contracts:',
      '  Password:',
      '    version: 1',
      '    schema:',
      '      type: object',
      '      properties:',
      '        secret: { type: string, pattern: "^(?=.*\\\\d)(\\\\w+\\\\s?)*$" }',
      '        nested: { type: string, pattern: "^(a+)+$" }',
      '',
    ].join('\n'),
  );
  renameSync(staging, dir);
  const panel = page.locator('#workbench\\.parts\\.panel');
  const filter = panel.getByPlaceholder(/^Filter \(e\.g\./);
  try {
    // Never opened: a closed file is checked too, though only its folder was announced. The
    // filter keeps the row in view however many problems the workspace has.
    await runFromPalette(page, 'View: Focus Problems');
    await filter.fill('slow-pattern');
    // The lookahead is named; the nested quantifier, which the NFA runs in linear time, is not reported.
    const row = panel.locator('.monaco-list-row', { hasText: /slow-pattern/ });
    await row.first().waitFor({ state: 'visible', timeout: 30_000 });
    const texts = await row.allInnerTexts();
    if (texts.length !== 1 || !/this pattern uses a lookahead, so/.test(texts[0] ?? '')) throw new Error(`slow-pattern rows: ${JSON.stringify(texts)}`);
    // The row leads to the pattern in the editor.
    await row.first().click();
    await page.locator('.tabs-container .tab', { hasText: 'ui-pattern.agents.yaml' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('language-slow-pattern');
    // The Workflows view lists the file too (it has a watcher of its own, as deaf to folders).
    await showViewContainer(page, 'Handoff');
    // The tree renders only the rows in view (the view shares the side bar with Recent Runs):
    // collapsed, every file's row is on screen. Its title actions show while its header is hovered.
    // Collapsed again if rows arrived after the click (the new file's refresh brings its rows expanded).
    const listed = page.locator('#workbench\\.parts\\.sidebar [role="treeitem"]', { hasText: 'ui-pattern.agents.yaml' }).first();
    for (let attempt = 0; attempt < 4 && !(await listed.isVisible()); attempt++) {
      await page.locator('#workbench\\.parts\\.sidebar .pane-header', { hasText: /^Workflows/i }).first().hover();
      await page.locator('#workbench\\.parts\\.sidebar .action-label[aria-label^="Collapse All"]').first().click();
      await listed.waitFor({ state: 'visible', timeout: 4_000 }).catch(() => {});
    }
    await listed.waitFor({ state: 'visible', timeout: 5_000 }).catch(async (err) => {
      await screenshot('language-slow-pattern-workflows-view');
      throw new Error(`${err.message}\nthe side bar's rows: ${JSON.stringify(await sideBarTreeLabels(page))}`);
    });
    // Moved out again, the folder goes in one event with its file: its diagnostics go too,
    // and so does its row in the Workflows view.
    await runFromPalette(page, 'View: Close All Editors');
    renameSync(dir, staging);
    await row.first().waitFor({ state: 'detached', timeout: 30_000 });
    await listed.waitFor({ state: 'detached', timeout: 20_000 });
  } finally {
    await showViewContainer(page, 'Explorer').catch(() => undefined);
    await filter.fill('').catch(() => undefined);
    for (const d of [staging, dir]) rmSync(d, { recursive: true, force: true });
  }
}
