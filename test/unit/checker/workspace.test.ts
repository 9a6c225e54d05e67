import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadProgram, Workspace, WorkspaceProgram } from '../../../src/core/checker';

const shared = `handoff: 1
contracts:
  Ticket:
    version: 2
    schema: { type: object, required: [id], additionalProperties: false, properties: { id: { type: string } } }
    previous:
      1:
        schema: { type: object, required: [id], properties: { id: { type: string } } }
  Reply:
    version: 1
    schema: { type: object, required: [text], additionalProperties: false, properties: { text: { type: string } } }
  Case:
    version: 1
    schema: { type: object, properties: { t: { $ref: "#/contracts/Ticket" } } }
models:
  fast: { provider: scripted }
`;
const main = `handoff: 1
imports: [./shared.agents.yaml]
agents:
  writer: { model: fast, input: Ticket, output: Reply }
workflows:
  w:
    input: Ticket
    output: Reply
    steps:
      a: { agent: writer }
    result: $steps.a.output
`;

function ws(): Workspace {
  const w = new Workspace();
  w.setFile('/ws/shared.agents.yaml', shared);
  w.setFile('/ws/main.agents.yaml', main);
  return w;
}

describe('Workspace', () => {
  it('sees names across imports and builds the Program', () => {
    const p = ws().check();
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.files, ['/ws/shared.agents.yaml', '/ws/main.agents.yaml']);
    const agent = p.agent('writer', '/ws/main.agents.yaml');
    assert.equal(agent?.input?.name, 'Ticket');
    assert.equal(agent?.input?.version, 2);
    assert.equal(agent?.model?.name, 'fast');
    assert.equal(agent?.output?.strictCompatible, true);
    assert.equal(p.workflow('w', '/ws/main.agents.yaml')?.output.name, 'Reply');
    assert.equal(p.contract('Ticket@1', '/ws/main.agents.yaml')?.current, false);
    assert.deepEqual(p.contractNames('/ws/main.agents.yaml').sort(), ['Case', 'Reply', 'Ticket']);
    assert.deepEqual(p.agentNames('/ws/shared.agents.yaml'), []);
  });
  it('bundles contract references into self-contained schemas', () => {
    const c = ws().check().contract('Case', '/ws/shared.agents.yaml');
    const s = c?.schema as { properties: { t: { $ref: string } }; $defs: Record<string, unknown> };
    assert.equal(s.properties.t.$ref, '#/$defs/Ticket');
    assert.ok(s.$defs.Ticket);
  });
  it('re-checks a file and its importers after an edit, and only those', () => {
    const w = ws();
    const first = w.check();
    w.setFile('/ws/shared.agents.yaml', shared.replace('Reply:', 'Answer:'));
    const second = w.check();
    assert.notEqual(first, second);
    assert.deepEqual(w.checkFile('/ws/main.agents.yaml').map((d) => d.code), ['unknown-ref', 'unknown-ref']);
    const again = w.check();
    assert.equal(again, second, 'nothing changed, so the same Program comes back');
    w.setFile('/ws/shared.agents.yaml', shared);
    assert.deepEqual(w.check().diagnostics, []);
  });
  it('follows imports that changed since the last check when it re-checks importers, through chains, in a burst of edits', () => {
    const w = ws();
    const other = shared.replace('Reply:', 'Other:');
    w.setFile('/ws/other.agents.yaml', other);
    w.setFile('/ws/top.agents.yaml', 'handoff: 1\nimports: [./main.agents.yaml]\n');
    assert.deepEqual(w.check().diagnostics, []);
    // main now imports other.agents.yaml (no Reply there): an error; then other gains Reply.
    w.setFile('/ws/main.agents.yaml', main.replace('./shared.agents.yaml', './other.agents.yaml'));
    assert.deepEqual(w.checkFile('/ws/main.agents.yaml').map((d) => d.code), ['unknown-ref', 'unknown-ref']);
    w.setFile('/ws/other.agents.yaml', shared);
    assert.deepEqual(w.checkFile('/ws/main.agents.yaml'), [], 'main was re-checked after the file it imports now changed');
    // A burst of edits without a check between them: each importer still re-checked.
    w.setFile('/ws/other.agents.yaml', other);
    w.setFile('/ws/shared.agents.yaml', shared.replace('Ticket:', 'Case2:'));
    assert.deepEqual(w.checkFile('/ws/main.agents.yaml').map((d) => d.code), ['unknown-ref', 'unknown-ref']);
    assert.equal(w.checkFile('/ws/shared.agents.yaml').length > 0, true, 'shared itself: its Case refers to the Ticket it no longer has');
  });
  it('reports a missing import on the import entry, and clears it when the file appears', () => {
    const w = new Workspace();
    w.setFile('/ws/main.agents.yaml', main);
    const d = w.checkFile('/ws/main.agents.yaml').find((x) => x.code === 'import');
    assert.equal(d?.range.start.line, 2);
    assert.match(d?.message ?? '', /cannot find the imported file \.\/shared\.agents\.yaml/);
    w.setFile('/ws/shared.agents.yaml', shared);
    assert.deepEqual(w.check().diagnostics, []);
    w.removeFile('/ws/shared.agents.yaml');
    assert.ok(w.check().diagnostics.some((x) => x.code === 'import'));
  });
  it('refuses an absolute import or one that names no definition file, and never reads it', () => {
    const read: string[] = [];
    const text = 'handoff: 1\nimports: [/etc/passwd, "C:/x.agents.yaml", "https://example.com/x.agents.yaml", ../../etc/hostname, ./ok.agents.yml]\n';
    const p = loadProgram(['/d/main.agents.yaml'], (path) => {
      read.push(path);
      if (path === '/d/main.agents.yaml') return text;
      if (path === '/d/ok.agents.yml') return 'handoff: 1\n';
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    });
    assert.deepEqual(read, ['/d/main.agents.yaml', '/d/ok.agents.yml']);
    assert.deepEqual(
      p.diagnostics.map((d) => [d.code, d.range.start.column, d.message]),
      [
        ['import', 11, "an import is a path relative to this file, such as ./shared.agents.yaml, not '/etc/passwd'"],
        ['import', 24, "an import is a path relative to this file, such as ./shared.agents.yaml, not 'C:/x.agents.yaml'"],
        ['import', 44, "an import is a path relative to this file, such as ./shared.agents.yaml, not 'https://example.com/x.agents.yaml'"],
        ['import', 81, "an import names a definition file (*.agents.yaml), not '../../etc/hostname'"],
      ],
    );
  });
  it('says why an imported file cannot be read: a folder, no permission', () => {
    const text = 'handoff: 1\nimports: [./dir.agents.yaml, ./locked.agents.yaml, ./gone.agents.yaml]\n';
    const p = loadProgram(['/d/main.agents.yaml'], (path) => {
      if (path === '/d/main.agents.yaml') return text;
      const code = path.endsWith('dir.agents.yaml') ? 'EISDIR' : path.endsWith('locked.agents.yaml') ? 'EACCES' : 'ENOENT';
      throw Object.assign(new Error(code), { code });
    });
    assert.deepEqual(p.diagnostics.map((d) => d.message), [
      'cannot read the imported file ./dir.agents.yaml: it is a folder',
      'cannot read the imported file ./locked.agents.yaml: permission denied',
      'cannot find the imported file ./gone.agents.yaml',
    ]);
  });
  it('reports a contract that is not valid once, never through the stand-in type the other checks see', () => {
    const text = 'handoff: 1\ncontracts:\n  M:\n    version: 1\n    schema: { type: object, additionalProperties: false, required: [x], properties: { x: { type: number, multipleOf: 0 } } }\nagents:\n  a: { input: M, output: M, instructions: hi }\n';
    const p = loadProgram(['/d/m.agents.yaml'], () => text);
    assert.deepEqual(p.diagnostics.map((d) => `${d.code}: ${d.message}`), ["invalid-schema: contract 'M' is not valid JSON Schema: /properties/x/multipleOf must be > 0"]);
  });
  it('suggests for an unknown worker a name not listed already', () => {
    const text = 'handoff: 1\ncontracts:\n  Q: { version: 1, schema: { type: object } }\nagents:\n  lead: { input: Q, instructions: hi }\n  x: { input: Q, output: Q, instructions: hi }\n  xy: { input: Q, output: Q, instructions: hi }\nworkflows:\n  w:\n    pattern: supervisor\n    input: Q\n    output: Q\n    supervisor: lead\n    workers: [x, xx]\n';
    const p = loadProgram(['/d/w.agents.yaml'], () => text);
    const d = p.diagnostics.find((x) => x.code === 'unknown-ref');
    assert.equal(d?.message, "no agent or workflow named 'xx'; did you mean 'xy'?");
  });
  it('loads a program from disk following imports', () => {
    const files: Record<string, string> = { '/d/main.agents.yaml': main, '/d/shared.agents.yaml': shared };
    const p = loadProgram(['/d/main.agents.yaml'], (path) => {
      const t = files[path];
      if (t === undefined) throw new Error('ENOENT');
      return t;
    });
    assert.deepEqual(p.files, ['/d/main.agents.yaml', '/d/shared.agents.yaml']);
    assert.ok(p instanceof WorkspaceProgram);
  });
  it('gives handoff-mismatch quick-fix data and related information', () => {
    const w = ws();
    w.setFile('/ws/main.agents.yaml', main.replace('a: { agent: writer }', 'a: { agent: writer, input: {} }'));
    const d = w.check().diagnostics.find((x) => x.code === 'handoff-mismatch');
    assert.deepEqual(d?.data?.missing, ['id']);
    assert.equal(d?.related?.[0]?.range.start.line, 4);
    assert.match(d?.message ?? '', /input of step 'a' → agent 'writer' \(Ticket@2\): target requires 'id'/);
  });
  it('tells a slow pattern of values from one of property names, whatever the properties are called', () => {
    const ws = new Workspace();
    const schema = '{ type: object, properties: { patternProperties: { type: string, pattern: "^(?=x)" } }, patternProperties: { "^(?=y)": {} } }';
    ws.setFile('/w/p.agents.yaml', `handoff: 1\ncontracts:\n  C:\n    version: 1\n    schema: ${schema}\n`);
    const messages = ws
      .check()
      .diagnostics.filter((d) => d.code === 'slow-pattern')
      .map((d) => d.message);
    assert.equal(messages.length, 2);
    assert.equal(messages.filter((m) => /a long value can stall validation/.test(m)).length, 1, messages.join('\n'));
    assert.equal(messages.filter((m) => /a long property name can stall validation/.test(m)).length, 1, messages.join('\n'));
  });
});

describe('format messages', () => {
  it('an empty key says what belongs there, not what zod expected', () => {
    const text = 'handoff: 1\ncontracts:\n  T: { version: 1, schema: { type: object } }\nagents:\n  a:\n    input:\n    output: T\n    instructions: hi\n';
    const program = loadProgram(['/w/e.agents.yaml'], () => text);
    const messages = program.diagnostics.filter((d) => d.code === 'format').map((d) => d.message);
    assert.deepEqual(messages, ["agent 'a': input: has no value: write a contract name (Name, or Name@2 for a version) here"]);
  });
});
