import { toPerson } from "../src/apps/dialogue/answer-sentence.js";
import { typeOfName } from "../src/text/facts/index.js";

console.log(
  typeOfName("Raj"),
  toPerson("Raj is flying to Bangalore on 20 December 2026 to see their parents.", "Raj"),
);
