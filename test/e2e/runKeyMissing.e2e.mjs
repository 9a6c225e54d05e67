// A run to a model server with no API key stored, as a new user starts one: before anything
// runs, a dialog says there is no key for that server and offers Set API Key… and Run Anyway.
// Cancel runs nothing; Set API Key… asks for the key of that origin; Run Anyway runs without
// one (here against a host that does not exist: the run fails, and its notification says
// "failed", as the trace panel's badge does). A local server is never asked about (the
// 127.0.0.1 servers of run-cancel.e2e.mjs and run-keys.e2e.mjs).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityBarItem, notifications } from './workbench.mjs';

const traceDir = mkdtempSync(join(tmpdir(), 'handoff-nokey-e2e-'));
export const hostOptions = {
  settings: { 'handoff.traceDirectory': traceDir, 'handoff.provider': 'openai', 'handoff.baseUrl': 'https://api.handoff-e2e.invalid/v1', 'workbench.startupEditor': 'none' },
};
const traces = () => readdirSync(traceDir).filter((f) => f.endsWith('.trace.jsonl'));

async function pick(page, text) {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/** Run Agent… or Run Workflow… from the palette; its picker opens in the palette's place (so no wait for the palette to close). */
async function runFromPaletteTo(page, kind) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget:not(.quick-input-widget-closing) input.input').fill(`>Handoff: Run ${kind}…`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: `Handoff: Run ${kind}…` }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: `Run ${kind}` }).waitFor({ state: 'visible', timeout: 15_000 });
}

/** Starts a run (agent triager, or workflow support) up to the missing-key dialog. */
async function runTriager(page, kind = 'Agent') {
  await runFromPaletteTo(page, kind);
  await pick(page, kind === 'Agent' ? /^triager/ : /^support/);
  await pick(page, kind === 'Agent' ? 'inputs/ticket-billing.json' : 'inputs/ticket-howto.json');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.getByText('No API key for api.handoff-e2e.invalid').waitFor({ state: 'visible', timeout: 20_000 });
  return dialog;
}

export async function missingApiKeyIsAskedAboutBeforeTheRun({ page, screenshot }) {
  await activityBarItem(page, 'Handoff').waitFor({ state: 'visible', timeout: 40_000 });
  let dialog = await runTriager(page);
  for (const name of ['Set API Key…', 'Run Anyway', 'Cancel']) await dialog.getByRole('button', { name }).waitFor({ state: 'visible', timeout: 5_000 });
  await screenshot('nokey-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  await page.locator('.notifications-toasts .notification-list-item', { hasText: 'Handoff: running agent triager' }).waitFor({ state: 'hidden', timeout: 15_000 });
  assert.deepEqual(traces(), [], 'cancelled: nothing ran');
  assert.ok(!(await notifications(page)).some((t) => /^Handoff: /.test(t)), `cancelled: no error; ${JSON.stringify(await notifications(page))}`);

  // Set API Key…: the key's box, for that origin; escaping it cancels the run.
  dialog = await runTriager(page);
  await dialog.getByRole('button', { name: 'Set API Key…' }).click();
  const box = page.locator('.quick-input-widget:not(.quick-input-widget-closing)', { has: page.locator('.quick-input-title', { hasText: 'Set API Key (2/2) for https://api.handoff-e2e.invalid' }) });
  await box.waitFor({ state: 'visible', timeout: 15_000 });
  await screenshot('nokey-set-key-box');
  await page.keyboard.press('Escape');
  await box.waitFor({ state: 'hidden', timeout: 10_000 });
  await page.locator('.notifications-toasts .notification-list-item', { hasText: 'Handoff: running agent triager' }).waitFor({ state: 'hidden', timeout: 15_000 });
  assert.deepEqual(traces(), [], 'no key given: nothing ran');

  // Run Anyway: the run goes without a key, to a host that does not exist, and fails (its
  // triager falls back; the agents after it have no fallback).
  dialog = await runTriager(page, 'Workflow');
  await dialog.getByRole('button', { name: 'Run Anyway' }).click();
  const ended = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /^Handoff: workflow support — / }).first();
  await ended.waitFor({ state: 'visible', timeout: 90_000 }).catch(async () => {
    throw new Error(`no end-of-run notification; notifications: ${JSON.stringify(await notifications(page))}`);
  });
  const text = await ended.textContent();
  assert.match(text, /^Handoff: workflow support — failed · /, `the panel says "failed" for such a run: ${text}`);
  assert.equal(traces().length, 1);
  await screenshot('nokey-run-anyway-failed');
}
