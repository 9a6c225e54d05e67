// API keys bound to an origin, and the approval a workspace-chosen base URL needs: the key is
// set through Set API Key… (base URL, then a password box); a definition file in the
// workspace names that server in a model profile (`base_url`), so the first ▶ Try asks before
// sending the key. Declined, the request goes without it; approved, with it.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activityBarItem, notifications } from './workbench.mjs';

// The same host options as run-cancel.e2e.mjs: both run in one code-server start.
export { hostOptions } from './run-cancel.e2e.mjs';
import { traceDir } from './run-cancel.e2e.mjs';

const KEY = `sk-approval-${Date.now().toString(36)}`;
const auth = [];
const server = createServer((req, res) => {
  auth.push(req.headers.authorization ?? '');
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id: 'x', object: 'chat.completion', created: 0, model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: '{"ok":true}', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }));
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
server.unref();
const baseUrl = `http://127.0.0.1:${server.address().port}/v1`;

const DEFINITION = `handoff: 1
models:
  remote: { provider: openai, model: m, base_url: "${baseUrl}" }
contracts:
  In: { version: 1, schema: { type: object } }
  Out: { version: 1, schema: { type: object, required: [ok], properties: { ok: { type: boolean } } } }
agents:
  echo: { model: remote, input: In, output: Out, instructions: "Say ok." }
`;

/** Answers the input box titled `title` (waiting for it, so a closing picker never gets the text). */
async function answer(page, title, text) {
  const widget = page.locator('.quick-input-widget:not(.quick-input-widget-closing)', { has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  await widget.locator('input.input').fill(text);
  await page.keyboard.press('Enter');
}

async function tryEcho(page) {
  await page.locator('.monaco-editor .codelens-decoration a', { hasText: '▶ Try' }).first().click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Type JSON…' }).first().click();
  await answer(page, 'Input as JSON', '{}');
}

/** Bounded wait until `n` runs of agent echo have ended ok, read from their traces. */
async function runEnded(page, n) {
  const ended = () =>
    readdirSync(traceDir)
      .filter((f) => f.endsWith('.trace.jsonl'))
      .map((f) => readFileSync(join(traceDir, f), 'utf8').trim().split('\n'))
      .filter((lines) => {
        try {
          return JSON.parse(lines[0]).agent === 'echo' && JSON.parse(lines[lines.length - 1]).status === 'ok';
        } catch {
          return false; // still being written
        }
      }).length;
  for (const deadline = Date.now() + 20_000; ended() < n && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
  assert.equal(ended(), n, `run ${n} of agent echo did not end ok; notifications: ${JSON.stringify(await notifications(page))}`);
}

export async function workspaceBaseUrlGetsTheKeyOnlyAfterApproval({ page, workspace, screenshot }) {
  const dir = join(workspace, 'e2e-run-keys-tmp');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'approval.agents.yaml'), DEFINITION);
  try {
    await activityBarItem(page, 'Handoff').waitFor({ state: 'visible', timeout: 40_000 });
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget:not(.quick-input-widget-closing) input.input').fill('>Handoff: Set API Key…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Handoff: Set API Key…' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    await answer(page, 'Set API Key (1/2)', baseUrl);
    await answer(page, 'Set API Key (2/2)', KEY);
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'API key stored for' }).first().waitFor({ state: 'visible', timeout: 15_000 });

    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget:not(.quick-input-widget-closing) input.input').fill('approval.agents.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'approval.agents.yaml' }).first().click({ timeout: 20_000 });
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: '▶ Try' }).first().waitFor({ state: 'visible', timeout: 30_000 });

    const dialog = page.locator('.monaco-dialog-box');
    await tryEcho(page);
    await dialog.getByText(/comes from a definition file\. Send your stored API key/).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('key-approval-asked');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await runEnded(page, 1);
    assert.deepEqual(auth, ['Bearer no-key'], 'declined: the key must not be sent');

    await tryEcho(page);
    await dialog.getByRole('button', { name: 'Send Key' }).click();
    await runEnded(page, 2);
    assert.deepEqual(auth.slice(1), [`Bearer ${KEY}`], 'approved: the key is sent');

    await tryEcho(page); // approved once: no question this time
    await runEnded(page, 3);
    assert.equal(await dialog.count(), 0, 'asked again after approval');
    assert.deepEqual(auth.slice(2), [`Bearer ${KEY}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
