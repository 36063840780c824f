// npm run typecheck: each target's tsconfig at once (they share no output), failing if any fails.
import { spawn } from 'node:child_process';

const TARGETS = ['tsconfig.json', 'tsconfig.core.json', 'tsconfig.addon.json', 'tsconfig.sidebar.json'];

const runs = TARGETS.map(
  (config) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config], { stdio: 'inherit' });
      child.on('exit', (code) => resolve(code === 0));
    }),
);
const passed = await Promise.all(runs);
process.exit(passed.every(Boolean) ? 0 : 1);
