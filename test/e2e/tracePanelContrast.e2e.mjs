/* global document, getComputedStyle -- these run inside the webview frame through frame.evaluate. */
// Every state's colour is readable as text in the trace viewer (4.5:1 against the viewer's
// background, WCAG AA for normal text: the state chips are 12 px text) in the default light
// and dark themes, as VS Code itself sets the theme variables. The chips are made inside the
// real viewer with the viewer's own classes, so the real style sheet and theme apply. The
// theme is put back afterwards.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pickColorTheme, quickOpen, runFromPalette, traceUi } from './workbench.mjs';

const STATES = ['ok', 'running', 'pending', 'repaired', 'fallback', 'failed', 'skipped', 'cancelled', 'unfinished'];

/** In the frame: each state's chip colour and the background behind it, as contrast ratios. */
function measure(states) {
  if (!document.querySelector('.tree-scroll')) return undefined;
  const rgb = (css) => {
    const m = css.match(/rgba?\(([^)]+)\)/) ?? css.match(/color\(srgb ([^)]+)\)/);
    if (!m) throw new Error(`unreadable colour ${css}`);
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    const scale = css.startsWith('color(') ? 255 : 1;
    return { r: p[0] * scale, g: p[1] * scale, b: p[2] * scale, a: p[3] ?? 1 };
  };
  const lum = ({ r, g, b }) => {
    const f = (c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const bg = rgb(getComputedStyle(document.body).backgroundColor);
  const host = document.createElement('div');
  document.body.append(host);
  const out = {};
  for (const state of states) {
    const chip = document.createElement('span');
    chip.className = `state-chip st-${state}`;
    chip.textContent = state;
    host.append(chip);
    const fg = rgb(getComputedStyle(chip).color);
    // A translucent colour shows the background through it.
    const seen = { r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a) };
    const [hi, lo] = [lum(seen), lum(bg)].sort((a, b) => b - a);
    out[state] = Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
  }
  host.remove();
  return { ratios: out, background: getComputedStyle(document.body).backgroundColor, body: document.body.className };
}

/** The frame that holds the trace viewer's UI. */
async function traceFrame(page) {
  for (const frame of page.frames()) if (await frame.evaluate(() => !!document.querySelector('.tree-scroll')).catch(() => false)) return frame;
  throw new Error('the trace UI frame was not found');
}

export async function stateColoursAreReadableInLightAndDarkThemes({ page, repo, screenshot }) {
  await runFromPalette(page, 'View: Close All Editors');
  const panel = page.locator('#workbench\\.parts\\.panel');
  if (await panel.isVisible()) {
    await page.keyboard.press('Control+J');
    await panel.waitFor({ state: 'hidden', timeout: 10_000 });
  }
  await quickOpen(page, join(repo, 'test/fixtures/traces/sample.trace.jsonl'), 'sample.trace.jsonl');
  await traceUi(page).locator('.row', { hasText: 'researcher' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const frame = await traceFrame(page);
  let previous;
  const low = [];
  try {
    for (const [theme, bodyClass] of [['Light Modern', 'vscode-light'], ['Dark Modern', 'vscode-dark']]) {
      const before = await pickColorTheme(page, theme);
      previous ??= before;
      // The webview takes the theme's class (and its variables) once the workbench sends them.
      await frame.waitForFunction((cls) => document.body.classList.contains(cls), bodyClass, { timeout: 20_000 });
      const seen = await frame.evaluate(measure, STATES);
      assert.ok(seen, 'the trace UI frame was not found');
      assert.ok(seen.body.split(' ').includes(bodyClass), `${theme}: the viewer's body class is ${seen.body}`);
      console.log(`    ${theme} (background ${seen.background}): ${STATES.map((s) => `${s} ${seen.ratios[s]}`).join(', ')}`);
      for (const s of STATES) if (!(seen.ratios[s] >= 4.5)) low.push(`${theme} ${s} ${seen.ratios[s]}:1`);
      await screenshot(`trace-viewer-${theme.toLowerCase().replace(' ', '-')}`);
    }
  } finally {
    if (previous) await pickColorTheme(page, previous);
  }
  assert.deepEqual(low, [], 'state colours under 4.5:1 as text');
}
