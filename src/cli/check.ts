export async function checkCommand(_args: string[]): Promise<number> {
  process.stderr.write('handoff: check is not built yet\n');
  return 2;
}
