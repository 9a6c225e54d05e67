/**
 * The one ajv instance (JSON Schema draft 2020-12, with formats) that meta-validates contracts
 * and compiles validators for the checker and the engine.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ajvPatternEngine } from './pattern';

let instance: Ajv2020 | undefined;

export function sharedAjv(): Ajv2020 {
  if (instance === undefined) {
    // Contract patterns are matched in linear time (see pattern.ts): a model's reply cannot
    // stall validation however the pattern is written.
    // strictNumbers: NaN and ±Infinity are not JSON numbers. logger off: ajv printed "unknown
    // format ignored" on stderr at run time; the checker reports unknown formats and keywords
    // (with where they are) instead.
    instance = new Ajv2020({ strict: false, strictNumbers: true, logger: false, allErrors: true, validateFormats: true, addUsedSchema: false, code: { regExp: ajvPatternEngine } });
    addFormats(instance);
  }
  return instance;
}

let formats: ReadonlySet<string> | undefined;

/** The `format` names validators check (ajv-formats', added once with the instance). */
export function knownFormats(): ReadonlySet<string> {
  formats ??= new Set(Object.keys(sharedAjv().formats));
  return formats;
}
