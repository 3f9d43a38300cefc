// `npm start` builds first when dist/ is missing or older than any TypeScript source, so a newcomer's
// `npm ci && npm start` works without a separate build step.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'server', 'main.js');
const sourceFolders = ['adapters', 'bench', 'bot', 'dialogs', 'knowledge', 'officers', 'server', 'storage'];

function newestSource(folder) {
  let newest = 0;
  if (!existsSync(folder)) return newest;
  for (const item of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (item.name.endsWith('.ts') || item.name.endsWith('.json')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
const sources = Math.max(...sourceFolders.map((folder) => newestSource(path.join(root, folder))), statSync(path.join(root, 'tsconfig.json')).mtimeMs);
if (built < sources) {
  process.stderr.write('Building tanya-pabean (TypeScript → dist/)…\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
}
