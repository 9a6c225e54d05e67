import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { program, record } from '../../support/engine';

const P = program(`
handoff: 1
models:
  default: { model: m }
contracts:
  Exact:
    version: 1
    schema:
      type: object
      required: [text]
      additionalProperties: false
      properties:
        text: { type: string }
agents:
  w: { input: Exact, output: Exact }
  lead: { input: Exact }
workflows:
  sup:
    pattern: supervisor
    input: Exact
    output: Exact
    supervisor: lead
    workers: [w]
`);

describe('strict structured outputs', () => {
  it('asks for strict mode when every contract involved is strict-compatible, engine contracts included', async () => {
    const p = new ScriptedProvider({ replies: { lead: [{ next: 'w', input: { text: 'a' }, result: null }, { next: 'FINISH', input: null, result: { text: 'z' } }], w: [{ text: 'b' }] } });
    const { result } = await record(P, p, { workflow: 'sup', input: { text: 'q' } });
    assert.equal(result.status, 'ok');
    assert.deepEqual(p.calls.map((c) => c.responseSchema?.strict), [true, true, true]);
  });
});
