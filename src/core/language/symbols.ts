/**
 * The symbols of definition files as the editor sees them: where each name is defined
 * (its key) and every place that names it (a value, a list item, a part of a `$steps.x`
 * string, a `Name@2` pin, a `$ref: "#/contracts/Name"`). Plain data; no VS Code.
 */
import type { Span } from './lineIndex';

export type SymbolKind = 'model' | 'contract' | 'agent' | 'workflow' | 'step';

/** What a reference may name: `worker` is an agent or else a workflow. */
export type RefKind = SymbolKind | 'worker';

export interface SymbolDef {
  readonly kind: SymbolKind;
  readonly name: string;
  readonly file: string;
  /** For steps: the workflow that holds them. */
  readonly workflow?: string;
  /** The key that names it. */
  readonly key: Span;
  /** The key and its whole value (for outlines and folding). */
  readonly entry: Span;
}

export interface SymbolRef {
  readonly kind: RefKind;
  readonly name: string;
  readonly file: string;
  /** For step references: the workflow they are written in. */
  readonly workflow?: string;
  /** Exactly the name's characters (not a quote, not an `@2` pin). */
  readonly span: Span;
  /** For contract references: the pinned version, when there is one. */
  readonly version?: number;
  /** For contract references: the whole `Name@2` text (to pin or unpin it). */
  readonly full?: Span;
  /**
   * The name is written with YAML escapes (`"\x51"` for `Q`): `span` is then the whole
   * scalar, quotes and all, and an edit replaces it whole (with the pin, if any).
   */
  readonly escaped?: true;
}

/** A `$input…` or `$steps.x.output…` reference written in a mapping, condition or result. */
export interface ExprRef {
  readonly text: string;
  readonly span: Span;
  readonly workflow: string;
  /** The step it is written in (absent for `result`). */
  readonly step?: string;
}

/** Where in the format a position is: the key path from the document root. */
export type KeyPath = readonly (string | number)[];

/** A stable id for a definition: two defs with the same id are the same symbol. */
export function symbolId(d: Pick<SymbolDef, 'kind' | 'name' | 'file' | 'workflow'>): string {
  return d.kind === 'step' ? `step:${d.file}#${d.workflow ?? ''}/${d.name}` : `${d.kind}:${d.file}#${d.name}`;
}

export function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
