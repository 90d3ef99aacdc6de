/** Every command module of the CLI. A new command is a new file here and one line in this list. */
import type { Command } from "commander";
import type { CliContext } from "../shared.js";
import { registerChatCommand } from "./chat.js";
import { registerDemoCommand } from "./demo.js";
import { registerDynamicsCommands } from "./dynamics.js";
import { registerEvalFactsCommand } from "./eval-facts.js";
import { registerEvalLocomoCommand } from "./eval-locomo.js";
import { registerKeysCommands } from "./keys.js";
import { registerKnowledgeCommands } from "./knowledge.js";
import { registerMcpCommand } from "./mcp.js";
import { registerMemoryCommands } from "./memory.js";
import { registerReadingCommands } from "./reading.js";
import { registerServeCommand } from "./serve.js";
import { registerTransferCommands } from "./transfer.js";
import { registerTranslationCommands } from "./translation.js";

export const commandModules: ((program: Command, cli: CliContext) => void)[] = [
  registerMemoryCommands,
  registerTransferCommands,
  registerDemoCommand,
  registerDynamicsCommands,
  registerKnowledgeCommands,
  registerServeCommand,
  registerKeysCommands,
  registerMcpCommand,
  registerEvalLocomoCommand,
  registerEvalFactsCommand,
  registerReadingCommands,
  registerTranslationCommands,
  registerChatCommand,
];
