/**
 * Every inline button of the Workflows view is in its row's context menu too, with the same
 * `when`: an inline button shows only on hover or focus and is not in the tab order, while
 * the context menu opens from the keyboard (Shift+F10 or the context-menu key).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Menu { command: string; when?: string; group?: string }
const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, Menu[]> } };

test('each inline action of a Workflows view row is in its context menu', () => {
  const items = pkg.contributes.menus['view/item/context'] ?? [];
  const inline = items.filter((i) => i.group === 'inline');
  const menu = items.filter((i) => i.group !== 'inline');
  assert.ok(inline.some((i) => i.command === 'handoff.runWorkflow'));
  assert.ok(inline.some((i) => i.command === 'handoff.runAgent'));
  for (const button of inline) {
    assert.ok(menu.some((i) => i.command === button.command && i.when === button.when), `${button.command} (${button.when}) has no context menu entry`);
  }
});
