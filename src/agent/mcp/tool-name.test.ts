import { describe, expect, test } from "bun:test";
import { fnv1a32Hex, mcpToolName, sanitizeNameComponent } from "./tool-name.ts";

describe("mcpToolName", () => {
  test("keeps clean names as mcp_<server>_<tool> (vector mcpname-0)", () => {
    expect(mcpToolName("github", "create_issue")).toBe("mcp_github_create_issue");
    expect(mcpToolName("filesystem", "read_file")).toBe("mcp_filesystem_read_file");
    expect(mcpToolName("remote-api", "fetch_data")).toBe("mcp_remote-api_fetch_data");
  });

  test("lowercasing alone is not lossy", () => {
    expect(mcpToolName("GitHub", "Create_Issue")).toBe("mcp_github_create_issue");
  });

  test("adds a hash of the original names when cleaning loses characters", () => {
    const dotted = mcpToolName("my.server", "do thing");
    const slashed = mcpToolName("my/server", "do thing");
    expect(dotted).toMatch(/^mcp_my_server_do_thing_[0-9a-f]{8}$/);
    expect(dotted).not.toBe(slashed);
    expect(dotted.endsWith(fnv1a32Hex("my.server\u0000do thing"))).toBe(true);
  });

  test("caps long names at 64 characters with a hash suffix", () => {
    const name = mcpToolName("server", "x".repeat(80));
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^mcp_server_x+_[0-9a-f]{8}$/);
  });
});

describe("sanitizeNameComponent", () => {
  test("collapses runs of disallowed characters and trims underscores", () => {
    expect(sanitizeNameComponent("__GitHub  Server!!")).toBe("github_server");
    expect(sanitizeNameComponent("***")).toBe("unnamed");
  });
});

describe("fnv1a32Hex", () => {
  test("matches the published FNV-1a test vectors", () => {
    expect(fnv1a32Hex("")).toBe("811c9dc5");
    expect(fnv1a32Hex("a")).toBe("e40c292c");
    expect(fnv1a32Hex("foobar")).toBe("bf9cf968");
  });
});
