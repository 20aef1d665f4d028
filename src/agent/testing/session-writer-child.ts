/**
 * Child process for the crash test: appends large messages to one session forever and prints the
 * number of each acknowledged append, until the parent kills it with SIGKILL.
 */
import { createSessionStore } from "../session/session-store.ts";

const [dir, key] = process.argv.slice(2);
if (!dir || !key) throw new Error("usage: session-writer-child <dir> <key>");
const store = createSessionStore(dir);
const filler = "x".repeat(256 * 1024);
for (let n = 1; ; n++) {
  await store.append(key, { role: n % 2 === 1 ? "user" : "assistant", content: `#${n} ${filler}` });
  process.stdout.write(`${n}\n`);
}
