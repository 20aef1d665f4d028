/**
 * Parses JSON and, on failure, reports the line and column of the first error. JSON.parse in
 * Bun gives no position, so a small scanner re-reads the text only when parsing has failed.
 */

/** The result of parsing config text. */
export type JsonParse =
  | { ok: true; value: unknown }
  | { ok: false; line: number; column: number; message: string };

/** Parses `text`; on a syntax error returns its 1-based line and column. */
export function parseJsonWithPosition(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const found = findSyntaxError(text);
    const offset = found?.offset ?? text.length;
    const { line, column } = lineAndColumn(text, offset);
    const fallback = error instanceof Error ? error.message : "invalid JSON";
    return { ok: false, line, column, message: found?.message ?? fallback };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

interface SyntaxProblem {
  offset: number;
  message: string;
}

// A recursive-descent validator: it only needs to find where the text stops being JSON.
function findSyntaxError(text: string): SyntaxProblem | undefined {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message } satisfies SyntaxProblem;
  };
  const skip = () => {
    while (i < text.length && " \t\r\n".includes(text[i] ?? "")) i++;
  };
  const describe = () =>
    i >= text.length ? "unexpected end of input" : `unexpected character ${JSON.stringify(text[i])}`;
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if ((text.charCodeAt(i) ?? 0) < 0x20) fail("control character in string");
      i++;
    }
    if (i >= text.length) fail("unterminated string");
    i++;
  };
  const value = (): void => {
    skip();
    const c = text[i];
    if (c === "{") {
      i++;
      skip();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail(`${describe()}; expected a quoted key`);
        string();
        skip();
        if (text[i] !== ":") fail(`${describe()}; expected ":"`);
        i++;
        value();
        skip();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail(`${describe()}; expected "," or "}"`);
      }
    }
    if (c === "[") {
      i++;
      skip();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        skip();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail(`${describe()}; expected "," or "]"`);
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (!literal) fail(`${describe()}; expected a value`);
    i += literal?.[0].length ?? 0;
  };
  try {
    value();
    skip();
    if (i < text.length) fail(`${describe()} after the JSON value`);
    return undefined;
  } catch (problem) {
    return problem as SyntaxProblem;
  }
}
