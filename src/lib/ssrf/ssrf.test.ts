import { describe, expect, test } from "bun:test";
import { parseIpv6 } from "./ip-address.ts";
import { isBlockedAddress, matchesCidr } from "./ssrf.ts";

describe("isBlockedAddress", () => {
  const blocked = [
    "0.0.0.0",
    "10.1.2.3",
    "100.64.0.1",
    "100.127.255.254",
    "127.0.0.1",
    "127.8.9.10",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "198.18.0.1",
    "198.19.255.255",
    "192.0.2.5",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::127.0.0.1",
    "::ffff:0:192.168.0.1",
    "64:ff9b::7f00:1",
    "64:ff9b::10.0.0.1",
    "2002:7f00:1::",
    "2002:a9fe:a9fe::1",
    "2001:0:4136:e378:8000:63bf:80ff:fffe", // Teredo, client 127.0.0.1 inverted
    "2001:0:a00:1::1", // Teredo server 10.0.0.1
    "2001:db8::1",
    "fe80::5efe:10.0.0.1",
    "2001:470::5efe:7f00:1", // ISATAP with a public prefix, private embedded v4 (#3074)
    "2001:470::200:5efe:c0a8:101",
    "[::1]",
    "not-an-ip",
  ];
  for (const ip of blocked) test(`refuses ${ip}`, () => expect(isBlockedAddress(ip)).toBe(true));

  const allowed = [
    "1.1.1.1",
    "8.8.8.8",
    "93.184.215.14",
    "100.63.255.255",
    "100.128.0.0",
    "172.32.0.1",
    "198.20.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
    "2001:470::5efe:808:808",
  ];
  for (const ip of allowed) test(`allows ${ip}`, () => expect(isBlockedAddress(ip)).toBe(false));
});

describe("parseIpv6 and matchesCidr", () => {
  test("parses :: forms and rejects junk", () => {
    expect(parseIpv6("::1")?.[15]).toBe(1);
    expect(parseIpv6("1:2:3:4:5:6:7:8")?.[15]).toBe(8);
    expect(parseIpv6("1::2::3")).toBeUndefined();
    expect(parseIpv6("1:2:3:4:5:6:7:8:9")).toBeUndefined();
    expect(parseIpv6("12345::")).toBeUndefined();
  });

  test("matches CIDRs and single addresses", () => {
    expect(matchesCidr("10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(matchesCidr("11.1.2.3", "10.0.0.0/8")).toBe(false);
    expect(matchesCidr("127.0.0.1", "127.0.0.1")).toBe(true);
    expect(matchesCidr("fd00::5", "fd00::/8")).toBe(true);
    expect(matchesCidr("127.0.0.1", "::1/128")).toBe(false);
  });
});
