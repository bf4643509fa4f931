#!/usr/bin/env node
// A tiny runner for trying the selection commands before they are wired into src/cli.ts:
//   node_modules/.bin/node src/modules/selection/cli/run-select.ts --categories ... --size 20 --out /tmp/x
//   node_modules/.bin/node src/modules/selection/cli/run-select.ts verify /tmp/x
import { runSelectCommand } from './select-command.ts'

process.exitCode = await runSelectCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr })
