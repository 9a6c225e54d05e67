/**
 * Hover text (Markdown) for the name or reference under the cursor: a contract as a
 * readable type with its version, an agent's signature, a workflow's, a model profile, a
 * step's output, and the type of any `$` reference.
 */
import type { Span } from './lineIndex';
import { contractInfo, defData, referenceType, schemaEnv, stepOutputRef, type ContractInfo } from './resolveData';
import { deref, schemaAt } from './schemaNav';
import { contains, type SymbolDef } from './symbols';
import { typeText } from './typeText';
import { placeholderSegments } from '../expr/placeholder';
import type { LanguageIndex } from './workspaceIndex';

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

const code = (t: string): string => '```ts\n' + t + '\n```';

export function contractMarkdown(c: ContractInfo): string {
  const label = `${c.name}@${c.version}`;
  const head = code(`contract ${label} = ${typeText(c.schema)}`);
  const others = c.versions.filter((v) => v !== c.version);
  const notes = [
    c.current ? `version ${c.version} (current)` : `version ${c.version} (an earlier version; the current one is ${c.currentVersion})`,
    others.length > 0 ? `other versions: ${others.join(', ')}` : '',
  ].filter(Boolean);
  return [head, c.description ?? '', notes.join(' · ')].filter(Boolean).join('\n\n');
}

function sig(ref: unknown): string {
  return typeof ref === 'string' ? ref : '∅';
}

function agentMarkdown(ix: LanguageIndex, def: SymbolDef): string {
  const a = defData(ix, def);
  const out = typeof a.output === 'string' ? a.output : '(supplied by the engine)';
  const lines = [code(`agent ${def.name}: ${sig(a.input)} → ${out}`)];
  if (typeof a.description === 'string') lines.push(a.description);
  const facts: string[] = [];
  const modelName = typeof a.model === 'string' ? a.model : 'default';
  const model = ix.lookup('model', modelName, def.file);
  const m = model ? defData(ix, model) : {};
  facts.push(`model \`${modelName}\`${typeof m.model === 'string' ? ` (${m.model})` : ''}`);
  if (a.retries !== undefined) facts.push(`retries ${String(a.retries)}`);
  if (a.timeout !== undefined) facts.push(`timeout ${String(a.timeout)}`);
  if (a.fallback !== undefined) facts.push(`fallback \`${JSON.stringify(a.fallback)}\``);
  const r = a.reflect as { critic?: unknown; rounds?: unknown } | undefined;
  if (r && typeof r.critic === 'string') facts.push(`reviewed by \`${r.critic}\` (${String(r.rounds ?? 1)} rounds at most)`);
  lines.push(facts.join(' · '));
  return lines.join('\n\n');
}

function workflowMarkdown(ix: LanguageIndex, def: SymbolDef): string {
  const w = defData(ix, def);
  const pattern = typeof w.pattern === 'string' ? w.pattern : 'graph';
  const lines = [code(`workflow ${def.name}: ${sig(w.input)} → ${sig(w.output)}`)];
  if (typeof w.description === 'string') lines.push(w.description);
  const steps = w.steps && typeof w.steps === 'object' ? Object.keys(w.steps) : [];
  const workers = Array.isArray(w.workers) ? w.workers.join(', ') : '';
  lines.push(`pattern ${pattern}${steps.length ? ` · steps ${steps.join(', ')}` : ''}${workers ? ` · workers ${workers}` : ''}`);
  return lines.join('\n\n');
}

function stepMarkdown(ix: LanguageIndex, def: SymbolDef): string {
  const s = defData(ix, def);
  const target = typeof s.agent === 'string' ? `agent ${s.agent}` : typeof s.workflow === 'string' ? `workflow ${s.workflow}` : '?';
  const out = stepOutputRef(ix, def.file, def.workflow ?? '', def.name);
  const c = out ? contractInfo(ix, out.ref, out.from) : undefined;
  const lines = [code(`step ${def.name} (${target}) → ${c ? `${c.name}@${c.version}` : '?'}`)];
  if (c) lines.push(code(`$steps.${def.name}.output: ${typeText(c.schema)}`));
  if (typeof s.when === 'string') lines.push(`runs when \`${s.when}\``);
  return lines.join('\n\n');
}

function modelMarkdown(ix: LanguageIndex, def: SymbolDef): string {
  const m = defData(ix, def);
  const facts = Object.entries(m).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return code(`model ${def.name} { ${facts.join(', ')} }`);
}

export function hoverAt(ix: LanguageIndex, file: string, offset: number): HoverResult | undefined {
  const idx = ix.get(file);
  if (!idx) return undefined;
  const expr = idx.exprs.find((e) => contains(e.span, offset));
  // Hover the path up to the segment under the cursor: `$steps.a.output.b` when on `b`;
  // on the step name of `$steps.a…` the step itself is described below.
  const cut = expr ? expr.text.indexOf('.', offset - expr.span.start) : -1;
  const text = expr ? (cut < 0 ? expr.text : expr.text.slice(0, cut)) : '';
  if (expr && !(text.startsWith('$steps.') && text.split('.').length < 3)) {
    const t = referenceType(ix, file, expr.workflow, text);
    const shown = t?.schema !== undefined ? typeText(deref(t.schema, t.env) ?? t.schema) : t ? 'unknown (no such field)' : 'unknown';
    const from = t?.contract ? `\n\nfrom contract \`${t.contract.name}@${t.contract.version}\`` : '';
    return { markdown: code(`${text}: ${shown}`) + from, span: { start: expr.span.start, end: expr.span.start + text.length } };
  }
  const tpl = templateHover(ix, file, offset);
  if (tpl) return tpl;
  const at = ix.symbolAt(file, offset);
  if (!at) return undefined;
  const d = at.def;
  let markdown: string;
  if (d.kind === 'contract') {
    const c = contractInfo(ix, at.ref?.version ? `${d.name}@${at.ref.version}` : d.name, d.file);
    if (!c) return undefined;
    markdown = contractMarkdown(c);
  } else if (d.kind === 'agent') markdown = agentMarkdown(ix, d);
  else if (d.kind === 'workflow') markdown = workflowMarkdown(ix, d);
  else if (d.kind === 'step') markdown = stepMarkdown(ix, d);
  else markdown = modelMarkdown(ix, d);
  return { markdown, span: at.span };
}

/** `{{a.b}}` in an agent's instructions: the type of that path of the agent's input contract. */
function templateHover(ix: LanguageIndex, file: string, offset: number): HoverResult | undefined {
  const idx = ix.get(file);
  const agent = idx?.defs.find((d) => d.kind === 'agent' && d.entry.start <= offset && offset <= d.entry.end);
  if (!idx || !agent) return undefined;
  const open = idx.text.lastIndexOf('{{', offset);
  const close = idx.text.indexOf('}}', open);
  if (open < 0 || close < 0 || offset > close + 2 || idx.text.slice(open, close).includes('\n')) return undefined;
  const path = idx.text.slice(open + 2, close).trim();
  // The engine's placeholder syntax (names may hold spaces, `{{.}}` is the whole input).
  if (/[{}]/.test(path)) return undefined;
  const input = defData(ix, agent).input;
  const c = typeof input === 'string' ? contractInfo(ix, input, file) : undefined;
  if (!c) return undefined;
  const env = schemaEnv(ix, c.def.file);
  const t = schemaAt(c.schema, placeholderSegments(path), env);
  const shown = t === undefined ? 'unknown (not in the input contract)' : typeText(deref(t, env) ?? t);
  return { markdown: code(`{{${path}}}: ${shown}`) + `\n\nfrom the input contract \`${c.name}@${c.version}\``, span: { start: open, end: close + 2 } };
}
