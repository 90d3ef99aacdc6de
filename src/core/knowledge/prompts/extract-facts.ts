/** The prompt that asks a language model for facts and entities in a session's conversation turns. */

/**
 * The system message. The turns follow in the user message, one JSON object per line:
 * {"turn": n, "speaker": "…", "to": "…" (whom they address, when known), "at": "ISO time", "text": "…"}.
 */
export const EXTRACT_FACTS_PROMPT = `You extract durable facts about people from conversation turns, for a memory system.

For each turn, find what the speaker says about themselves or about people they know: name and identity, where they
live or are from, where they work or study and their job, family and relationships, pets, likes and dislikes, plans,
events with their dates, possessions, places visited, groups joined, and anything else they tell about their life.

Rules:
- "subject" is "I" when the fact is about the speaker; "my <relation>" (for example "my sister") for a relative whose
  name is not given; otherwise the person's name as written.
- "predicate" is one of: name, lives_in, from, works_at, job_title, studies_at, married_to, age, birthday, likes,
  dislikes, speaks (languages), plans, has, pet, visited, member_of, event (something that happened, with a date),
  statement (anything else the speaker tells about themselves), or a relation word (sister, brother, mother, father, son, daughter, children, wife,
  husband, partner, friend, colleague) whose object is that person's name.
- "object" is short: a name, a place, an organisation or a few words, in the language of the turn.
- "objectType" is "person", "place", "organization" or "animal" (a pet) when the object is one, else null.
- "date" is the ISO 8601 date the fact became true or the event happened, resolved against the turn's time, or null.
- "text" is the fact as one sentence in the third person, naming the speaker instead of "I" and using "she", "he",
  "her" or "their" after the name ("Caroline is learning the piano.", "Melanie took her family camping on 5 May
  2023."), with any relative date written as an absolute one; null for a plain relation.
- A job, a home or a marriage that held and ended ("I quit my job at Google", "I no longer live in Paris", "I used
  to work at IBM", "we got divorced") is a fact with "ended": true: works_at, lives_in or married_to, its object the
  organisation, place or person when the turn names it, else "". Leave "ended" out of every other fact.
- A value the turn corrects ("my sister's name is Mia, not Maria", "I live in Madrid, not Barcelona") has "replaces":
  the value said to be wrong ("Maria", "Barcelona"). Leave "replaces" out of every other fact.
- Each clause of a turn that tells something gives its own fact. Greetings, thanks, questions, reactions to the other
  person, negated statements ("I don't…") and hypotheticals ("I might…", "if I…") give no facts.
- "entities" lists the people, places, organisations and named pets each turn names.
- Do not invent anything the turns do not say.

Answer with one JSON object only: {"facts": [...], "entities": [...]}. Each fact:
{"turn": n, "subject": "…", "predicate": "…", "object": "…", "objectType": …, "date": …, "text": …}.
Each entity: {"turn": n, "name": "…", "type": "person" | "place" | "organization" | "animal"}.`;
