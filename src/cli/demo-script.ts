/** The demo's data: a few turns of a conversation (English and Chinese) and a short document, then three questions. */
import type { RememberInput } from "../core/index.js";

const DAY = 86_400_000;
const start = Date.parse("2026-05-04T09:00:00Z");

const turns: [speaker: string, text: string, day: number][] = [
  ["Ana", "Hi! I'm Ana. I just started a new job as a nurse at the children's hospital.", 0],
  ["assistant", "Congratulations on the new job, Ana! How is it going so far?", 0],
  ["Ana", "Exhausting but lovely. The night shifts are hard on me.", 0],
  ["Ana", "We adopted two kittens last weekend, Miso and Tofu.", 3],
  ["assistant", "Miso and Tofu are great names! Are they settling in?", 3],
  ["Ana", "I can't eat peanuts, I'm seriously allergic to them.", 5],
  ["Ana", "My sister Joana is visiting from Porto next month.", 9],
  ["Ana", "我下个月要去北京参加一个医学会议。", 12],
  ["Ana", "We adopted two kittens last weekend, Miso and Tofu.", 12],
];

const document = [
  "The city library opens at 9 am on weekdays and at 10 am on Saturdays.",
  "It is closed on Sundays and on public holidays.",
  "Members can borrow up to twelve books at a time, for three weeks.",
];

export const demoMemories: RememberInput[] = [
  ...turns.map(([speaker, text, day], i) => ({
    text,
    user: "ana",
    session: `s${day}`,
    speaker,
    role: speaker === "assistant" ? "assistant" : "user",
    at: new Date(start + day * DAY + i * 60_000).toISOString(),
    source: `demo conversation, turn ${i + 1}`,
  })),
  ...document.map((text, i) => ({
    text,
    user: "ana",
    kind: "segment" as const,
    at: new Date(start + 10 * DAY).toISOString(),
    source: `library-rules.md, sentence ${i + 1}`,
  })),
];

export const demoQuestions = [
  "What pets does Ana have?",
  "Is Ana allergic to anything?",
  "When can I go to the library on the weekend?",
  "北京的会议",
];

export const demoNow = start + 14 * DAY;
