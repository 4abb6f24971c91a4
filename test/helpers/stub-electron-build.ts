// `electron-builder --dir` with a stub Electron distribution (the real zip cannot be
// downloaded here), run in its own process as the CLI would be. argv: outDir electronVersion
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// builder-util hard-links resources whenever it sees VITEST, and then trips over itself (EEXIST):
// drop it before electron-builder is loaded.
delete process.env.VITEST;
const { Arch, build, Platform } = await import('electron-builder');

const [outDir, electronVersion] = process.argv.slice(2) as [string, string];
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;
const stub = path.join(outDir, 'electron-dist');
mkdirSync(stub, { recursive: true });
writeFileSync(path.join(stub, 'electron'), '#!/bin/sh\necho stub\n');
chmodSync(path.join(stub, 'electron'), 0o755);
writeFileSync(path.join(stub, 'version'), electronVersion);
await build({
  projectDir: process.cwd(),
  targets: Platform.LINUX.createTarget('dir', Arch.x64),
  config: {
    ...config,
    electronDist: stub,
    electronVersion,
    // Rebuilding for Electron's ABI needs its headers, and fuses need a real binary: both only on the build machine.
    npmRebuild: false,
    electronFuses: null,
    directories: { ...(config.directories as object), output: path.join(outDir, 'out') },
  } as never,
});
