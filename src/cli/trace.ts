export async function traceCommand(_args: string[]): Promise<number> {
  process.stderr.write('handoff: trace is not built yet\n');
  return 2;
}
