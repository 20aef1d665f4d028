/**
 * Finds credential values in a config tree so tool output can be scrubbed before the model sees it
 * (PicoClaw's `filter_sensitive_data`): a model must not read back its own API keys or bot tokens.
 */

/** Keys whose string values (or string-array values) are credentials. Compared lowercased. */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  "api_key",
  "api_keys",
  "apikey",
  "token",
  "secret",
  "password",
  "access_token",
  "refresh_token",
  "app_token",
  "bot_token",
  "channel_secret",
  "client_secret",
  "app_secret",
  "encrypt_key",
  "verification_token",
  "auth_token",
]);

/** Placeholder values that are not secrets themselves (PicoClaw writes "[NOT_HERE]" for moved keys). */
const PLACEHOLDERS: ReadonlySet<string> = new Set(["[NOT_HERE]", "change-me"]);

/** Returns every distinct credential string found under a secret-looking key, at any depth. */
export function collectSecrets(config: unknown): string[] {
  const found = new Set<string>();
  const seen = new Set<object>();
  const visit = (node: unknown, underSecretKey: boolean): void => {
    if (typeof node === "string") {
      const value = node.trim();
      if (underSecretKey && value !== "" && !PLACEHOLDERS.has(value)) found.add(value);
      return;
    }
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) visit(item, underSecretKey);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      visit(value, SECRET_KEYS.has(key.toLowerCase()));
    }
  };
  visit(config, false);
  return [...found];
}
