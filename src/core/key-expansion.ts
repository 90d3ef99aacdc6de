/**
 * Keys expanded from each item (the guide's knowledge embedding: several keys point to one memory): its own text,
 * the caller's extra keys, and the statement with "I"/"my" resolved to the speaker and "you" to the person spoken to,
 * so "When did Caroline go to the support group?" finds Caroline's "I went to a support group yesterday".
 */
import { isMostlyLatin, resolvePronouns } from "../text/index.js";
import type { EngineOptions, RememberItem } from "./schemas.js";

export interface KeySpec {
  kind: string;
  text: string;
  /** Whether the key gets a vector; otherwise it serves the lexical channel only. */
  embed: boolean;
}

/** The keys of each item, in order; the first is always the item's own text. */
export function expandKeys(
  items: RememberItem[],
  options: Pick<EngineOptions, "speakerKeys" | "embedSpeakerKeys">,
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
    return specs;
  });
}
