/** MQTT topic filters (MQTT 3.1.1 §4.7), pure: does a filter with `+` and `#` match a topic name. */

/** MQTT topic filter match: `+` is one level, a final `#` is any number of levels (also none). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split("/");
  const t = topic.split("/");
  // §4.7.2: a filter starting with a wildcard does not match topics starting with `$`.
  if ((f[0] === "+" || f[0] === "#") && topic.startsWith("$")) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return i === f.length - 1;
    if (i >= t.length) return false;
    if (f[i] !== "+" && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Why a topic filter is invalid (§4.7.1), or undefined when it is fine. */
export function topicFilterError(filter: string): string | undefined {
  if (filter === "") return "a topic filter cannot be empty";
  const levels = filter.split("/");
  for (const [i, level] of levels.entries()) {
    if (level.includes("#") && (level !== "#" || i !== levels.length - 1))
      return `"#" must be a whole level and the last one: ${filter}`;
    if (level.includes("+") && level !== "+") return `"+" must be a whole level: ${filter}`;
  }
  return undefined;
}
