/**
 * Following a trace file that grows (a run still writing it): what of the bytes read so far
 * can be shown, and from which byte to read on. A trace grows a whole line at a time, but a
 * read may end inside a line: the part after the last newline is read again next time, unless
 * it is a complete record already (a file that does not end with a newline).
 */
import { parseRecordLine } from '../traceview/parse';

export interface TailChunk {
  /** The complete lines of the bytes, as text (empty when they hold no complete line). */
  readonly text: string;
  /** How many of the bytes that text covers: the next read starts after them. */
  readonly consumed: number;
}

const NL = 0x0a;

/**
 * The complete lines of `bytes` (read from a line start). `atStart`: the bytes are the file
 * from its first byte (a byte order mark there is dropped).
 */
export function completeLines(bytes: Uint8Array, atStart: boolean): TailChunk {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: !atStart });
  const cut = bytes.lastIndexOf(NL) + 1;
  const tail = bytes.subarray(cut);
  // A last line without a newline that is a whole record is shown now; one cut short waits.
  const tailIsRecord = tail.length > 0 && parseRecordLine(new TextDecoder('utf-8', { ignoreBOM: !(atStart && cut === 0) }).decode(tail).trim()) !== undefined;
  const consumed = tailIsRecord ? bytes.length : cut;
  return { text: decoder.decode(bytes.subarray(0, consumed)), consumed };
}
