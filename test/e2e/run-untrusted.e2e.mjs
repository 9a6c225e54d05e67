// Workspace trust: with trust on and the folder untrusted (Restricted Mode), Run Workflow…
// from the command palette is refused with a clear message, no picker opens and no trace is
// written. The handler checks `workspace.isTrusted` itself; nothing hides the command.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { activityBarItem, notifications, runFromPalette, waitForRestrictedMode } from './workbench.mjs';

export const hostOptions = { trust: false };

export async function runIsRefusedInRestrictedMode({ page, workspace, screenshot }) {
  await waitForRestrictedMode(page);
  // Handoff is registered once its activity-bar entry shows (it loads in Restricted Mode too).
  await activityBarItem(page, 'Handoff').waitFor({ state: 'visible', timeout: 40_000 });
  const runsBefore = existsSync(join(workspace, '.handoff/runs'));
  await runFromPalette(page, 'Handoff: Run Workflow…');
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'does not run workflows in an untrusted workspace' }).first();
  await toast.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
    throw new Error(`no refusal shown; notifications: ${JSON.stringify(await notifications(page))}`);
  });
  assert.equal(await page.locator('.quick-input-widget').isVisible(), false, 'a picker opened although the run was refused');
  assert.equal(existsSync(join(workspace, '.handoff/runs')), runsBefore, 'a trace directory appeared');
  await screenshot('run-refused-untrusted');
}
