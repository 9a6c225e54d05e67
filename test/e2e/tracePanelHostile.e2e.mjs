/* global document, window -- these run inside the webview frame through frame.evaluate. */
// Hostile strings in a recorded trace render inert in the real trace viewer: names, prompts
// and replies with script tags, event-handler attributes, SVG, javascript: and command:
// links, remote images and bidi overrides are shown as text. A sentinel that any of them
// would set if it ran stays unset, no dialog opens, and the webview holds no element that
// could run or fetch anything.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { evaluateInTraceFrame, quickOpen, traceUi } from './workbench.mjs';

export async function hostileTraceRendersInert({ page, repo, screenshot }) {
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const file = join(repo, 'test/fixtures/traces/hostile.trace.jsonl');
  await quickOpen(page, file, 'hostile.trace.jsonl');

  const ui = traceUi(page);
  // The tree only holds the rows in view, and the sentinel steps are the last ones: move to
  // the end with the keyboard (the view may be short when the bottom panel is open).
  await ui.locator('.row').first().waitFor({ state: 'visible', timeout: 30_000 });
  await ui.locator('.tree-scroll').focus();
  await page.keyboard.press('End');
  // The script-tag step name is shown as its own text.
  const row = ui.locator('.row', { hasText: '<script>window.__handoffPwned=1</script>' }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
  await ui.locator('.details').first().waitFor({ state: 'visible', timeout: 10_000 });

  const seen = await evaluateInTraceFrame(page, () => document.querySelector('.tree-scroll') === null ? undefined : ({
    pwned: Object.prototype.hasOwnProperty.call(window, '__handoffPwned'),
    // Scripts other than the panel's own (it carries the nonce) and the one VS Code's webview
    // host injects to define acquireVsCodeApi.
    scripts: [...document.querySelectorAll('script')]
      .filter((s) => !s.nonce && !/^\s*globalThis\.acquireVsCodeApi = /.test(s.textContent ?? ''))
      .map((s) => `${s.src} ${(s.textContent ?? '').slice(0, 80)}`),
    imgs: document.querySelectorAll('img').length,
    iframes: document.querySelectorAll('iframe').length,
    jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^(javascript|command):/i.test(a.getAttribute('href') ?? '')).length,
    handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
    text: document.body.innerText,
  }));
  assert.ok(seen, 'the trace UI frame was not found');
  assert.equal(seen.pwned, false, 'a hostile string ran: the sentinel is set');
  assert.deepEqual(dialogs, [], 'a hostile string opened a dialog');
  assert.deepEqual(seen.scripts, [], 'a script element without the nonce is in the webview');
  assert.equal(seen.imgs, 0, 'an image element is in the webview');
  assert.equal(seen.iframes, 0, 'an iframe is in the webview');
  assert.equal(seen.jsLinks, 0, 'a javascript: or command: link is in the webview');
  assert.equal(seen.handlers, 0, 'an element with an on* handler attribute is in the webview');
  assert.match(seen.text, /<script>window\.__handoffPwned=1<\/script>/, 'the hostile name is shown as text');
  await screenshot('trace-viewer-hostile');
}
