// Workspace trust: in Restricted Mode the editor still checks definitions (nothing is run),
// so a broken definition file shows its diagnostics in the Problems panel, and so does a
// closed one.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFile } from './language.mjs';
import { runFromPalette } from './workbench.mjs';

export const hostOptions = { trust: false };

export async function restrictedModeStillChecksDefinitions({ page, workspace, screenshot }) {
  const dir = join(workspace, 'e2e-language-restricted');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'restricted-broken.agents.yaml'), 'handoff: 1\nagents:\n  a: { input: Missing, instructions: "hi" }\n');
  // Never opened: the editor finds it (file watcher) and checks it all the same.
  writeFileSync(join(dir, 'restricted-closed.agents.yaml'), 'handoff: 1\nagents:\n  b: { input: Absent, instructions: "hi" }\n');
  try {
    await openFile(page, 'restricted-broken.agents.yaml', join(dir, 'restricted-broken.agents.yaml'));
    await runFromPalette(page, 'View: Focus Problems');
    const panel = page.locator('#workbench\\.parts\\.panel');
    await panel.getByText(/Missing/).first().waitFor({ state: 'visible', timeout: 30_000 });
    await panel.getByText(/no contract named 'Absent'/).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot('language-problems');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
