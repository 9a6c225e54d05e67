/**
 * The regular expressions of contracts (`pattern`, `patternProperties`), matched in linear
 * time. A contract's pattern is tested against whatever a model sends back; with JavaScript's
 * backtracking engine a pattern such as `^(a+)+$` and a reply of forty characters would take
 * over an hour (each character doubles it; bench/patterns), and it would take the run (and,
 * in the editor, the extension host) with it.
 *
 * So a pattern is parsed as ECMA-262 with the u flag (as JSON Schema and ajv read it) by
 * regjsparser, compiled to a Thompson NFA, and matched by simulating every state of it at once
 * (Thompson 1968; Cox, "Regular Expression Matching: the Virtual Machine Approach"): each
 * character of the value is looked at once per state, so the time grows with the length of
 * the value times the size of the pattern, never exponentially. A test only asks whether
 * there is a match, so captures and greediness do not matter. Which characters a class,
 * escape or `.` matches is decided by RegExp itself, one code point at a time (a pattern of
 * one character cannot backtrack): the meaning stays exactly ECMA-262's, Unicode properties
 * included.
 *
 * What has no NFA (backreferences, lookahead and lookbehind) or changes the meaning of what it
 * encloses (inline flags), and repetitions too large to expand, are matched by RegExp itself;
 * `patternEngine` says so and why, and the checker reports it on the contract (`slow-pattern`).
 *
 * We chose this over re2js (a port of RE2): re2js weighs 147 KB minified, which put the
 * extension bundle over its 1 MB budget, and matching RE2 to ECMA-262 needed rewriting every
 * class and escape into RE2's meaning of them.
 */
import { parse } from 'regjsparser';
import type { AstNode, RootNode } from 'regjsparser';

export interface PatternMatcher {
  test(s: string): boolean;
}

export type PatternEngine = { readonly linear: true } | { readonly linear: false; readonly reason: string };

/** Beyond this many instructions (`(?:a{1000}){30}` would expand to 30,000) a pattern is left to RegExp. */
const MAX_PROGRAM = 20_000;

/** The instructions of the NFA. */
const CHAR = 0; // the character at the position satisfies preds[arg]: go to pc + 1 at the next position
const SPLIT = 1; // go to arg and to arg2
const JMP = 2; // go to arg
const ASSERT = 3; // the position satisfies assertion arg: go to pc + 1
const MATCH = 4;

const AT_START = 0;
const AT_END = 1;
const BOUNDARY = 2;
const NOT_BOUNDARY = 3;
const ANCHORS: Record<string, number> = { start: AT_START, end: AT_END, boundary: BOUNDARY, 'not-boundary': NOT_BOUNDARY };

/** A construct the NFA does not have; the pattern is left to JavaScript's engine. */
class Unsupported extends Error {}

type Pred = (cp: number) => boolean;

/** How many non-ASCII answers a character class remembers. */
const MEMO = 512;

/**
 * The characters one class, escape or `.` matches, as RegExp says (its source is the
 * pattern's own text of it): ASCII answers are worked out up front, others asked once and
 * remembered.
 */
function classPred(raw: string): Pred {
  const re = new RegExp(`^${raw}$`, 'u');
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  const memo = new Map<number, boolean>();
  return (cp) => {
    if (cp < 128) return ascii[cp] === 1;
    let hit = memo.get(cp);
    if (hit === undefined) {
      hit = re.test(String.fromCodePoint(cp));
      if (memo.size < MEMO) memo.set(cp, hit);
    }
    return hit;
  };
}

type Features = { lookbehind: true; namedGroups: true; unicodePropertyEscape: true; modifiers: true };
const FEATURES: Features = { lookbehind: true, namedGroups: true, unicodePropertyEscape: true, modifiers: true };
type Node = AstNode<Features> | RootNode<Features>;

/** The NFA of a pattern, as parallel arrays: op, its argument(s), and the character tests. */
interface Program {
  readonly op: Uint8Array;
  readonly arg: Int32Array;
  readonly arg2: Int32Array;
  readonly preds: readonly Pred[];
  /** Whether every match must start at position 0 (the pattern begins with `^`). */
  readonly anchored: boolean;
  /** What the first character of every match is (undefined when a match can be empty): where a search can skip to. */
  readonly first: First | undefined;
}

/** The characters a match can start with: one literal code point (found with indexOf), or any of some tests. */
type First = { readonly literal: string } | { readonly preds: readonly Pred[] };

class Compiler {
  private readonly op: number[] = [];
  private readonly arg: number[] = [];
  private readonly arg2: number[] = [];
  private readonly preds: Pred[] = [];
  private readonly predOf = new Map<string, number>();
  /** The code point of each literal character's test. */
  private readonly literalOf = new Map<number, number>();

  private emit(op: number, arg = 0, arg2 = 0): number {
    if (this.op.length >= MAX_PROGRAM) throw new Unsupported(`a repetition too large to expand (over ${MAX_PROGRAM.toLocaleString('en-US')} states)`);
    this.op.push(op);
    this.arg.push(arg);
    this.arg2.push(arg2);
    return this.op.length - 1;
  }

  private pred(key: string, make: () => Pred): number {
    let i = this.predOf.get(key);
    if (i === undefined) {
      i = this.preds.push(make()) - 1;
      this.predOf.set(key, i);
    }
    return i;
  }

  private seq(nodes: readonly Node[]): void {
    for (const n of nodes) this.node(n);
  }

  private node(n: Node): void {
    switch (n.type) {
      case 'alternative':
        return this.seq(n.body);
      case 'disjunction':
        return this.alternatives(n.body.map((b) => () => this.node(b)));
      case 'value': {
        const cp = n.codePoint;
        const pred = this.pred(`=${cp}`, () => (c) => c === cp);
        this.literalOf.set(pred, cp);
        this.emit(CHAR, pred);
        return;
      }
      case 'dot':
      case 'characterClass':
      case 'characterClassEscape':
      case 'unicodePropertyEscape':
        this.emit(CHAR, this.pred(n.raw, () => classPred(n.raw)));
        return;
      case 'anchor': {
        const kind = ANCHORS[n.kind];
        if (kind === undefined) throw new Unsupported(`the anchor ${n.raw}`);
        this.emit(ASSERT, kind);
        return;
      }
      case 'group':
        if (n.behavior === 'normal') return this.seq(n.body); // captures are never read
        if (n.behavior === 'ignore') {
          if ((n as { modifierFlags?: unknown }).modifierFlags) throw new Unsupported('inline flags');
          return this.seq(n.body);
        }
        throw new Unsupported(n.behavior.endsWith('ahead') || n.behavior.endsWith('Lookahead') ? 'a lookahead' : 'a lookbehind');
      case 'quantifier':
        return this.repeat(n.body[0] as Node, n.min, n.max);
      case 'reference':
        throw new Unsupported('a backreference');
      default:
        throw new Unsupported(`the construct ${(n as { raw?: string }).raw ?? ''}`);
    }
  }

  /** `a|b|c`: a split to each, each jumping to the end. */
  private alternatives(branches: readonly (() => void)[]): void {
    const jumps: number[] = [];
    branches.forEach((branch, i) => {
      if (i < branches.length - 1) {
        const split = this.emit(SPLIT);
        this.arg[split] = split + 1;
        branch();
        jumps.push(this.emit(JMP));
        this.arg2[split] = this.op.length;
      } else branch();
    });
    for (const j of jumps) this.arg[j] = this.op.length;
  }

  /** `body{min,max}` (max undefined: unbounded): min copies, then optional ones or a loop. */
  private repeat(body: Node, min: number, max: number | undefined): void {
    for (let i = 0; i < min; i++) this.node(body);
    if (max === undefined) {
      const split = this.emit(SPLIT, this.op.length + 1);
      this.node(body);
      this.emit(JMP, split);
      this.arg2[split] = this.op.length;
      return;
    }
    const splits: number[] = [];
    for (let i = min; i < max; i++) {
      splits.push(this.emit(SPLIT, this.op.length + 1));
      this.node(body);
    }
    for (const s of splits) this.arg2[s] = this.op.length;
  }

  /** The tests of the characters reachable from the start without reading one (assertions taken as true), or undefined if MATCH is. */
  private first(): First | undefined {
    const seen = new Set<number>();
    const preds = new Set<number>();
    const stack = [0];
    while (stack.length > 0) {
      const at = stack.pop() as number;
      if (seen.has(at)) continue;
      seen.add(at);
      const op = this.op[at];
      if (op === MATCH) return undefined;
      if (op === CHAR) preds.add(this.arg[at] as number);
      else if (op === JMP) stack.push(this.arg[at] as number);
      else if (op === SPLIT) stack.push(this.arg[at] as number, this.arg2[at] as number);
      else stack.push(at + 1);
    }
    const [only] = preds;
    const cp = preds.size === 1 && only !== undefined ? this.literalOf.get(only) : undefined;
    if (cp !== undefined && (cp < 0xd800 || cp > 0xdfff)) return { literal: String.fromCodePoint(cp) };
    return { preds: [...preds].map((i) => this.preds[i] as Pred) };
  }

  compile(root: Node): Program {
    this.node(root);
    this.emit(MATCH);
    return {
      op: Uint8Array.from(this.op),
      arg: Int32Array.from(this.arg),
      arg2: Int32Array.from(this.arg2),
      preds: this.preds,
      anchored: this.op[0] === ASSERT && this.arg[0] === AT_START,
      first: this.first(),
    };
  }
}

/** ECMA-262's word characters for `\b` (with the u flag and without i: ASCII only). -1 is outside the string. */
const isWord = (cp: number): boolean => (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x30 && cp <= 0x39) || cp === 0x5f;

/** The code point before position j of s (-1 at the start). */
function before(s: string, j: number): number {
  if (j === 0) return -1;
  const lo = s.charCodeAt(j - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && j >= 2) {
    const hi = s.charCodeAt(j - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return (hi - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
  }
  return lo;
}

/** The first position from i (a code point boundary) where a match can start, or -1. */
function skip(s: string, i: number, first: First): number {
  if ('literal' in first) return s.indexOf(first.literal, i);
  const { preds } = first;
  while (i < s.length) {
    const cp = s.codePointAt(i) as number;
    for (const p of preds) if (p(cp)) return i;
    i += cp > 0xffff ? 2 : 1;
  }
  return -1;
}

/** The two state lists (the CHAR states alive at a position, as sparse sets stamped with a generation) and the closure's stack. */
interface Work {
  readonly lists: readonly [Int32Array, Int32Array];
  readonly stamp: Uint32Array;
  readonly stack: Int32Array;
}

/** A pattern run by simulating its NFA. `toString` is the pattern as a JavaScript literal (ajv keys compiled patterns by it). */
class LinearPattern implements PatternMatcher {
  /** Working memory, made on the first test (the checker compiles patterns it never runs). */
  private work: Work | undefined;
  private gen = 0;

  constructor(
    private readonly source: string,
    private readonly p: Program,
  ) {}

  /**
   * Adds the states reachable from `pc` without reading a character, at a position between
   * `prev` and `next` (code points, -1 outside the string), to `list` (which holds `size`
   * states); returns the new size, or -1 when MATCH is reachable.
   */
  private add(list: Int32Array, size: number, pc: number, prev: number, next: number): number {
    const { op, arg, arg2 } = this.p;
    const { stamp, stack } = this.work as Work;
    const gen = this.gen;
    let top = 0;
    stack[top++] = pc;
    while (top > 0) {
      const at = stack[--top] as number;
      if (stamp[at] === gen) continue;
      stamp[at] = gen;
      switch (op[at]) {
        case CHAR:
          list[size++] = at;
          break;
        case MATCH:
          return -1;
        case JMP:
          stack[top++] = arg[at] as number;
          break;
        case SPLIT:
          stack[top++] = arg2[at] as number;
          stack[top++] = arg[at] as number;
          break;
        case ASSERT: {
          const k = arg[at];
          const ok = k === AT_START ? prev < 0 : k === AT_END ? next < 0 : (isWord(prev) !== isWord(next)) === (k === BOUNDARY);
          if (ok) stack[top++] = at + 1;
          break;
        }
      }
    }
    return size;
  }

  test(s: string): boolean {
    const { arg, preds, anchored, first } = this.p;
    const n = s.length;
    const states = this.p.op.length;
    const work = (this.work ??= { lists: [new Int32Array(states), new Int32Array(states)], stamp: new Uint32Array(states), stack: new Int32Array(states * 2 + 1) });
    // One generation per position; start afresh before the counter could wrap within this call.
    if (this.gen > 0xffffffff - n - 2) {
      this.gen = 0;
      work.stamp.fill(0);
    }
    this.gen++;
    let [clist, nlist] = work.lists;
    let size = 0;
    let prev = -1;
    for (let i = 0; ; ) {
      if (size === 0 && !anchored && first !== undefined) {
        // Nothing is under way: go straight to where a match can start.
        const j = skip(s, i, first);
        if (j < 0) return false;
        if (j !== i) {
          i = j;
          prev = before(s, j);
          this.gen++; // states the last step stamped were judged at another position
        }
      }
      const cur = i < n ? (s.codePointAt(i) as number) : -1;
      // A match may start here too: JSON Schema's pattern is searched for anywhere in the value.
      if (i === 0 || !anchored) {
        size = this.add(clist, size, 0, prev, cur);
        if (size < 0) return true;
      }
      if (cur < 0 || (anchored && size === 0)) return false;
      const width = cur > 0xffff ? 2 : 1;
      const next = i + width < n ? (s.codePointAt(i + width) as number) : -1;
      this.gen++;
      let nsize = 0;
      for (let k = 0; k < size; k++) {
        const pc = clist[k] as number;
        if ((preds[arg[pc] as number] as Pred)(cur)) {
          nsize = this.add(nlist, nsize, pc + 1, cur, next);
          if (nsize < 0) return true;
        }
      }
      const t = clist;
      clist = nlist;
      nlist = t;
      size = nsize;
      prev = cur;
      i += width;
    }
  }

  toString(): string {
    return `/${this.source}/u`;
  }
}

interface Compiled {
  readonly matcher: PatternMatcher;
  readonly engine: PatternEngine;
}

const cache = new Map<string, Compiled>();
const MAX_CACHED = 5000;

function compile(pattern: string): Compiled {
  let hit = cache.get(pattern);
  if (hit) return hit;
  const native = new RegExp(pattern, 'u'); // ECMA-262's own verdict on the syntax, with its message
  let engine: PatternEngine;
  let matcher: PatternMatcher = native;
  try {
    const program = new Compiler().compile(parse(pattern, 'u', FEATURES));
    matcher = new LinearPattern(pattern, program);
    engine = { linear: true };
  } catch (err) {
    if (err instanceof Unsupported) engine = { linear: false, reason: `it uses ${err.message}` };
    else engine = { linear: false, reason: `it uses syntax the linear-time engine cannot parse (${err instanceof Error ? err.message : String(err)})` };
  }
  hit = { matcher, engine };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(pattern, hit);
  return hit;
}

/**
 * A matcher for a contract's pattern (ECMA-262, u flag; searched anywhere in the string, as
 * JSON Schema's `pattern` is): linear-time where the NFA can run the pattern, JavaScript's own
 * engine otherwise. Throws a SyntaxError for a pattern that is not valid ECMA-262.
 */
export function compilePattern(pattern: string): PatternMatcher {
  return compile(pattern).matcher;
}

/** The pattern engine ajv compiles `pattern` and `patternProperties` with (its `code.regExp` option). */
export const ajvPatternEngine = Object.assign((pattern: string, flags: string): PatternMatcher => (flags === 'u' ? compilePattern(pattern) : new RegExp(pattern, flags)), {
  code: 'compilePattern',
});

/** Which engine matches a pattern, and if it is not the linear-time one, why. */
export function patternEngine(pattern: string): PatternEngine {
  return compile(pattern).engine;
}
