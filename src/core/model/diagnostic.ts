/**
 * A diagnostic of the checker: the one shape the CLI, the editor and the tests share.
 * Lines and columns are 1-based (as `handoff check` prints them); the editor converts.
 */
import { z } from 'zod';

export const DiagnosticCode = z.enum([
  'syntax',
  'format',
  'unknown-ref',
  'invalid-schema',
  'handoff-mismatch',
  'template-var',
  'fallback-mismatch',
  'when-type',
  'cycle',
  'unused-step',
  'strict-incompatible',
  'version-pin',
  'unproven',
  'slow-pattern',
  'import',
  'unknown-keyword',
  'unknown-format',
]);
export type DiagnosticCode = z.infer<typeof DiagnosticCode>;

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Position = z.object({ line: z.number().int().min(1), column: z.number().int().min(1) });
export type Position = z.infer<typeof Position>;

/** A range in a file, 1-based, end exclusive. `file` is an absolute path. */
export const SourceRange = z.object({ file: z.string(), start: Position, end: Position });
export type SourceRange = z.infer<typeof SourceRange>;

export const RelatedInformation = z.object({ range: SourceRange, message: z.string() });
export type RelatedInformation = z.infer<typeof RelatedInformation>;

export const Diagnostic = z.object({
  range: SourceRange,
  severity: Severity,
  code: DiagnosticCode,
  message: z.string(),
  related: z.array(RelatedInformation).optional(),
  /** Machine-readable detail for quick fixes (e.g. `{ suggestion: "triager" }`). */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;
