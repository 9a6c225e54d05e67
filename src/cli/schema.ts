import { definitionJsonSchema } from '../core/model/definition';

export function schemaCommand(_args: string[]): number {
  process.stdout.write(`${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
  return 0;
}
