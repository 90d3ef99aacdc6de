/** The prompt that asks a language model for facts and entities in a batch of conversation turns. */

/**
 * The system message. The turns follow in the user message as a numbered list, one JSON object per line:
 * {"turn": n, "speaker": "…", "at": "ISO time", "text": "…"}.
 */
export const EXTRACT_FACTS_PROMPT = `You extract durable facts about people from conversation turns, for a memory system.

For each turn, find what the speaker says about themselves or about people they know:
name and identity, where they live or are from, where they work or study and their job, family and relationships,
likes and dislikes, plans, events with their dates, and possessions.

Rules:
- "subject" is "I" when the fact is about the speaker; "my <relation>" (for example "my sister") for a relative whose
  name is not given; otherwise the person's name as written.
- "predicate" is one of: name, lives_in, from, works_at, job_title, studies_at, married_to, age, likes, dislikes, plans,
  has, event, or a relation word (sister, brother, mother, father, son, daughter, wife, husband, partner, friend,
  colleague) whose object is that person's name. Use snake_case for anything else.
- "object" is short: a name, a place, an organisation or a few words, in the language of the turn.
- "objectType" is "person", "place" or "organization" when the object is one, else null.
- "date" is the ISO 8601 date the fact became true or the event happened, resolved against the turn's time, or null.
- "entities" lists the people, places and organisations each turn names.
- Do not invent anything the turns do not say. Questions and greetings carry no facts.

Answer with one JSON object only: {"facts": [...], "entities": [...]}. Each fact:
{"turn": n, "subject": "…", "predicate": "…", "object": "…", "objectType": … , "date": …}.
Each entity: {"turn": n, "name": "…", "type": "person" | "place" | "organization"}.`;
