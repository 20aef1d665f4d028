/** Binary sniffing for `read_file` lines mode: a NUL byte, invalid UTF-8 or many control characters. */

const SAMPLE_BYTES = 512;

/** True when the sample looks like binary data rather than text. */
export function isBinary(data: Uint8Array): boolean {
  const sample = data.subarray(0, SAMPLE_BYTES);
  if (sample.length === 0) return false;
  if (sample.includes(0)) return true;
  // A sample cut mid-character is still text; only judge the complete prefix.
  if (!isValidUtf8(trimPartialCharacter(sample))) return true;
  let control = 0;
  for (const byte of sample) {
    // Tab, LF, FF, CR and backspace are normal in text files.
    if (byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13 && byte !== 8) control++;
  }
  return control / sample.length > 0.1;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function trimPartialCharacter(bytes: Uint8Array): Uint8Array {
  // Walk back over at most 3 continuation bytes to the lead byte of the last character.
  let start = bytes.length - 1;
  while (start > 0 && bytes.length - start < 4 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start--;
  const lead = bytes[start] ?? 0;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - start < need ? bytes.subarray(0, start) : bytes;
}
