import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { definitionsIn, referencesTo, referencesToStep, symbolAt, Workspace, type WorkspaceProgram } from '../../../src/core/checker';

const text = `handoff: 1
contracts:
  Ticket: { version: 1, schema: { type: object, properties: { id: { type: string } } } }
  Case: { version: 1, schema: { type: object, properties: { t: { $ref: "#/contracts/Ticket" } } } }
agents:
  triager: { input: Ticket, output: Ticket@1 }
workflows:
  w:
    input: Ticket
    output: Ticket
    steps:
      t: { agent: triager }
      u: { agent: triager, when: $steps.t.output.id == "x", input: { a: $steps.t.output } }
    result: $steps.u.output
`;

function program(): WorkspaceProgram {
  const ws = new Workspace();
  ws.setFile('/s/main.agents.yaml', text);
  return ws.check() as WorkspaceProgram;
}

describe('symbol queries', () => {
  const p = program();
  const file = p.fileModel('/s/main.agents.yaml')!;
  it('lists definitions with key ranges, steps included', () => {
    const d = definitionsIn(file);
    assert.deepEqual(d.symbols.map((s) => `${s.kind}:${s.name}`), ['contract:Ticket', 'contract:Case', 'agent:triager', 'workflow:w']);
    const t = d.symbols[0]!;
    assert.equal(text.slice(t.keyRange.start, t.keyRange.end), 'Ticket');
    assert.deepEqual(d.steps.map((s) => s.name), ['t', 'u']);
  });
  it('finds every reference to a contract, in schemas and pinned refs too', () => {
    const ticket = definitionsIn(file).symbols[0]!;
    const refs = referencesTo(p.resolver, ticket);
    assert.equal(refs.length, 5);
    for (const r of refs) assert.equal(text.slice(r.range.start, r.range.end), 'Ticket');
  });
  it('finds references to a step inside $steps strings and conditions', () => {
    const refs = referencesToStep(file, 'w', 't');
    assert.equal(refs.length, 2);
    for (const r of refs) assert.equal(text.slice(r.range.start, r.range.end), 't');
  });
  it('resolves the symbol under an offset', () => {
    const at = symbolAt(p.resolver, file, text.indexOf('agent: triager') + 8);
    assert.equal(at?.def?.name, 'triager');
    assert.equal(at?.def?.kind, 'agent');
    const step = symbolAt(p.resolver, file, text.indexOf('$steps.t.output.id') + 7);
    assert.equal(step?.step?.name, 't');
  });
});
