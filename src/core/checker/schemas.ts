/**
 * Contracts: `invalid-schema` (meta-validation against draft 2020-12, then a trial compile of
 * the bundled schema), `unknown-ref` for `$ref: "#/contracts/Name[@v]"` that names nothing,
 * and `format` for `previous` versions that are not older than the current one.
 */
import type { Path } from '../parse';
import { contractRefsIn } from '../schema/bundle';
import type { JsonSchema } from '../model/program';
import { metaValidate, patternSites, refProblems, SCHEMA_KEYWORDS, unknownFormats, unknownKeywords } from '../schema/meta';
import { knownFormats } from '../schema/ajv';
import { didYouMean } from './suggest';
import { nonFiniteNumbers, refLoop } from '../schema/loops';
import { patternEngine } from '../schema/pattern';
import type { CheckContext } from './context';
import type { SymbolDef } from './fileModel';
import { refContract } from './references';

function pointerPath(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** How a `$ref` of a loop reads in a message: the contract (or local definition) it names. */
function refName(ref: string, self: string): string {
  if (ref === '#') return self;
  const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
  return m ? (m[1] as string).replace(/~1/g, '/').replace(/~0/g, '~') : ref;
}

function checkOne(ctx: CheckContext, def: SymbolDef, schema: unknown, at: Path, version: number | undefined): void {
  // YAML has numbers JSON does not (.inf, .nan, 1e400): no validator can compile them.
  const odd = nonFiniteNumbers(schema);
  for (const { pointer, value } of odd) {
    ctx.out.push(ctx.file.diag([...at, ...pointerPath(pointer)], 'invalid-schema', `contract '${def.name}' is not valid JSON Schema: ${pointer} is ${String(value)}, a number JSON does not have`));
  }
  if (odd.length > 0) return;
  const problems = metaValidate(schema);
  for (const p of problems) {
    ctx.out.push(ctx.file.diag([...at, ...pointerPath(p.path)], 'invalid-schema', `contract '${def.name}' is not valid JSON Schema: ${p.path || '(root)'} ${p.message}`));
  }
  if (problems.length > 0) return;
  slowPatterns(ctx, def, schema, at);
  uncheckedKeywords(ctx, def, schema, at);
  let refsOk = true;
  for (const site of contractRefsIn(schema)) {
    const ref = site.ref.slice('#/contracts/'.length);
    if (!/^[A-Za-z_][A-Za-z0-9_-]*(@[1-9][0-9]*)?$/.test(ref)) {
      ctx.out.push(ctx.file.diag([...at, ...site.path], 'invalid-schema', `'${site.ref}' is not a contract reference: use #/contracts/Name or #/contracts/Name@version`));
      refsOk = false;
    } else if (!refContract(ctx, ref, [...at, ...site.path])) refsOk = false;
  }
  if (!refsOk) return;
  // Local references are checked against the schema as written (bundled refs all resolve).
  const local = refProblems(schema as JsonSchema);
  for (const p of local) {
    ctx.out.push(ctx.file.diag([...at, ...pointerPath(p.path)], 'invalid-schema', `contract '${def.name}': ${p.message}`));
  }
  if (local.length > 0) return;
  // A $ref loop that stays on the same value (A is B, B is A) meta-validates, but no validator
  // can run it; one through a property or an item (a tree) is fine.
  const bundled = ctx.resolver.contractOf(def, version)?.schema;
  const loop = bundled !== undefined ? refLoop(bundled) : undefined;
  if (loop) {
    const last = loop[loop.length - 1] as string;
    const cycle = loop.slice(Math.max(0, loop.indexOf(last)));
    const names = [...(cycle.length === loop.length && last === '#' ? [def.name] : []), ...cycle.map((r) => refName(r, def.name))];
    ctx.out.push(ctx.file.diag(at, 'invalid-schema', `contract '${def.name}' has a $ref loop that stays on the same value (${names.join(' → ')}): validating against it would never end; a recursive contract goes through a property or an item`));
  }
}

/**
 * `unknown-keyword` and `unknown-format` (warnings): JSON Schema lets a schema hold any key and
 * any format name, and a validator ignores those it does not know, so `requird: [id]` or
 * `format: emial` checks nothing while reading as if it did.
 */
function uncheckedKeywords(ctx: CheckContext, def: SymbolDef, schema: unknown, at: Path): void {
  for (const u of unknownKeywords(schema)) {
    const sug = didYouMean(u.keyword, SCHEMA_KEYWORDS);
    ctx.out.push(ctx.file.diag([...at, ...pointerPath(u.path)], 'unknown-keyword', `contract '${def.name}': '${u.keyword}' is not a JSON Schema keyword, so it checks nothing${sug.text}`, { severity: 'warning', prefer: 'key', ...(sug.data ? { data: sug.data } : {}) }));
  }
  const known = knownFormats();
  for (const f of unknownFormats(schema, known)) {
    const sug = didYouMean(f.format, known);
    ctx.out.push(ctx.file.diag([...at, ...pointerPath(f.path)], 'unknown-format', `contract '${def.name}': format '${f.format}' is not one the validator knows, so it checks nothing${sug.text}`, { severity: 'warning', ...(sug.data ? { data: sug.data } : {}) }));
  }
}

/** A `maxLength` at most this keeps even a backtracking pattern quick enough. */
const SHORT_ENOUGH = 1000;

/** `slow-pattern`: regular expressions the linear-time engine cannot run (see schema/pattern.ts). */
function slowPatterns(ctx: CheckContext, def: SymbolDef, schema: unknown, at: Path): void {
  for (const site of patternSites(schema)) {
    const engine = patternEngine(site.pattern);
    if (engine.linear || (site.maxLength !== undefined && site.maxLength <= SHORT_ENOUGH)) continue;
    const isKey = site.matches === 'name';
    ctx.out.push(
      ctx.file.diag(
        [...at, ...pointerPath(site.path)],
        'slow-pattern',
        `contract '${def.name}': this pattern ${engine.reason.replace(/^it /, '')}, so JavaScript's backtracking engine matches it, not in linear time; ` +
          (isKey ? 'a long property name can stall validation if it backtracks. Rewrite it without that construct.' : `a long value can stall validation if it backtracks. Rewrite it without that construct, or bound the value with maxLength (${SHORT_ENOUGH} or less).`),
        { severity: 'info', ...(isKey ? { prefer: 'key' as const } : {}) },
      ),
    );
  }
}

export function checkContract(ctx: CheckContext, def: SymbolDef): void {
  const v = def.value;
  // A missing schema is a format error already; do not report it twice.
  if (v.schema !== undefined) checkOne(ctx, def, v.schema, [...def.path, 'schema'], undefined);
  const prev = v.previous;
  if (prev === null || typeof prev !== 'object' || Array.isArray(prev)) return;
  for (const [ver, entry] of Object.entries(prev)) {
    if (typeof v.version === 'number' && Number(ver) >= v.version) {
      ctx.out.push(ctx.file.diag([...def.path, 'previous', ver], 'format', `previous version ${ver} must be older than the current version ${v.version}`, { prefer: 'key' }));
      continue;
    }
    if (entry && typeof entry === 'object' && (entry as Record<string, unknown>).schema !== undefined) checkOne(ctx, def, (entry as Record<string, unknown>).schema, [...def.path, 'previous', ver, 'schema'], Number(ver));
  }
}
