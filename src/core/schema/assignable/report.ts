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
  /** At most `MAX_REPORTED`; `omitted` counts the others. */
  readonly problems: AssignProblem[];
  readonly unproven: Unproven[];
  readonly omitted: number;
}

/**
 * Most problems (and unproven keywords) a report keeps: a contract that refers to another
 * many times over can break the same way at exponentially many paths.
 */
export const MAX_REPORTED = 1000;

export class Report {
  readonly problems: AssignProblem[] = [];
  readonly unproven: Unproven[] = [];
  /** Problems found beyond MAX_REPORTED. */
  omitted = 0;

  get ok(): boolean {
    return this.problems.length === 0;
  }
  problem(path: string, message: string, missing?: string[]): void {
    this.pushProblem(missing === undefined ? { path, message } : { path, message, missing });
  }
  pushProblem(p: AssignProblem): void {
    if (this.problems.length < MAX_REPORTED) this.problems.push(p);
    else this.omitted++;
  }
  pushUnproven(u: Unproven): void {
    if (this.unproven.length < MAX_REPORTED) this.unproven.push(u);
  }
  add(other: Report): void {
    for (const p of other.problems) this.pushProblem(p);
    for (const u of other.unproven) this.pushUnproven(u);
    this.omitted += other.omitted;
  }
}

/** Appends a property name or an index to a JSON path. */
export function childPath(path: string, seg: string | number): string {
  if (typeof seg === 'number') return `${path}[${seg}]`;
  const safe = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg) ? seg : JSON.stringify(seg);
  return path === '' ? safe : `${path}.${safe}`;
}
