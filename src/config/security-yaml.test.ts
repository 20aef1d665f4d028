import { describe, expect, test } from "bun:test";
import { parseSecurityYaml } from "./security-yaml.ts";

describe("parseSecurityYaml", () => {
  test("reads the documented secrets shape: nested maps, lists, quoted and plain scalars", () => {
    const text = [
      "# secrets for picoclaw",
      "model_list:",
      "  gpt-5.4:",
      "    api_keys:",
      '      - "sk-one"   # primary',
      "      - sk-two",
      "  local:0:",
      "    api_keys: ['sk-#3', \"sk-4\"]",
      "channel_list:",
      "  telegram:",
      "    settings:",
      '      token: "123456:ABC-DEF"',
      "  mqtt:",
      "    settings: {username: bot, password: 'it''s'}",
      "web:",
      "  brave:",
      "    api_keys:",
      "    - file://brave.key",
      "empty:",
    ].join("\n");
    const parsed = parseSecurityYaml(text);
    expect(parsed).toEqual({
      ok: true,
      value: {
        model_list: {
          "gpt-5.4": { api_keys: ["sk-one", "sk-two"] },
          "local:0": { api_keys: ["sk-#3", "sk-4"] },
        },
        channel_list: {
          telegram: { settings: { token: "123456:ABC-DEF" } },
          mqtt: { settings: { username: "bot", password: "it's" } },
        },
        web: { brave: { api_keys: ["file://brave.key"] } },
        empty: null,
      },
    });
  });

  test("reads lists of maps and typed scalars", () => {
    const parsed = parseSecurityYaml("items:\n  - name: a\n    n: 5\n  - name: b\n    on: true\n");
    expect(parsed).toEqual({
      ok: true,
      value: {
        items: [
          { name: "a", n: 5 },
          { name: "b", on: true },
        ],
      },
    });
  });

  test("an empty document is an empty map", () => {
    expect(parseSecurityYaml("# nothing\n\n")).toEqual({ ok: true, value: {} });
  });

  test("reports the line of a bad indentation, a tab, an unsupported feature", () => {
    expect(parseSecurityYaml("a:\n  b: 1\n c: 2\n")).toMatchObject({ ok: false, line: 3 });
    expect(parseSecurityYaml("a:\n\tb: 1\n")).toMatchObject({ ok: false, line: 2 });
    expect(parseSecurityYaml("a: 1\nb: |\n  text\n")).toMatchObject({ ok: false, line: 2 });
    expect(parseSecurityYaml("a: &anchor 1\n")).toMatchObject({ ok: false, line: 1 });
    expect(parseSecurityYaml('a: "open\n')).toMatchObject({
      ok: false,
      line: 1,
      message: "unterminated quoted string",
    });
    expect(parseSecurityYaml("a: 1\na: 2\n")).toMatchObject({
      ok: false,
      line: 2,
      message: 'duplicate key "a"',
    });
  });
});
