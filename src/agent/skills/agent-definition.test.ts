import { describe, expect, test } from "bun:test";
import { parseAgentDefinition } from "./agent-definition.ts";

describe("parseAgentDefinition", () => {
  test("reads flow lists, block lists and the model", () => {
    const text =
      "---\nname: a\ntools: [Read_File, 'exec']\nskills:\n  - weather\n  - \"notes\"\nmodel: cheap\n---\nbody";
    expect(parseAgentDefinition(text)).toEqual({
      tools: ["read_file", "exec"],
      skills: ["weather", "notes"],
      model: "cheap",
    });
  });

  test("an undeclared list is undefined (every tool); a declared empty one allows none", () => {
    expect(parseAgentDefinition("---\nname: a\n---\nbody").tools).toBeUndefined();
    expect(parseAgentDefinition("---\ntools: []\n---\n").tools).toEqual([]);
    expect(parseAgentDefinition("no front matter")).toEqual({});
  });

  test("reads JSON front matter", () => {
    expect(parseAgentDefinition('---\n{"tools": ["list_dir"]}\n---\n').tools).toEqual(["list_dir"]);
  });
});
