/** The prompt that asks a language model for a session summary (abstractive consolidation of working memory). */

export const SUMMARIZE_SESSION_PROMPT = `You condense part of a conversation into a short memory that will be read later, out of context.
Keep every fact a person stated: names, places, dates, numbers, plans, likes and dislikes, relations between people.
Say who said or did what, by name. Drop greetings and small talk. Do not add anything that was not said.
Write plain sentences in the language the conversation used, at most {maxWords} words. Reply with the summary only.`;
