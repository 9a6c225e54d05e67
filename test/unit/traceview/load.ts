import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TraceModel, parseTraceText } from '../../../src/core/traceview';

export const FIXTURES = join(__dirname, '../../fixtures/traces');

export function loadFixture(name: string): TraceModel {
  return TraceModel.from(parseTraceText(readFileSync(join(FIXTURES, name), 'utf8')).records);
}
