/** Evidence-recall tables as the LoCoMo scripts print them: @5/10/25/50, then each category @10. */
import { LOCOMO_CATEGORIES, type RecallTable } from "../src/evaluation/locomo.js";

export const KS = [5, 10, 25, 50];

export const TABLE_HEADER = `${"".padEnd(40)} ${KS.map((k) => `@${k}`.padStart(5)).join(" ")} | ${Object.values(
  LOCOMO_CATEGORIES,
)
  .map((c) => c.slice(0, 5).padStart(5))
  .join(" ")}  (categories @10)`;

export function tableLine(name: string, table: RecallTable, ks: number[] = KS): string {
  const all = ks.map((k) => String(table.all?.[String(k)] ?? "–").padStart(5)).join(" ");
  const categories = Object.keys(LOCOMO_CATEGORIES)
    .map((c) => String(table[c]?.[String(ks.includes(10) ? 10 : ks[0])] ?? "–").padStart(5))
    .join(" ");
  return `${name.padEnd(40)} ${all} | ${categories}`;
}
