export async function runCommand(_args: string[]): Promise<number> {
  process.stderr.write('handoff: run is not built yet\n');
  return 2;
}
