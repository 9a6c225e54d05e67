import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { interpretValidate } from '../../../src/core/schema/interpret';
import { compilePattern, patternEngine } from '../../../src/core/schema/pattern';
import { compileValidator } from '../../../src/core/schema/validator';

const probe = new URL('./patternProbe.ts', import.meta.url).pathname;

/** Characters where ECMA-262 and RE2 differ if the rewrite is wrong: Unicode spaces, line terminators, astral, accented. */
const CHARS = ['a', 'b', 'A', 'Z', '0', '9', '_', '-', '.', ' ', '\n', '\r', '\v', '\u2028', '\u2029', '\t', '\u00a0', '\ufeff', '\u3000', 'é', 'Ω', 'ß', '😀', '\u{10400}', '\ud83d', '\ude00', '\udc00'];
const LITERALS = ['a', 'b', 'Z', '0', '\\-', '\\.', ' ', 'é', 'Ω', '😀', '\\u00a0', '\\u{1F600}', '\\n', '\\x41', '\\ud83d', '\\ude00'];
const ESCAPES = ['.', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '\\p{L}', '\\P{L}', '\\p{Lu}', '\\p{Letter}', '\\p{gc=Nd}', '\\p{Script=Greek}', '\\p{ASCII}', '\\P{ASCII}', '\\p{Any}'];
const CLASS_ITEMS = ['a', 'b', 'a-c', '0-9', 'A-Z', '\\d', '\\s', '\\S', '\\w', '\\W', 'é', '😀', '\\-', '\\p{Ll}', '\\P{ASCII}', '\\u2028'];

const atom: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...LITERALS),
  fc.constantFrom(...ESCAPES),
  fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...CLASS_ITEMS), { maxLength: 3 })).map(([neg, items]) => `[${neg ? '^' : ''}${items.join('')}]`),
);
const quantifier = fc.oneof(fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,}', '{0,2}', '{1,3}'), fc.constant('')).chain((q) => (q === '' ? fc.constant('') : fc.constantFrom(q, `${q}?`)));

const { pattern } = fc.letrec<{ pattern: string; piece: string; sequence: string }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(atom, quantifier).map(([a, q]) => a + q),
    fc.tuple(tie('pattern'), fc.constantFrom('(?:', '('), quantifier).map(([p, open, q]) => `${open}${p})${q}`),
    fc.constantFrom('^', '$', '\\b', '\\B'),
  ),
  sequence: fc.array(tie('piece'), { minLength: 0, maxLength: 4 }).map((xs) => xs.join('')),
  pattern: fc.array(tie('sequence'), { minLength: 1, maxLength: 3 }).map((xs) => xs.join('|')),
}));
/**
 * What ECMA-262 says `new RegExp(p, 'u').test(s)` is: a match attempt at each code point
 * boundary (RegExpBuiltinExec advances by whole code points with the u flag). V8's own test()
 * also tries the position between the two halves of a surrogate pair, where a lone assertion
 * can succeed (/\B/u.test('a😀a') is true in V8, false by the standard); the sticky flag pins
 * each attempt to one position, so this asks V8 only what the standard asks.
 */
function ecmaTest(native: RegExp, s: string): boolean {
  for (let i = 0; i <= s.length; i += (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1) {
    native.lastIndex = i;
    if (native.test(s)) return true;
  }
  return false;
}

const subject = fc.array(fc.constantFrom(...CHARS), { maxLength: 10 }).map((xs) => xs.join(''));

describe('contract patterns', () => {
  it('match exactly what ECMA-262 matches (random patterns and strings, against RegExp with the u flag)', () => {
    let compared = 0;
    fc.assert(
      fc.property(pattern, fc.array(subject, { minLength: 1, maxLength: 8 }), (p, strings) => {
        let native: RegExp;
        try {
          native = new RegExp(p, 'uy');
        } catch {
          return; // an invalid combination (a quantified anchor): not a pattern
        }
        assert.deepEqual(patternEngine(p), { linear: true }, p);
        const mine = compilePattern(p);
        for (const s of strings) {
          compared++;
          assert.equal(mine.test(s), ecmaTest(native, s), `/${p}/u on ${JSON.stringify(s)}`);
        }
      }),
      { numRuns: 3000 },
    );
    assert.ok(compared > 5000, `only ${compared} comparisons`);
  });

  it('do not match between the halves of a surrogate pair, as V8 does', () => {
    assert.equal(/\B/u.test('a😀a'), true); // V8, at index 2: if this changes, ecmaTest above can go
    assert.equal(ecmaTest(/\B/uy, 'a😀a'), false);
    assert.equal(compilePattern('\\B').test('a😀a'), false);
    assert.equal(compilePattern('\\B').test('ab😀'), true);
  });

  // Each of these backtracks for longer than a test run lasts with RegExp. A test's timeout
  // cannot interrupt a regular expression, so they run in a child process with a deadline.
  it('match patterns that backtrack exponentially in time linear in the value, in the validator and the interpreter too', () => {
    const cases: [string, string][] = [
      ['^(a+)+$', `${'a'.repeat(20_000)}!`],
      ['^(a|a)*$', `${'a'.repeat(20_000)}!`],
      ['^(a|aa)+$', `${'a'.repeat(20_000)}!`],
      ['^(\\w+\\s?)*$', `${'ab '.repeat(7_000)}!`],
      ['(.*a){12}$', `${'a'.repeat(20_000)}!`],
      ['^\\S+@\\S+\\.\\S+$', 'a@'.repeat(20_000)],
    ];
    for (const [p, value] of cases) {
      assert.deepEqual(patternEngine(p), { linear: true }, p);
      assert.equal(compilePattern(p).test('aaaa'), new RegExp(p, 'u').test('aaaa'), p);
      const r = spawnSync(process.execPath, ['--import', 'tsx', probe, p, value], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.signal, null, `/${p}/u did not finish within 30 s on a value of ${value.length} characters`);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { matcher: false, value: ['/v'], key: [`/${value.slice(0, 7)}`], interpreter: ['/v'] }, p);
    }
  });

  it('leave what has no NFA to RegExp, and say why', () => {
    const cases: [string, RegExp, string, boolean][] = [
      ['^(\\w+)-\\1$', /a backreference/, 'ab-ab', true],
      ['^(?<w>\\w+)-\\k<w>$', /a backreference/, 'ab-ba', false],
      ['^(?=.*\\d).{4,}$', /a lookahead/, 'abc1', true],
      ['^(?!x)\\w+$', /a lookahead/, 'xy', false],
      ['(?<=\\$)\\d+', /a lookbehind/, 'cost $5', true],
      ['(?<!\\$)\\b\\d+', /a lookbehind/, 'cost $5', false],
      ['^(?:a{1000}){30}$', /a repetition too large to expand/, 'a'.repeat(30_000), true],
    ];
    for (const [p, reason, s, expected] of cases) {
      const e = patternEngine(p);
      assert.equal(e.linear, false, p);
      assert.match(e.linear ? '' : e.reason, reason, p);
      assert.equal(compilePattern(p).test(s), expected, p);
    }
  });

  it('run every Unicode property, long repeat counts and empty loops themselves', () => {
    const cases: [string, string, boolean][] = [
      ['^\\p{Emoji}+$', '😀🎉', true],
      ['^\\p{Script_Extensions=Greek}$', 'Ω', true],
      ['^\\p{RGI_Emoji}$', '😀', false], // a property of strings: only with the v flag, so ECMA-262 rejects it with u
      ['^a{2000}$', 'a'.repeat(2000), true],
      ['^a{2000}$', 'a'.repeat(1999), false],
      ['^(?:a*)*$', 'aaa', true],
      ['^(?:a?)+b$', 'b', true],
      ['^(?:|a)*?$', 'aa', true],
      ['', 'anything', true],
    ];
    for (const [p, s, expected] of cases) {
      let native: RegExp;
      try {
        native = new RegExp(p, 'u');
      } catch {
        assert.throws(() => compilePattern(p), SyntaxError, p);
        continue;
      }
      assert.deepEqual(patternEngine(p), { linear: true }, p);
      assert.equal(native.test(s), expected, `RegExp: ${p}`);
      assert.equal(compilePattern(p).test(s), expected, p);
    }
  });

  it('reject what ECMA-262 rejects, with its message', () => {
    assert.throws(() => compilePattern('(unclosed'), (err: unknown) => err instanceof SyntaxError && /Unterminated group/.test(err.message));
    assert.throws(() => compilePattern('\\A'), SyntaxError); // an unknown escape is an error with the u flag
  });

  it('are what compiled validators and the interpreter match with', () => {
    const schema = { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{2}\\s\\d+$' } }, patternProperties: { '^x\\s': { type: 'integer' } } };
    // ECMA-262's \s includes U+00A0 (RE2's does not): a validator matching with RE2 unrewritten would refuse these.
    assert.equal(compileValidator(schema)({ code: 'AB\u00a012', 'x\u00a0': 3 }).ok, true);
    assert.deepEqual(compileValidator(schema)({ code: 'AB12', 'x\u00a0': 'three' }).errors.map((e) => e.path), ['/code', '/x\u00a0']);
    // The interpreter does not implement patternProperties: it is given the properties alone.
    const { patternProperties: _, ...properties } = schema;
    assert.deepEqual(interpretValidate({ code: 'AB\u00a012' }, properties), []);
    assert.deepEqual(interpretValidate({ code: 'AB12' }, properties)?.map((e) => e.path), ['/code']);
  });
});
