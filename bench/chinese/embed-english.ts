/** Fills the on-disk cache of the local model's vectors for every English sentence of a Tatoeba TSV (training input). */
import { createLocalEmbedder } from "../../src/providers/local-embedder.js";
import { readPairs } from "./tatoeba.js";
import { openVectorCache } from "./vector-cache.js";

const file = process.argv[2];
if (!file) throw new Error("usage: tsx bench/chinese/embed-english.ts <pairs.tsv>");
const embedder = createLocalEmbedder();
const cache = openVectorCache(embedder, "english");
const english = readPairs(file).map((pair) => pair.english);
const started = performance.now();
await cache.embed(english, (done, total) => {
  const seconds = (performance.now() - started) / 1000;
  console.log(`${done}/${total} in ${seconds.toFixed(0)} s`);
});
await embedder.close();
