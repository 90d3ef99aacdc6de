/** Every command module of the CLI. A new command is a new file here and one line in this list. */
import type { Command } from "commander";
import type { CliContext } from "../shared.js";
import { registerDemoCommand } from "./demo.js";
import { registerEvalLocomoCommand } from "./eval-locomo.js";
import { registerMemoryCommands } from "./memory.js";
import { registerTransferCommands } from "./transfer.js";

export const commandModules: ((program: Command, cli: CliContext) => void)[] = [
  registerMemoryCommands,
  registerTransferCommands,
  registerDemoCommand,
  registerEvalLocomoCommand,
];
