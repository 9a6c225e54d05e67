// Restricted Mode: a second code-server start with workspace trust on and a fresh profile,
// so the folder opens untrusted. Handoff declares `untrustedWorkspaces: limited`, so it must
// still activate and list definitions there (running is what it withholds).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { showViewContainer, sideBarTreeLabels, waitForRestrictedMode } from './workbench.mjs';

export const hostOptions = { trust: false };

export async function restrictedModeStillListsDefinitions({ page, workspace, screenshot }) {
  await waitForRestrictedMode(page);
  await showViewContainer(page, 'Handoff');
  const first = readdirSync(workspace).filter((f) => /\.agents\.ya?ml$/.test(f)).sort()[0];
  assert.ok(first, `no *.agents.yaml files in ${workspace}`);
  await page
    .locator('#workbench\\.parts\\.sidebar [role="treeitem"]', { hasText: first })
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 })
    .catch(async () => {
      throw new Error(`in Restricted Mode the Workflows view does not list ${first}; it shows: ${JSON.stringify(await sideBarTreeLabels(page))}`);
    });
  await screenshot('workbench');
}
