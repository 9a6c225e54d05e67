/** The result of an assignability check, and how partial results combine. */

export interface AssignProblem {
  /** The JSON path of the offending place (`ticket.verdict`, `items[0]`); empty for the value itself. */
  readonly path: string;
  readonly message: string;
  /** Required fields of the target that the source may omit (for quick fixes). */
  readonly missing?: readonly string[];
}

export interface Unproven {
  readonly path: string;
  readonly keyword: string;
}

export interface AssignResult {
  readonly ok: boolean;
  readonly problems: AssignProblem[];
  readonly unproven: Unproven[];
}

export class Report {
  readonly problems: AssignProblem[] = [];
  readonly unproven: Unproven[] = [];

  get ok(): boolean {
    return this.problems.length === 0;
  }
  problem(path: string, message: string, missing?: string[]): void {
    this.problems.push(missing === undefined ? { path, message } : { path, message, missing });
  }
  add(other: Report): void {
    this.problems.push(...other.problems);
    this.unproven.push(...other.unproven);
  }
}

/** Appends a property name or an index to a JSON path. */
export function childPath(path: string, seg: string | number): string {
  if (typeof seg === 'number') return `${path}[${seg}]`;
  const safe = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg) ? seg : JSON.stringify(seg);
  return path === '' ? safe : `${path}.${safe}`;
}
