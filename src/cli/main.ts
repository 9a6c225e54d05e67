/**
 * The `handoff` command: a thin face over src/core. Usage errors exit 2 with a message that
 * says what was expected; each subcommand lives in its own module.
 */
import { HANDOFF_VERSION } from '../core/version';

const USAGE = `handoff ${HANDOFF_VERSION} — typed contracts for multi-agent workflows

Usage:
  handoff check [PATH...] [--json]        check every *.agents.yaml under the paths
  handoff run FILE [--workflow NAME | --agent NAME] [--input JSON | --input @FILE] [options]
  handoff trace FILE [--json]             summarise a recorded run
  handoff schema                          print the JSON Schema of the definition format

Run 'handoff <command> --help' for a command's options.`;

export class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return (await import('./check')).checkCommand(rest);
    case 'run':
      return (await import('./run')).runCommand(rest);
    case 'trace':
      return (await import('./trace')).traceCommand(rest);
    case 'schema':
      return (await import('./schema')).schemaCommand(rest);
    case '--version':
    case '-v':
      process.stdout.write(`${HANDOFF_VERSION}\n`);
      return 0;
    case undefined:
      // Bad usage: the usage goes to stderr (stdout is for what a command prints).
      process.stderr.write(`handoff: name a command\n\n${USAGE}\n`);
      return 2;
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`handoff: ${command.startsWith('-') ? `unknown option ${command}; options follow a command` : `unknown command '${command}'`}\n\n${USAGE}\n`);
      return 2;
  }
}

// A reader that stops early (`handoff trace t.jsonl | head -1`) closes the pipe: stop quietly,
// as other command-line tools do, instead of failing on the write.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`handoff: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`handoff: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
