// Cancelling a run from its progress notification, as a person does: Run Workflow… from the
// palette, pick the workflow and an input, and while the model server (a real HTTP server
// here that accepts requests and never answers) keeps the run waiting, the status bar shows
// the run; Cancel on the notification ends it as `cancelled`, and the trace says so.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityBarItem, notifications, runFromPalette } from './workbench.mjs';

/** Where this host's runs write their traces (run-keys.e2e.mjs shares the host). */
export const traceDir = mkdtempSync(join(tmpdir(), 'handoff-cancel-e2e-'));
const requests = [];
const server = createServer((req) => requests.push(req.url)); // never answers
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
server.unref();
const baseUrl = `http://127.0.0.1:${server.address().port}/v1`;

export const hostOptions = {
  settings: { 'handoff.traceDirectory': traceDir, 'handoff.provider': 'openai', 'handoff.baseUrl': baseUrl, 'workbench.startupEditor': 'none' },
};

async function pick(page, text) {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

export async function progressNotificationCancelsTheRun({ page, screenshot }) {
  // The palette lists Handoff's commands once the extension is registered (its activity-bar entry shows).
  await activityBarItem(page, 'Handoff').waitFor({ state: 'visible', timeout: 40_000 });
  await runFromPalette(page, 'Handoff: Run Workflow…');
  await pick(page, 'support');
  await pick(page, 'inputs/ticket-billing.json');
  const progress = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Handoff: running workflow support' }).first();
  await progress.waitFor({ state: 'visible', timeout: 20_000 });
  await page.locator('#workbench\\.parts\\.statusbar', { hasText: 'Handoff: support' }).waitFor({ state: 'visible', timeout: 10_000 });
  // Bounded wait for the model call to reach the server, so the run is really in flight.
  for (const deadline = Date.now() + 15_000; requests.length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
  assert.ok(requests.length > 0, 'no request reached the model server');
  await screenshot('run-in-progress');
  await progress.hover();
  await progress.getByRole('button', { name: 'Cancel' }).click();
  const done = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /workflow support — cancelled/ }).first();
  await done.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
    throw new Error(`no cancelled notification; notifications: ${JSON.stringify(await notifications(page))}`);
  });
  await page.locator('#workbench\\.parts\\.statusbar', { hasText: 'Handoff: support' }).waitFor({ state: 'hidden', timeout: 10_000 });
  const traces = readdirSync(traceDir).filter((f) => f.endsWith('.trace.jsonl'));
  assert.equal(traces.length, 1);
  const lines = readFileSync(join(traceDir, traces[0]), 'utf8').trim().split('\n');
  assert.deepEqual(JSON.parse(lines[lines.length - 1]).status, 'cancelled');
  await screenshot('run-cancelled');
}
