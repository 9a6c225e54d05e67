/**
 * A stand-in for the trace panel's webview in unit tests: it keeps what the host sends, and
 * holds every message to the webview's own validation (what the host sends must pass it).
 */
import { strict as assert } from 'node:assert';
import { type ToWebview, parseToWebview } from '../../src/shared/protocol';

export function recorder() {
  const sent: ToWebview[] = [];
  return {
    sent,
    post(msg: ToWebview) {
      const parsed = parseToWebview(JSON.parse(JSON.stringify(msg)));
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
      sent.push(msg);
      return Promise.resolve(true);
    },
  };
}
