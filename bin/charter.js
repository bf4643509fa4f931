#!/usr/bin/env node
// The `charter` command. The application is TypeScript run directly by Node 24 (type stripping).
// If this Node is older, run the Node 24 that the project installs (the `node` dev dependency).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'src', 'cli.ts')
const major = Number(process.versions.node.split('.')[0])

if (major >= 24) {
  await import(cli)
} else {
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node')
  if (!existsSync(bundled)) {
    process.stderr.write('charter needs Node 24. Run `npm install` in the project folder first (it brings Node 24).\n')
    process.exit(1)
  }
  const r = spawnSync(bundled, [cli, ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}
