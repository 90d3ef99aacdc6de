/** Every command module of the CLI. A new command is a new file here and one line in this list. */
import type { Command } from "commander";
import type { CliContext } from "../shared.js";
import { registerBabiCommands } from "./babi.js";
import { registerChatCommand } from "./chat.js";
import { registerDemoCommand } from "./demo.js";
import { registerDoctorCommand } from "./doctor.js";
import { registerDynamicsCommands } from "./dynamics.js";
import { registerEvalCrosslingualCommand } from "./eval-crosslingual.js";
import { registerEvalFactsCommand } from "./eval-facts.js";
import { registerEvalLocomoCommand } from "./eval-locomo.js";
import { registerKeysCommands } from "./keys.js";
import { registerKnowledgeCommands } from "./knowledge.js";
import { registerLearningCommands } from "./learning.js";
import { registerMcpCommand } from "./mcp.js";
import { registerMemoryCommands } from "./memory.js";
import { registerReadingCommands } from "./reading.js";
import { registerReindexCommand } from "./reindex.js";
import { registerServeCommand } from "./serve.js";
import { registerTransferCommands } from "./transfer.js";
import { registerTranslationCommands } from "./translation.js";

export const commandModules: ((program: Command, cli: CliContext) => void)[] = [
  registerMemoryCommands,
  registerTransferCommands,
  registerReindexCommand,
  registerDemoCommand,
  registerDynamicsCommands,
  registerKnowledgeCommands,
  registerLearningCommands,
  registerServeCommand,
  registerKeysCommands,
  registerMcpCommand,
  registerEvalLocomoCommand,
  registerEvalCrosslingualCommand,
  registerEvalFactsCommand,
  registerReadingCommands,
  registerBabiCommands,
  registerTranslationCommands,
  registerChatCommand,
  registerDoctorCommand,
];
