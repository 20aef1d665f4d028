import { describe, expect, test } from "bun:test";
import { SPLIT_MARKER, splitByMarker } from "./split-by-marker.ts";

describe("splitByMarker", () => {
  test("splits on the marker and trims each part", () => {
    expect(splitByMarker(` a ${SPLIT_MARKER}\nb\n${SPLIT_MARKER}c`)).toEqual(["a", "b", "c"]);
  });

  test("drops empty parts between consecutive markers", () => {
    expect(splitByMarker(`a${SPLIT_MARKER}${SPLIT_MARKER} ${SPLIT_MARKER}b`)).toEqual(["a", "b"]);
  });

  test("returns the original text when every part is blank, and [] for empty input", () => {
    expect(splitByMarker(` ${SPLIT_MARKER} `)).toEqual([` ${SPLIT_MARKER} `]);
    expect(splitByMarker("")).toEqual([]);
  });

  test("returns text without a marker as one trimmed part", () => {
    expect(splitByMarker(" hi ")).toEqual(["hi"]);
  });
});
