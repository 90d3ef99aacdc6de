/**
 * Keys expanded from each item (the guide's knowledge embedding: several keys point to one memory): its own text,
 * the caller's extra keys, the statement with "I"/"my" resolved to the speaker and "you" to the person spoken to,
 * so "When did Caroline go to the support group?" finds Caroline's "I went to a support group yesterday", and the
 * days the text speaks of, resolved against when it was said ("yesterday", said on 8 May 2023, is 2023-05-07).
 */
import { isMostlyLatin, resolvePronouns } from "../text/index.js";
import { mentionedDates } from "../text/time-expressions.js";
import type { EngineOptions, RememberItem } from "./schemas.js";

export interface KeySpec {
  kind: string;
  text: string;
  /** Whether the key gets a vector; otherwise it serves the lexical channel only. */
  embed: boolean;
  /** false: no lexical terms either (a key that only carries data for recall, such as the days a memory speaks of). */
  lexical?: boolean;
}

/** The kind of the key that holds the days a memory speaks of: ISO dates ("2023-05-07"), space-separated. */
export const DATE_KEY_KIND = "date";

/** The days a date key holds (UTC midnight, ms). */
export function datesOfKey(text: string): number[] {
  return text
    .split(/\s+/)
    .map((day) => Date.parse(`${day}T00:00:00Z`))
    .filter((ms) => Number.isFinite(ms));
}

/** The keys of each item, in order; the first is always the item's own text. */
export function expandKeys(
  items: RememberItem[],
  options: Pick<EngineOptions, "speakerKeys" | "embedSpeakerKeys" | "resolveDates">,
  now: number,
): KeySpec[][] {
  const lastSpeakerBySession = new Map<string, string>();
  return items.map((item) => {
    const specs: KeySpec[] = [{ kind: "text", text: item.text, embed: true }];
    for (const text of item.keys ?? []) specs.push({ kind: "expanded", text, embed: true });
    const sessionKey = JSON.stringify([
      item.tenant ?? null,
      item.user ?? null,
      item.agent ?? null,
      item.session ?? null,
    ]);
    const previous = lastSpeakerBySession.get(sessionKey);
    if (item.speaker) {
      const addressee = previous && previous !== item.speaker ? previous : null;
      if (options.speakerKeys && item.kind === "episode" && isMostlyLatin(item.text)) {
        const resolved = resolvePronouns(item.text, { speaker: item.speaker, addressee });
        specs.push({
          kind: "speaker",
          text: resolved ?? `${item.speaker}: ${item.text}`,
          embed: options.embedSpeakerKeys,
        });
      }
      lastSpeakerBySession.set(sessionKey, item.speaker);
    }
    // what is told (episodes, documents, summaries), not translation units or facts, whose dates are their own
    if (
      options.resolveDates &&
      (item.kind === "episode" || item.kind === "segment" || item.kind === "summary")
    ) {
      const days = mentionedDates(item.text, item.at ?? now);
      if (days.length > 0) {
        const text = days.map((day) => new Date(day).toISOString().slice(0, 10)).join(" ");
        specs.push({ kind: DATE_KEY_KIND, text, embed: false, lexical: false });
      }
    }
    return specs;
  });
}
