/**
 * Strength over a year for a few usage patterns, through the engine's own update (recallPatch, effectiveStrength)
 * with the default options: writes a text chart, an SVG and the parameters to docs/strength.md and docs/strength.svg.
 * Run: npm run bench:strength
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { effectiveStrength, recallPatch } from "../src/core/dynamics/strength.js";
import { engineOptionsSchema } from "../src/core/schemas.js";
import { updateStrength } from "../src/mechanisms/decay.js";
import { describeMachine } from "./common.js";

const DAY = 86_400_000;
const DAYS = 365;
/** The attention weight a memory gets when it is the answer to a recall (a clear top result). */
const RECALL_WEIGHT = 0.5;
const options = engineOptionsSchema.parse({});

interface Pattern {
  name: string;
  symbol: string;
  colour: string;
  /** Days on which the memory is recalled (and returned with RECALL_WEIGHT). */
  recalls: (day: number) => boolean;
  /** Days on which it is told again (a repeat through the write gate). */
  repeats?: (day: number) => boolean;
}

const PATTERNS: Pattern[] = [
  { name: "told once, never used again", symbol: "·", colour: "#9ca3af", recalls: () => false },
  {
    name: "told three times in the first week",
    symbol: "3",
    colour: "#a855f7",
    recalls: () => false,
    repeats: (d) => d === 2 || d === 6,
  },
  { name: "recalled every day", symbol: "D", colour: "#16a34a", recalls: (d) => d >= 1 },
  { name: "recalled every week", symbol: "W", colour: "#2563eb", recalls: (d) => d >= 1 && d % 7 === 0 },
  {
    name: "recalled daily for two weeks, then dropped",
    symbol: "B",
    colour: "#dc2626",
    recalls: (d) => d >= 1 && d <= 14,
  },
];

interface Curve {
  pattern: Pattern;
  /** Strength decayed to the end of each day 0…DAYS. */
  daily: number[];
  archivedOn: number | null;
}

function simulate(pattern: Pattern): Curve {
  let record = { id: "m", strength: options.initialStrength, lastSeenAt: 0 };
  const daily: number[] = [];
  let archivedOn: number | null = null;
  for (let day = 0; day <= DAYS; day++) {
    const now = day * DAY;
    if (archivedOn === null && pattern.repeats?.(day)) {
      const strength = updateStrength(
        record.strength,
        now - record.lastSeenAt,
        options.strengthHalfLifeDays * DAY,
        options.reinforceGain,
      );
      record = { ...record, strength, lastSeenAt: now };
    }
    // An archived memory is not recalled by default, so it gets no more reinforcement.
    if (archivedOn === null && pattern.recalls(day)) {
      const patch = recallPatch(record, RECALL_WEIGHT, now, options);
      if (patch)
        record = { ...record, strength: patch.strength as number, lastSeenAt: patch.lastSeenAt as number };
    }
    const strength = effectiveStrength(record, now + DAY - 1, options);
    daily.push(strength);
    if (archivedOn === null && strength < options.archiveThreshold) archivedOn = day;
  }
  return { pattern, daily, archivedOn };
}

function textChart(curves: Curve[], width = 73, height = 16): string {
  const perColumn = Math.ceil((DAYS + 1) / width);
  const rows: string[][] = Array.from({ length: height + 1 }, () => new Array<string>(width).fill(" "));
  const rowOf = (value: number) => height - Math.round(value * height);
  const thresholdRow = rowOf(options.archiveThreshold);
  for (let x = 0; x < width; x++) if (rows[thresholdRow]![x] === " ") rows[thresholdRow]![x] = "-";
  for (const curve of curves) {
    for (let x = 0; x < width; x++) {
      const value = curve.daily[Math.min(DAYS, x * perColumn)] as number;
      rows[rowOf(value)]![x] = curve.pattern.symbol;
    }
  }
  const lines = rows.map((row, i) => {
    const value = (height - i) / height;
    const label = i % 4 === 0 ? value.toFixed(2) : "    ";
    return `${label} |${row.join("").trimEnd()}`;
  });
  lines.push(`     +${"-".repeat(width)}`);
  const axis = new Array<string>(width + 1).fill(" ");
  for (const day of [0, 90, 180, 270, 360]) {
    const label = `${day}d`;
    const at = Math.round(day / perColumn);
    for (let i = 0; i < label.length && at + i <= width; i++) axis[at + i] = label[i] as string;
  }
  lines.push(`      ${axis.join("").trimEnd()}`);
  return lines.join("\n");
}

function svgChart(curves: Curve[]): string {
  const width = 940;
  const height = 340;
  const left = 48;
  const top = 16;
  const plotWidth = 560;
  const plotHeight = 280;
  const x = (day: number) => left + (day / DAYS) * plotWidth;
  const y = (value: number) => top + (1 - value) * plotHeight;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<line x1="${left}" y1="${y(0)}" x2="${left + plotWidth}" y2="${y(0)}" stroke="#333"/>`,
    `<line x1="${left}" y1="${y(0)}" x2="${left}" y2="${y(1)}" stroke="#333"/>`,
    `<line x1="${left}" y1="${y(options.archiveThreshold).toFixed(1)}" x2="${left + plotWidth}" y2="${y(options.archiveThreshold).toFixed(1)}" stroke="#f59e0b" stroke-dasharray="4 3"/>`,
    `<text x="${left + 6}" y="${(y(options.archiveThreshold) - 4).toFixed(1)}" fill="#b45309">archive threshold ${options.archiveThreshold}</text>`,
  ];
  for (const value of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<text x="${left - 6}" y="${y(value) + 4}" text-anchor="end">${value.toFixed(2)}</text>`);
  }
  for (const day of [0, 90, 180, 270, 365]) {
    parts.push(`<text x="${x(day)}" y="${y(0) + 16}" text-anchor="middle">day ${day}</text>`);
  }
  curves.forEach((curve, i) => {
    const points = curve.daily.map((value, day) => `${x(day).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
    parts.push(
      `<polyline fill="none" stroke="${curve.pattern.colour}" stroke-width="2" points="${points}"/>`,
    );
    const legendY = top + 14 + i * 18;
    parts.push(
      `<line x1="${left + plotWidth + 12}" y1="${legendY - 4}" x2="${left + plotWidth + 28}" y2="${legendY - 4}" stroke="${curve.pattern.colour}" stroke-width="3"/>`,
    );
    parts.push(
      `<text x="${left + plotWidth + 32}" y="${legendY}">${curve.pattern.symbol}: ${curve.pattern.name}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

function table(curves: Curve[]): string {
  const days = [1, 7, 30, 90, 180, 365];
  const header = `| pattern | ${days.map((d) => `day ${d}`).join(" | ")} | archived on |`;
  const rule = `|---|${days.map(() => "---:").join("|")}|---:|`;
  const rows = curves.map(
    (c) =>
      `| ${c.pattern.symbol} ${c.pattern.name} | ${days.map((d) => (c.daily[d] as number).toFixed(3)).join(" | ")} | ${c.archivedOn === null ? "kept" : `day ${c.archivedOn}`} |`,
  );
  return [header, rule, ...rows].join("\n");
}

const curves = PATTERNS.map(simulate);
const chart = textChart(curves);
const docs = resolve(import.meta.dirname, "..", "docs");
writeFileSync(resolve(docs, "strength.svg"), svgChart(curves));
const markdown = `# Strength and forgetting

Every memory has a **strength** in [0, 1]: the guide's gated update hₜ = fₜ ⊙ hₜ₋₁ + iₜ ⊙ h̃ₜ with the candidate
h̃ = 1 (\`updateStrength\` in \`src/mechanisms/decay.ts\`). The stored strength refers to the time \`lastSeenAt\`
(when the memory was last told or recalled); from then it decays, and is computed on read, never rewritten by a clock:

- **forget gate** f = 2^(−Δt / half-life): strength halves every \`strengthHalfLifeDays\`;
- **input gate** i = r · (1 − f·s): a use moves strength a fraction r of the way to 1, never past it. A recall gives
  each memory it returns r = \`recallGain\` × the attention weight it received (the guide's attention value update),
  so the top result is reinforced more than a low-weight one; telling the same thing again (the write gate's exact
  or near duplicate) gives r = \`reinforceGain\`.
- **archive**: \`engine.maintain()\` / \`engram maintain\` archives every active memory whose decayed strength is below
  \`archiveThreshold\` (optionally every \`maintainEveryWrites\` writes). Archived memories are kept whole, exported,
  listed by \`recall --archived\` / \`includeArchived\`, and restorable (\`engram restore <id>\`, which gives back at least
  the initial strength). Nothing is deleted unless \`forget\` is asked to.

## Parameters (engine options, defaults in \`src/core/schemas.ts\`)

| option | default | meaning |
|---|---:|---|
| \`initialStrength\` | ${options.initialStrength} | strength of a new memory |
| \`strengthHalfLifeDays\` | ${options.strengthHalfLifeDays} | days for an unused memory's strength to halve |
| \`recallGain\` | ${options.recallGain} | r = recallGain × attention weight per recall (0 turns reinforcement on recall off) |
| \`reinforceGain\` | ${options.reinforceGain} | r for a memory told again |
| \`archiveThreshold\` | ${options.archiveThreshold} | maintain() archives below this decayed strength |
| \`maintainEveryWrites\` | ${options.maintainEveryWrites} | run maintain() every N remember() calls (0: on demand only) |
| \`strengthWeight\` | ${options.strengthWeight} | how much strength adds to a recall score |

With the defaults, a memory told once and never used is archived after
log₂(${options.initialStrength} / ${options.archiveThreshold}) × ${options.strengthHalfLifeDays} ≈ ${Math.ceil(Math.log2(options.initialStrength / options.archiveThreshold) * options.strengthHalfLifeDays)} days.

## A year of five usage patterns

Simulated by \`bench/strength-simulation.ts\` (\`npm run bench:strength\`) through the engine's own functions
(\`recallPatch\`, \`effectiveStrength\`, \`updateStrength\`), one step a day; a recall gives the memory weight
${RECALL_WEIGHT} (a clear top result); an archived memory is not recalled any more.

![strength over a year](strength.svg)

\`\`\`
${chart}
\`\`\`
${curves.map((c) => `${c.pattern.symbol} ${c.pattern.name}`).join(" · ")} · - archive threshold

${table(curves)}
`;
writeFileSync(resolve(docs, "strength.md"), markdown);
console.log(`strength simulation (${describeMachine()}): ${DAYS} days, defaults from engineOptionsSchema`);
console.log(chart);
console.log(table(curves));
console.log("wrote docs/strength.md and docs/strength.svg");
