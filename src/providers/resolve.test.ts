import { describe, expect, test } from "bun:test";
import type { ModelEntry } from "./model-entry.ts";
import { extractProtocol } from "./model-ref.ts";
import { resolveCandidates } from "./resolve.ts";

const brief = (list: readonly ModelEntry[], name: string, options = {}) =>
  resolveCandidates(list, name, options).map((c) => `${c.modelName}=${c.provider}/${c.model}@${c.apiBase}`);

describe("extractProtocol", () => {
  test("explicit provider wins and the model is sent as written", () => {
    expect(extractProtocol({ provider: "Claude", model: "openai/gpt-4o" })).toEqual({
      provider: "anthropic",
      model: "openai/gpt-4o",
    });
  });
  test("a known prefix splits once; unknown prefixes and plain names mean openai", () => {
    expect(extractProtocol({ model: "openrouter/openai/gpt-5.4" })).toEqual({
      provider: "openrouter",
      model: "openai/gpt-5.4",
    });
    expect(extractProtocol({ model: "meta-llama/llama-3" })).toEqual({
      provider: "openai",
      model: "meta-llama/llama-3",
    });
    expect(extractProtocol({ model: "gpt-4o" })).toEqual({ provider: "openai", model: "gpt-4o" });
  });
});

describe("resolveCandidates", () => {
  const list: ModelEntry[] = [
    { model_name: "main", model: "anthropic/claude-x", api_keys: ["a"], fallbacks: ["cheap"] },
    { model_name: "cheap", model: "groq/llama", api_keys: ["g"] },
    { model_name: "local", provider: "ollama", model: "qwen3" },
    { model_name: "off", model: "openai/gpt-4o", enabled: false },
  ];

  test("uses default api_base per provider, entry fallbacks, then model_fallbacks, deduplicated", () => {
    expect(brief(list, "main", { fallbacks: ["local", "cheap", "off"] })).toEqual([
      "main=anthropic/claude-x@https://api.anthropic.com/v1",
      "cheap=groq/llama@https://api.groq.com/openai/v1",
      "local=ollama/qwen3@http://localhost:11434/v1",
    ]);
  });

  test("finds entries by model ref too, and accepts bare refs only for local providers", () => {
    expect(brief(list, "groq/llama")).toEqual(["groq/llama=groq/llama@https://api.groq.com/openai/v1"]);
    expect(brief(list, "ollama/llama3.2")).toEqual([
      "ollama/llama3.2=ollama/llama3.2@http://localhost:11434/v1",
    ]);
    expect(brief(list, "openai/unknown")).toEqual([]);
  });

  test("one candidate per API key; [NOT_HERE] placeholders are ignored", () => {
    const keys = resolveCandidates(
      [{ model_name: "m", model: "x", api_keys: ["k1", "[NOT_HERE]", "k2"] }],
      "m",
    );
    expect(keys.map((c) => c.apiKey)).toEqual(["k1", "k2"]);
    expect(new Set(keys.map((c) => c.key)).size).toBe(2);
    expect(keys[0]?.key).not.toContain("k1");
  });

  test("request_timeout is seconds with a 120 s default; streaming is opt-in", () => {
    const [a, b] = resolveCandidates(
      [
        { model_name: "a", model: "x", request_timeout: 600, streaming: { enabled: true } },
        { model_name: "b", model: "y" },
      ],
      "a",
      { fallbacks: ["b"] },
    );
    expect([a?.requestTimeoutMs, a?.streaming, b?.requestTimeoutMs, b?.streaming]).toEqual([
      600_000,
      true,
      120_000,
      false,
    ]);
  });

  test("entries sharing an alias rotate with the turn counter", () => {
    const shared: ModelEntry[] = [
      { model_name: "lb", model: "a", api_base: "http://one/v1" },
      { model_name: "lb", model: "b", api_base: "http://two/v1" },
    ];
    expect(brief(shared, "lb", { turn: 1 })).toEqual([
      "lb=openai/b@http://two/v1",
      "lb=openai/a@http://one/v1",
    ]);
  });

  test("providers without an HTTP adapter are skipped", () => {
    expect(brief([{ model_name: "c", provider: "claude-cli", model: "sonnet" }], "c")).toEqual([]);
  });
});
