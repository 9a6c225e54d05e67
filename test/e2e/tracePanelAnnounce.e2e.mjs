/* global document, window, MutationObserver -- these run inside the webview frame through frame.evaluate. */
// A live run in the Handoff Trace panel is said once by a screen reader: "run started" when it
// begins and "run ended: …" when it is over, from a polite live region of its own. The
// totals, redrawn four times a second while the run goes, are no live region, and the run's
// redraws leave the live region alone.
import assert from 'node:assert/strict';
import { activityBarItem, notifications } from './workbench.mjs';

// The same host as run-cancel.e2e.mjs: its model server takes requests and never answers, so
// the run stays live until it is cancelled.
export { hostOptions } from './run-cancel.e2e.mjs';

async function pick(page, text) {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

export async function aLiveRunSaysItsStatusOnce({ page, screenshot }) {
  await activityBarItem(page, 'Handoff').waitFor({ state: 'visible', timeout: 40_000 });
  // Not runFromPalette: the command's own picker follows the palette at once, and the
  // palette's moment hidden in between can be missed.
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input.input').fill('>Handoff: Run Workflow…');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Handoff: Run Workflow…' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await pick(page, 'support.agents.yaml');
  await pick(page, 'inputs/ticket-billing.json');
  const panel = page.locator('iframe.webview[src*="extensionId=handoff.handoff"][src*="purpose=webviewView"]').contentFrame().locator('#active-frame').contentFrame();
  const status = panel.locator('.header [role="status"][aria-live="polite"]');
  await panel.locator('.header [role="status"]', { hasText: 'run started' }).waitFor({ state: 'attached', timeout: 20_000 });
  assert.equal(await panel.locator('.totals').getAttribute('aria-live'), null, 'the totals are no live region');
  const body = await panel.locator('body').elementHandle();
  const frame = await body.ownerFrame();
  await body.dispose();
  await frame.evaluate(() => {
    const seen = { status: 0, totals: 0 };
    window.liveProbe = seen;
    new MutationObserver((ms) => (seen.status += ms.length)).observe(document.querySelector('.header [role="status"]'), { childList: true, subtree: true, characterData: true });
    new MutationObserver((ms) => (seen.totals += ms.length)).observe(document.querySelector('.totals'), { childList: true, subtree: true, characterData: true });
  });
  // The run goes on (its wall time ticks in the totals) and the live region says nothing new.
  await frame.waitForFunction(() => window.liveProbe.totals >= 3, undefined, { timeout: 10_000 });
  assert.equal(await frame.evaluate(() => window.liveProbe.status), 0, 'the live region is left alone while the run goes on');
  assert.equal((await status.textContent()).trim(), 'run started');
  await screenshot('announce-live-run');
  const progress = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Handoff: running workflow support' }).first();
  await progress.hover();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('.notifications-toasts .notification-list-item-message', { hasText: /workflow support — cancelled/ }).first().waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
    throw new Error(`no cancelled notification; notifications: ${JSON.stringify(await notifications(page))}`);
  });
  await panel.locator('.header [role="status"]', { hasText: 'run ended: cancelled' }).waitFor({ state: 'attached', timeout: 10_000 });
  assert.equal(await frame.evaluate(() => window.liveProbe.status), 1, 'the end is said once');
}
