/** Human-readable output for the terminal; --json output is the engine's own objects. */
import type { RecallResult } from "../core/index.js";

const BAR_WIDTH = 20;

export function weightBar(weight: number): string {
  const filled = Math.round(Math.max(0, Math.min(1, weight)) * BAR_WIDTH);
  return `${"█".repeat(filled)}${"·".repeat(BAR_WIDTH - filled)}`;
}

export function formatRecall(result: RecallResult): string {
  const lines: string[] = [];
  const channels = [result.channels.vector ? "meaning" : null, result.channels.lexical ? "words" : null]
    .filter(Boolean)
    .join(" + ");
  lines.push(
    `recall "${result.query}": ${result.results.length} of ${result.candidates} candidates (${channels || "no channel"}), ${result.tookMs.toFixed(1)} ms`,
  );
  result.results.forEach((memory, i) => {
    const who = memory.speaker ?? memory.role;
    const when = memory.occurredAt.slice(0, 10);
    lines.push(
      `${String(i + 1).padStart(2)}. ${weightBar(memory.weight)} ${(memory.weight * 100).toFixed(1).padStart(5)}%  ${who ? `${who}: ` : ""}${memory.text}`,
    );
    lines.push(
      `      ${memory.id} · ${memory.kind} · ${when}${memory.source ? ` · ${memory.source}` : ""} · score ${memory.score.toFixed(2)}`,
    );
    for (const reason of memory.reasons) lines.push(`      - ${reason}`);
  });
  return lines.join("\n");
}
