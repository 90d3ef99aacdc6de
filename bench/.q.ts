import { parseFactQuestion } from "../src/apps/dialogue/fact-question.js";

for (const q of process.argv.slice(2)) console.log(q, JSON.stringify(parseFactQuestion(q)));
