/** Assembles the self-contained web chat page and the CSP hashes that allow its inline script and style. */
import { createHash } from "node:crypto";
import { PAGE_BODY } from "./page-markup.ts";
import { PAGE_SCRIPT } from "./page-script.ts";
import { PAGE_STYLE } from "./page-style.ts";

const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/** The complete HTML document. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PicoClaw chat</title>
<style>${PAGE_STYLE}</style>
</head>
<body>${PAGE_BODY}<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;

/**
 * Only this page's own script and style may run, it may talk only to its own origin (WebSocket
 * included), and it cannot be framed.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(PAGE_SCRIPT)}`,
  `style-src ${hash(PAGE_STYLE)}`,
  "connect-src 'self' ws: wss:",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");
