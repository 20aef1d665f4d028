/** Slash-command parsing: `/name` or `!name`, Telegram's `/name@bot`, case-insensitive (pkg/commands request.go). */

const PREFIXES = ["/", "!"];

function firstToken(input: string): string {
  return input.trim().split(/\s+/)[0] ?? "";
}

/** True when the first whitespace-separated token starts with `/` or `!`. */
export function hasCommandPrefix(input: string): boolean {
  const token = firstToken(input);
  return token !== "" && PREFIXES.some((p) => token.startsWith(p));
}

/** The lowercased command name (`/Help@MyBot` → "help"); undefined when the input is not a command. */
export function parseCommandName(input: string): string | undefined {
  if (!hasCommandPrefix(input)) return undefined;
  const bare = firstToken(input).slice(1);
  const at = bare.indexOf("@");
  const name = (at >= 0 ? bare.slice(0, at) : bare).trim().toLowerCase();
  return name === "" ? undefined : name;
}

/** The text after the command token, trimmed ("" when there is none). */
export function commandArgument(input: string): string {
  const trimmed = input.trim();
  const token = firstToken(trimmed);
  return trimmed.slice(token.length).trim();
}
