/**
 * The pattern benchmark: what matching contract patterns in linear time (the NFA of
 * src/core/schema/pattern.ts) costs against JavaScript's RegExp, the peer, in the same run.
 * Two tables: typical contract patterns on typical values (what every validation pays), and
 * patterns that backtrack, on values that make them (what the linear engine is for).
 * Run: node --import tsx bench/patterns/run.ts
 */
import { compilePattern, patternEngine } from '../../src/core/schema/pattern';

/** Median time of one call of f, in µs: rounds of at least 200 ms each. */
function perCall(f: () => void, rounds = 5): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < 200) {
      for (let i = 0; i < 200; i++) f();
      n += 200;
      t = performance.now();
    }
    times.push(((t - t0) * 1000) / n);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)] as number;
}

const typical: [string, string][] = [
  ['^[A-Z]{2}\\s\\d+$', 'AB 12345'],
  ['^\\d{4}-\\d{2}-\\d{2}$', '2026-11-24'],
  ['^[a-z0-9_-]{3,32}$', 'user_name-42'],
  ['^\\S+@\\S+\\.\\S+$', 'someone.longer@example-domain.com'],
  ['^\\p{Lu}\\p{Ll}+(?: \\p{Lu}\\p{Ll}+)*$', 'Ada Lovelace Byron'],
  ['claim', `${'x'.repeat(500)}claim`],
];

const fmt = (us: number): string => (us < 1 ? us.toFixed(3) : us.toFixed(2));
console.log('Typical contract patterns (median of 5 rounds, µs per match)\n');
console.log('| pattern | value | RegExp (peer) | linear (NFA) | ratio |');
console.log('| --- | --- | --- | --- | --- |');
for (const [p, s] of typical) {
  if (!patternEngine(p).linear) throw new Error(`${p} is not run by the linear engine`);
  const native = new RegExp(p, 'u');
  const linear = compilePattern(p);
  const a = perCall(() => native.test(s));
  const b = perCall(() => linear.test(s));
  const shown = s.length > 24 ? `${s.slice(0, 8)}…(${s.length} chars)` : s;
  console.log(`| \`${p}\` | \`${shown}\` | ${fmt(a)} | ${fmt(b)} | ${(b / a).toFixed(1)}× |`);
}

// RegExp's time grows exponentially with the value on these, so it is measured on a few short
// values (three lengths, to show the growth) and the linear engine on those and on long ones.
const hostile: [string, (n: number) => string, number[]][] = [
  ['^(a+)+$', (n) => `${'a'.repeat(n)}!`, [20, 22, 24]],
  ['^(\\w+\\s?)*$', (n) => `${'a'.repeat(n)}!`, [20, 22, 24]],
  ['^(a|aa)+$', (n) => `${'a'.repeat(n)}!`, [30, 33, 36]],
  ['(.*a){12}$', (n) => `${'a'.repeat(n)}!`, [20, 24, 28]],
];
const ms = (f: () => void): string => {
  const t0 = performance.now();
  f();
  return (performance.now() - t0).toFixed(1);
};
console.log('\nBacktracking patterns on values that make them backtrack (one match, ms; the value is n a\'s and a !)\n');
console.log('| pattern | RegExp (peer), n = | RegExp | linear, same n | linear, n = 20,000 | linear, n = 200,000 |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [p, make, sizes] of hostile) {
  if (!patternEngine(p).linear) throw new Error(`${p} is not run by the linear engine`);
  const native = new RegExp(p, 'u');
  const linear = compilePattern(p);
  const values = sizes.map(make);
  native.test(make(8)); // compiled before it is timed
  linear.test(make(8));
  const nativeMs = values.map((v) => ms(() => native.test(v)));
  const linearMs = values.map((v) => ms(() => linear.test(v)));
  const long = [20_000, 200_000].map((n) => make(n)).map((v) => ms(() => linear.test(v)));
  console.log(`| \`${p.replace(/\|/g, '\\|')}\` | ${sizes.join(' / ')} | ${nativeMs.join(' / ')} | ${linearMs.join(' / ')} | ${long[0]} | ${long[1]} |`);
}
