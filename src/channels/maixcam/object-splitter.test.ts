import { describe, expect, test } from "bun:test";
import { JsonObjectSplitter } from "./object-splitter.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("JsonObjectSplitter", () => {
  test("splits objects separated by newlines, other whitespace, or nothing", () => {
    const splitter = new JsonObjectSplitter(1024);
    const out = splitter.push(bytes('{"a":1}\n{"b":2} \t{"c":3}{"d":4}\r\n'));
    expect(out).toEqual({ objects: ['{"a":1}', '{"b":2}', '{"c":3}', '{"d":4}'] });
  });

  test("keeps braces and escaped quotes inside strings", () => {
    const splitter = new JsonObjectSplitter(1024);
    const text = '{"s":"a}b{\\"}\\\\","n":{"x":[1,{"y":"]"}]}}';
    expect(splitter.push(bytes(text)).objects).toEqual([text]);
    expect(JSON.parse(text)).toEqual({ s: 'a}b{"}\\', n: { x: [1, { y: "]" }] } });
  });

  test("reassembles an object cut at every byte, including inside a multi-byte character", () => {
    const text = '{"type":"status","data":{"note":"📷 ok \\" }"}}';
    const all = bytes(`${text}${text}`);
    const splitter = new JsonObjectSplitter(1024);
    const objects: string[] = [];
    for (const byte of all) objects.push(...splitter.push(Uint8Array.of(byte)).objects);
    expect(objects).toEqual([text, text]);
    expect(splitter.isMidObject).toBe(false);
  });

  test("reports a half-received object as mid-object", () => {
    const splitter = new JsonObjectSplitter(1024);
    expect(splitter.push(bytes('{"a":1}{"b":')).objects).toEqual(['{"a":1}']);
    expect(splitter.isMidObject).toBe(true);
  });

  test("rejects bytes that cannot start an object, after the objects before them", () => {
    const splitter = new JsonObjectSplitter(1024);
    expect(splitter.push(bytes('{"a":1} hello'))).toEqual({ objects: ['{"a":1}'], error: "garbage" });
    expect(splitter.push(bytes('{"b":2}')).error).toBe("garbage");
    expect(new JsonObjectSplitter(64).push(bytes("[1,2]")).error).toBe("garbage");
  });

  test("fails an object that grows past the limit, however it is chunked", () => {
    const splitter = new JsonObjectSplitter(16);
    expect(splitter.push(bytes('{"a":"0123'))).toEqual({ objects: [] });
    expect(splitter.push(bytes('456789"}')).error).toBe("too_large");
    expect(new JsonObjectSplitter(16).push(bytes('{"a":"01234567"}')).objects).toHaveLength(1);
  });
  test("fails fast on structural garbage instead of waiting for the size limit", () => {
    const enc = new TextEncoder();
    expect(new JsonObjectSplitter(65_536).push(enc.encode("{{{ not json\n")).error).toBe("garbage");
    expect(new JsonObjectSplitter(65_536).push(enc.encode('{"a":[1,2}')).error).toBe("garbage");
    expect(new JsonObjectSplitter(65_536).push(enc.encode('{"a":1, 2}')).error).toBe("garbage");
    const ok = new JsonObjectSplitter(65_536).push(
      enc.encode('{ "a" : { "b" : [ {"c":"}{"} , 1 ] } , "d":{} }{}'),
    );
    expect(ok).toEqual({ objects: ['{ "a" : { "b" : [ {"c":"}{"} , 1 ] } , "d":{} }', "{}"] });
  });
});
