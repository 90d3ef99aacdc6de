/** The knowledge commands: facts, entities, graph (neighbours), history. */
import type { Command } from "commander";
import type { FactView } from "../../core/index.js";
import { invalidInput } from "../../spec/errors.js";
import type { KnowledgeGraph } from "../../spec/graph.js";
import type { CliContext } from "../shared.js";

function parseTime(value: string, flag: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms))
    throw invalidInput(
      `${flag} must be a date such as 2024-05-01 or 2024-05-01T10:00:00Z, got "${value}"`,
      flag,
    );
  return ms;
}

function day(iso: string | null): string {
  return iso === null ? "…" : iso.slice(0, 10);
}

function formatFact(fact: FactView): string {
  const validity = `${day(fact.validFrom)} → ${fact.validTo === null ? "now" : day(fact.validTo)}`;
  const told = fact.count > 1 ? `, told ${fact.count} times` : "";
  return `${fact.current ? "  " : "× "}${fact.text}  [${validity}${told}]  ${fact.id}`;
}

function formatGraph(graph: KnowledgeGraph): string {
  const lines = graph.entities.map(
    (e) => `${e.name} (${e.entityType})${e.aliases.length > 0 ? ` aka ${e.aliases.join(", ")}` : ""}`,
  );
  if (graph.relations.length > 0)
    lines.push("", ...graph.relations.map((r) => `${r.from} —${r.relationType}→ ${r.to}`));
  return lines.join("\n") || "no entities";
}

export function registerKnowledgeCommands(program: Command, cli: CliContext): void {
  program
    .command("facts")
    .description("facts derived from what was said: true now, all of them (--all), or as of a date")
    .option("--user <id>")
    .option("--agent <id>")
    .option("--tenant <id>")
    .option("--subject <name>", "only facts about this entity (name or alias)")
    .option("--predicate <name>", "lives_in, works_at, likes, …")
    .option("--all", "include superseded facts")
    .option("--as-of <date>", "facts true at this date")
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const e = await cli.open();
      const str = (name: string) => flags[name] as string | undefined;
      const facts = await e.facts({
        user: str("user"),
        agent: str("agent"),
        tenant: str("tenant"),
        subject: str("subject"),
        predicate: str("predicate"),
        all: flags.all === true,
        asOf: str("asOf") ? parseTime(str("asOf") as string, "--as-of") : undefined,
      });
      cli.print({ facts }, facts.length > 0 ? facts.map(formatFact).join("\n") : "no facts");
    });

  program
    .command("entities")
    .description("the people, places and organisations of a scope, with their aliases")
    .option("--user <id>")
    .option("--agent <id>")
    .option("--tenant <id>")
    .option("--search <text>", "only entities whose name, type, alias or observation contains this")
    .action(async (flags: { user?: string; agent?: string; tenant?: string; search?: string }) => {
      const e = await cli.open();
      const scope = { user: flags.user, agent: flags.agent, tenant: flags.tenant };
      const graph = flags.search
        ? await e.graph.searchNodes(scope, flags.search)
        : await e.graph.readGraph(scope);
      cli.print(
        { entities: graph.entities },
        graph.entities.length > 0 ? formatGraph({ entities: graph.entities, relations: [] }) : "no entities",
      );
    });

  program
    .command("graph")
    .description("the knowledge graph of a scope, or an entity's neighbours (--depth 1 or 2)")
    .argument("[entity]", "start from this entity")
    .option("--user <id>")
    .option("--agent <id>")
    .option("--tenant <id>")
    .option("--depth <n>", "hops from the entity: 1 or 2", "1")
    .action(async (entity: string | undefined, flags: Record<string, string | undefined>) => {
      const e = await cli.open();
      const scope = { user: flags.user, agent: flags.agent, tenant: flags.tenant };
      const depth = flags.depth === "2" ? 2 : flags.depth === "1" ? 1 : null;
      if (depth === null) throw invalidInput(`--depth must be 1 or 2, got "${flags.depth}"`, "--depth");
      const graph = entity ? await e.graph.neighbours(scope, entity, depth) : await e.graph.readGraph(scope);
      cli.print(graph, formatGraph(graph));
    });

  program
    .command("history")
    .description("the chain of values a fact belongs to: what it was before, and what superseded it")
    .argument("<id>", "a fact's id (engram facts shows them)")
    .option("--tenant <id>")
    .action(async (id: string, flags: { tenant?: string }) => {
      const e = await cli.open();
      const history = await e.history(id, flags.tenant);
      cli.print(history, history.chain.map(formatFact).join("\n"));
    });
}
