/**
 * A YAML subset parser for `.security.yml`: nested block maps, block lists (of scalars or maps),
 * one-line flow lists/maps, plain and quoted scalars, comments. Anchors, tags, multi-document
 * streams and block scalars are rejected with a line number rather than misread.
 */

/** A YAML value in the subset we read. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** Parse result: the document, or the first error with its 1-based line. */
export type YamlParse = { ok: true; value: YamlValue } | { ok: false; line: number; message: string };

interface Line {
  number: number;
  indent: number;
  text: string;
}

class YamlError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

/** Parses the text of a `.security.yml` file. An empty document is an empty map. */
export function parseSecurityYaml(source: string): YamlParse {
  try {
    const lines = toLines(source);
    if (lines.length === 0) return { ok: true, value: {} };
    const cursor = { at: 0 };
    const first = lines[0] as Line;
    const value = parseBlock(lines, cursor, first.indent);
    const rest = lines[cursor.at];
    if (rest) throw new YamlError(rest.number, "unexpected indentation");
    return { ok: true, value };
  } catch (error) {
    if (error instanceof YamlError) return { ok: false, line: error.line, message: error.message };
    throw error;
  }
}

function toLines(source: string): Line[] {
  const out: Line[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const number = index + 1;
    const text = stripComment(raw).trimEnd();
    if (text.trim() === "" || text === "---") return;
    if (/^\s*\t/.test(text)) throw new YamlError(number, "tabs are not allowed for indentation");
    if (/^\s*(?:[&*!|>%@`]|\.\.\.)/.test(text)) throw new YamlError(number, "unsupported YAML feature");
    const indent = text.length - text.trimStart().length;
    out.push({ number, indent, text: text.trimStart() });
  });
  return out;
}

// A "#" starts a comment at line start or after whitespace, outside quotes.
function stripComment(raw: string): string {
  let quote = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(raw[i - 1] ?? ""))) return raw.slice(0, i);
  }
  return raw;
}

const isListItem = (text: string) => text === "-" || text.startsWith("- ");

function parseBlock(lines: Line[], cursor: { at: number }, indent: number): YamlValue {
  const first = lines[cursor.at];
  if (!first) return null;
  return isListItem(first.text) ? parseList(lines, cursor, indent) : parseMap(lines, cursor, indent);
}

function parseMap(lines: Line[], cursor: { at: number }, indent: number): YamlValue {
  const map: { [key: string]: YamlValue } = {};
  for (let line = lines[cursor.at]; line && line.indent === indent; line = lines[cursor.at]) {
    if (isListItem(line.text)) throw new YamlError(line.number, "a list item where a key was expected");
    const { key, rest } = splitKey(line);
    if (Object.hasOwn(map, key)) throw new YamlError(line.number, `duplicate key "${key}"`);
    cursor.at++;
    map[key] = rest === "" ? parseNested(lines, cursor, indent, true) : parseScalar(rest, line.number);
  }
  return map;
}

function parseList(lines: Line[], cursor: { at: number }, indent: number): YamlValue {
  const list: YamlValue[] = [];
  for (
    let line = lines[cursor.at];
    line && line.indent === indent && isListItem(line.text);
    line = lines[cursor.at]
  ) {
    const rest = line.text.slice(1).trimStart();
    if (rest === "") {
      cursor.at++;
      list.push(parseNested(lines, cursor, indent, false));
    } else if (/^(?:"[^"]*"|'[^']*'|[^\s"'[{][^:]*?):(?:\s|$)/.test(rest)) {
      // "- key: value" opens a map whose keys align with "key".
      lines[cursor.at] = {
        number: line.number,
        indent: indent + (line.text.length - rest.length),
        text: rest,
      };
      list.push(parseMap(lines, cursor, indent + (line.text.length - rest.length)));
    } else {
      cursor.at++;
      list.push(parseScalar(rest, line.number));
    }
  }
  return list;
}

// The value of "key:" with nothing after it: a deeper block, a same-indent list (YAML allows
// "key:\n- a" under a map), or null.
function parseNested(lines: Line[], cursor: { at: number }, indent: number, inMap: boolean): YamlValue {
  const next = lines[cursor.at];
  if (next && next.indent > indent) return parseBlock(lines, cursor, next.indent);
  if (inMap && next && next.indent === indent && isListItem(next.text))
    return parseList(lines, cursor, indent);
  return null;
}

function splitKey(line: Line): { key: string; rest: string } {
  const text = line.text;
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = text.indexOf(text[0] as string, 1);
    if (end < 0 || text[end + 1] !== ":")
      throw new YamlError(line.number, "expected a quoted key followed by ':'");
    return {
      key: parseScalar(text.slice(0, end + 1), line.number) as string,
      rest: text.slice(end + 2).trim(),
    };
  }
  const match = /^(.+?):(?:\s+(.*))?$/.exec(text);
  if (!match) throw new YamlError(line.number, "expected 'key: value'");
  return { key: (match[1] ?? "").trim(), rest: (match[2] ?? "").trim() };
}

function parseScalar(text: string, line: number): YamlValue {
  if (/^[&*!|>%@`]/.test(text)) throw new YamlError(line, `unsupported YAML feature: ${text.slice(0, 1)}`);
  const flow = { text, at: 0, line };
  const value = parseFlowValue(flow, false);
  if (text.slice(flow.at).trim() !== "")
    throw new YamlError(line, `unexpected text after value: ${text.slice(flow.at)}`);
  return value;
}

interface Flow {
  text: string;
  at: number;
  line: number;
}

function parseFlowValue(flow: Flow, nested: boolean): YamlValue {
  while (flow.text[flow.at] === " ") flow.at++;
  const c = flow.text[flow.at];
  if (c === '"' || c === "'") return parseQuoted(flow, c);
  if (c === "[" || c === "{") return parseFlowCollection(flow, c);
  const stop = nested ? /[,\]}]/ : /$^/;
  let end = flow.at;
  while (end < flow.text.length && !stop.test(flow.text[end] ?? "")) end++;
  const plain = flow.text.slice(flow.at, end).trim();
  flow.at = end;
  return plainScalar(plain);
}

function plainScalar(plain: string): YamlValue {
  if (plain === "" || plain === "~" || plain === "null") return null;
  if (plain === "true") return true;
  if (plain === "false") return false;
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?$/.test(plain)) return Number(plain);
  return plain;
}

function parseQuoted(flow: Flow, quote: string): string {
  let out = "";
  for (let i = flow.at + 1; i < flow.text.length; i++) {
    const c = flow.text[i] as string;
    if (quote === "'" && c === "'") {
      if (flow.text[i + 1] === "'") {
        out += "'";
        i++;
        continue;
      }
      flow.at = i + 1;
      return out;
    }
    if (quote === '"' && c === '"') {
      flow.at = i + 1;
      return out;
    }
    if (quote === '"' && c === "\\") {
      const next = flow.text[++i] ?? "";
      const simple: Record<string, string> = {
        n: "\n",
        t: "\t",
        r: "\r",
        "0": "\0",
        '"': '"',
        "\\": "\\",
        "/": "/",
      };
      if (next === "u") {
        out += String.fromCharCode(Number.parseInt(flow.text.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (simple[next] !== undefined) out += simple[next];
      else throw new YamlError(flow.line, `unknown escape \\${next}`);
      continue;
    }
    out += c;
  }
  throw new YamlError(flow.line, "unterminated quoted string");
}

function parseFlowCollection(flow: Flow, open: string): YamlValue {
  const close = open === "[" ? "]" : "}";
  const list: YamlValue[] = [];
  const map: { [key: string]: YamlValue } = {};
  flow.at++;
  for (;;) {
    while (flow.text[flow.at] === " ") flow.at++;
    if (flow.text[flow.at] === close) {
      flow.at++;
      return open === "[" ? list : map;
    }
    if (open === "[") list.push(parseFlowValue(flow, true));
    else {
      const quote = flow.text[flow.at];
      let key: string;
      if (quote === '"' || quote === "'") key = parseQuoted(flow, quote);
      else {
        const colon = flow.text.indexOf(":", flow.at);
        if (colon < 0) throw new YamlError(flow.line, "expected ':' in flow map");
        key = flow.text.slice(flow.at, colon).trim();
        flow.at = colon;
      }
      while (flow.text[flow.at] === " ") flow.at++;
      if (flow.text[flow.at] !== ":") throw new YamlError(flow.line, "expected ':' in flow map");
      flow.at++;
      map[key] = parseFlowValue(flow, true);
    }
    while (flow.text[flow.at] === " ") flow.at++;
    if (flow.text[flow.at] === ",") flow.at++;
    else if (flow.text[flow.at] !== close) throw new YamlError(flow.line, `expected ',' or '${close}'`);
  }
}
