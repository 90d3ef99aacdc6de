import nlp from "compromise";

for (const w of [
  "Priya",
  "Italian",
  "Catholic",
  "Canadian",
  "Jewish",
  "Muslim",
  "Buddhist",
  "Republican",
  "British",
  "Kenji",
  "Leo",
  "Mexican",
  "Asian",
  "Christian",
  "Democrat",
  "Aquarius",
  "Gemini",
  "Scorpio",
  "Leo",
  "Sagittarius",
  "Tiago",
  "Lakshmi",
  "English",
  "Pakistani",
  "Filipino",
  "Vegan",
]) {
  const d = nlp(`My manager is ${w}.`);
  console.log(w, d.match(w).out("tags")[0]?.[w]?.join(",") ?? JSON.stringify(d.match(w).out("tags")));
}
