/**
 * Asks the kernel for a free TCP port on 127.0.0.1 (for child processes that need a port before starting).
 * A port is handed out once per process: the kernel may offer a just-closed port again, and a gateway given
 * the same port for HTTP and MaixCam would never get its second listener, nor become ready.
 */
import { createServer } from "node:net";

const handedOut = new Set<number>();

function askKernel(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await askKernel();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("freePort: the kernel kept offering ports this process already handed out");
}
