/**
 * Headless Chromium for the browser tests, launched the same way everywhere. A missing browser fails
 * the test with a message naming it: a browser check never turns green without a browser.
 */
import { existsSync } from "node:fs";
import { type BrowserContext, chromium } from "playwright-core";

/** Where the system package installs the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Throws, naming chromium and how to install it, when the browser is not installed. */
export function requireChromium(path = CHROMIUM_PATH): void {
  if (existsSync(path)) return;
  throw new Error(
    `chromium is missing (${path} not found): the browser tests need it; install the "chromium" apt package`,
  );
}

/** A headless persistent context in `profile`; fails clearly when chromium is missing. */
export function launchChromium(profile: string): Promise<BrowserContext> {
  requireChromium();
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
