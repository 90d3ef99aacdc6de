#!/usr/bin/env node
/** Entry point of the `engram` binary. */
import { runCli } from "./program.js";

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  interactive: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
