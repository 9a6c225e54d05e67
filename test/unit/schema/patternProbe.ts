/**
 * Run by pattern.test.ts in a child process with a deadline: validates a value that makes a
 * backtracking engine run for ages, so that a regression fails the test instead of hanging
 * the whole unit run (a test's own timeout cannot interrupt a regular expression).
 * Prints a JSON line: what the compiled validator, the interpreter and the matcher said.
 */
import { interpretValidate } from '../../../src/core/schema/interpret';
import { compilePattern } from '../../../src/core/schema/pattern';
import { compileValidator } from '../../../src/core/schema/validator';

const [pattern = '', value = ''] = process.argv.slice(2);
// The value as a property's value (pattern), and as a property name (patternProperties: a name
// that does not match is refused by additionalProperties, so the error says the key was tested).
const asValue = compileValidator({ type: 'object', properties: { v: { type: 'string', pattern } } })({ v: value });
const asKey = compileValidator({ type: 'object', patternProperties: { [pattern]: {} }, additionalProperties: false })({ [value]: 1 });
const interpreted = interpretValidate({ v: value }, { properties: { v: { pattern } } });
process.stdout.write(
  `${JSON.stringify({
    matcher: compilePattern(pattern).test(value),
    value: asValue.errors.map((e) => e.path),
    key: asKey.errors.map((e) => e.path.slice(0, 8)),
    interpreter: interpreted?.map((e) => e.path),
  })}\n`,
);
