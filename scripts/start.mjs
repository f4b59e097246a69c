// `npm start`: builds, then runs the emulator with the demo data until Ctrl+C.
// (The extension in a real VS Code joins it with the explorer issue.) Extra arguments go to the
// emulator: npm start -- --port 9000
import { spawn, spawnSync } from 'node:child_process';

const build = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const emulator = spawn(process.execPath, ['dist/emulator.js', '--seed', 'demo', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => emulator.kill(signal));
emulator.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
