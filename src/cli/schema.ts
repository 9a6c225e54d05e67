import { definitionJsonSchema } from '../core/model/definition';

const USAGE = 'Usage: handoff schema\n  prints the JSON Schema of the definition format (for any YAML editor)\n';

export function schemaCommand(args: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
  if (args.includes('--help') || args.includes('-h')) {
    out(USAGE);
    return 0;
  }
  if (args.length > 0) {
    err(`handoff schema: it takes no ${args[0]!.startsWith('-') ? `option ${args[0]}` : `argument '${args[0]}'`}\n${USAGE}`);
    return 2;
  }
  out(`${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
  return 0;
}
