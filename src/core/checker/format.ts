/**
 * The `format` check: the document against the zod model of the format, one definition at a
 * time so that one bad entry does not hide the others. Unknown keys get a did-you-mean.
 * Every definition that is a mapping is recorded as a symbol, even with format errors, so
 * that the other checks (and the editor) still see it.
 */
import { importProblem } from '../model/imports';
import type { z } from 'zod';
import { Agent, Contract, DefinitionFile, ModelProfile, Name, GraphWorkflow, SupervisorWorkflow, PlanWorkflow } from '../model/definition';
import { isObject } from '../schema/navigate';
import type { FileModel, SymbolKind } from './fileModel';
import { didYouMean } from './suggest';

type Issue = z.core.$ZodIssue;

const ENTRY: Record<string, { kind: SymbolKind; schema: (v: Record<string, unknown>) => z.ZodType }> = {
  models: { kind: 'model', schema: () => ModelProfile },
  contracts: { kind: 'contract', schema: () => Contract },
  agents: { kind: 'agent', schema: () => Agent },
  workflows: {
    kind: 'workflow',
    schema: (v) => (v.pattern === 'supervisor' ? SupervisorWorkflow : v.pattern === 'plan' ? PlanWorkflow : GraphWorkflow),
  },
};

function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let cur: unknown = schema;
  for (const seg of path) {
    const shape = (cur as { shape?: Record<string, unknown> }).shape;
    let next: unknown = shape?.[String(seg)];
    while (next !== undefined && (next as { unwrap?: () => unknown }).unwrap) next = (next as { unwrap: () => unknown }).unwrap();
    cur = next;
  }
  const shape = (cur as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

function readAt(v: unknown, path: readonly PropertyKey[]): unknown {
  let cur = v;
  for (const seg of path) cur = isObject(cur) || Array.isArray(cur) ? (cur as Record<string, unknown>)[String(seg)] : undefined;
  return cur;
}

/** What an empty key should hold, in words, for the keys that name something. */
const EXPECTED: Record<string, string> = {
  input: 'a contract name (Name, or Name@2 for a version)',
  output: 'a contract name (Name, or Name@2 for a version)',
  model: 'a model profile name',
  agent: 'an agent name',
  workflow: 'a workflow name',
  supervisor: 'an agent name',
  planner: 'an agent name',
  critic: 'an agent name',
  instructions: 'the instructions text',
};

function reportIssues(file: FileModel, schema: z.ZodType, value: unknown, prefix: (string | number)[], what: string): unknown {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues as Issue[]) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const where = [...prefix, ...path];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      for (const key of issue.keys) {
        const s = didYouMean(key, known);
        file.diagnostics.push(file.diag([...where, key], 'format', `unknown key '${key}' in ${what}${s.text}`, { prefer: 'key', ...(s.data ? { data: s.data } : {}) }));
      }
    } else if (readAt(value, issue.path) === undefined && path.length > 0) {
      const parent = where.slice(0, -1);
      file.diagnostics.push(file.diag(parent, 'format', `${what} is missing the required key '${String(path[path.length - 1])}'`, { prefer: 'key' }));
    } else {
      const label = path.length > 0 ? `${path.join('.')}: ` : '';
      // A record's key that does not fit: zod says "Invalid key in record"; its own issue says what a key must be.
      const inner = issue.code === 'invalid_key' ? (issue as { issues?: { message: string }[] }).issues?.[0]?.message : undefined;
      const empty = issue.code === 'invalid_type' && readAt(value, issue.path) === null;
      const message =
        inner !== undefined ? `the key '${String(path[path.length - 1])}' is not ${inner}`
        : empty ? `has no value: write ${EXPECTED[String(path[path.length - 1])] ?? `a ${(issue as { expected?: string }).expected ?? 'value'}`} here`
        : issue.message;
      file.diagnostics.push(file.diag(where, 'format', `${what}: ${label}${message}`, inner !== undefined ? { prefer: 'key' } : {}));
    }
  }
  return undefined;
}

export function checkFormat(file: FileModel): void {
  const doc = file.parsed.value;
  if (!isObject(doc)) {
    file.diagnostics.push(file.diagAt({ start: 0, end: Math.min(file.text.indexOf('\n') >>> 0, file.text.length) }, 'format', 'a definition file is a mapping that starts with handoff: 1'));
    return;
  }
  const topKeys = Object.keys(DefinitionFile.shape);
  for (const key of Object.keys(doc)) {
    if (!topKeys.includes(key)) {
      const s = didYouMean(key, topKeys);
      file.diagnostics.push(file.diag([key], 'format', `unknown top-level key '${key}'${s.text}`, { prefer: 'key', ...(s.data ? { data: s.data } : {}) }));
    }
  }
  if (doc.handoff === undefined) {
    const firstKey = Object.keys(doc)[0];
    const at = firstKey !== undefined ? file.offsets([firstKey], 'key') : { start: 0, end: 0 };
    file.diagnostics.push(file.diagAt(at, 'format', 'missing handoff: 1 (the format version) at the top of the file'));
  } else if (doc.handoff !== 1) {
    file.diagnostics.push(file.diag(['handoff'], 'format', `unsupported format version ${JSON.stringify(doc.handoff)}: this checker reads handoff: 1`));
  }
  for (const key of ['description'] as const) {
    if (doc[key] !== undefined && doc[key] !== null && typeof doc[key] !== 'string') file.diagnostics.push(file.diag([key], 'format', `${key} must be a string`));
  }
  if (doc.imports !== undefined) {
    if (!Array.isArray(doc.imports)) file.diagnostics.push(file.diag(['imports'], 'format', 'imports must be a list of relative paths'));
    else doc.imports.forEach((spec, i) => {
      if (typeof spec === 'string' && spec.length > 0) {
        const problem = importProblem(spec);
        if (problem) file.diagnostics.push(file.diag(['imports', i], 'import', problem));
        else file.addImport(spec, i);
      } else file.diagnostics.push(file.diag(['imports', i], 'format', 'an import is a relative path to another *.agents.yaml file'));
    });
  }
  for (const [section, { kind, schema }] of Object.entries(ENTRY)) {
    const entries = doc[section];
    if (entries === undefined || entries === null) continue;
    if (!isObject(entries)) {
      file.diagnostics.push(file.diag([section], 'format', `${section} must be a mapping of names to definitions`));
      continue;
    }
    for (const [name, value] of Object.entries(entries)) {
      const what = `${kind} '${name}'`;
      if (!Name.safeParse(name).success) {
        file.diagnostics.push(file.diag([section, name], 'format', `'${name}' is not a valid name: a name starts with a letter or _ and holds letters, digits, _ and -`, { prefer: 'key' }));
      }
      if (!isObject(value)) {
        file.diagnostics.push(file.diag([section, name], 'format', `${what} must be a mapping`));
        continue;
      }
      if (kind === 'workflow' && value.pattern !== undefined && !['graph', 'supervisor', 'plan'].includes(value.pattern as string)) {
        const s = didYouMean(String(value.pattern), ['graph', 'supervisor', 'plan']);
        file.diagnostics.push(file.diag([section, name, 'pattern'], 'format', `unknown pattern '${String(value.pattern)}': graph, supervisor or plan${s.text}`, s.data ? { data: s.data } : {}));
        file.define(kind, name, value);
        continue;
      }
      const parsed = reportIssues(file, schema(value), value, [section, name], what);
      file.define(kind, name, (isObject(parsed) ? parsed : value) as Record<string, unknown>);
    }
  }
}
