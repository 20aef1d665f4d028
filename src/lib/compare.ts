/**
 * Plain code-unit string order for sorting names. `localeCompare` would load ICU's collator, which
 * costs ~3 MB of RSS (isolated probe) the first time it runs; names on disk need a stable order, not a locale's.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
