/**
 * The one ajv instance (JSON Schema draft 2020-12, with formats) that meta-validates contracts
 * and compiles validators for the checker and the engine.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

let instance: Ajv2020 | undefined;

export function sharedAjv(): Ajv2020 {
  if (instance === undefined) {
    instance = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, addUsedSchema: false });
    addFormats(instance);
  }
  return instance;
}
