// A port nothing listens on now, on the loopback interface: for the local emulator the extension
// starts, and for the emulators, PostgreSQL servers and code-servers the scripts and tests start.
// Plain JavaScript (typed by freePort.d.mts) so that the scripts, which node runs without a
// TypeScript loader, share it with the extension.
import net from 'node:net';

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
