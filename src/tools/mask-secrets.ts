/** Replaces known secret values in text. Short values are skipped: masking "true" would garble output. */

/** What a masked secret reads as. */
export const MASK = "[FILTERED]";

/** Builds a masker for the given secrets; values shorter than `minLength` are ignored. */
export function createSecretMasker(secrets: readonly string[], minLength = 8): (text: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const values = [...new Set(secrets)]
    .filter((secret) => secret.length >= minLength)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    if (text.length < minLength) return text;
    let out = text;
    for (const value of values) {
      if (out.includes(value)) out = out.split(value).join(MASK);
    }
    return out;
  };
}
