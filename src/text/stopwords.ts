/**
 * Stop words for the lexical channel: function words that occur in almost every text and so only add noise to BM25.
 *
 * Question words (what, when, where, who, whom, which, why, how) are stop words too. They are frequent in queries and
 * almost absent from what is remembered: "Where did Caroline move?" should match "Caroline moved to Sweden" on
 * "caroline" and "move", not every memory that happens to contain "where". The question's intent is the embedder's
 * and the date parser's business, not the term index's. Negations (no, not, never, -n't) are dropped for the same
 * reason: a term index cannot tell "likes" from "doesn't like", and the semantic channel can.
 *
 * The lists hold surface forms (lower-case, NFKC, straight apostrophe), checked before stemming.
 * Words that double as content are left out on purpose: "may" (the month), "will" and "don" (names), "won" (win).
 */

/** Words separated by whitespace; lines starting with # are comments. */
function wordSet(list: string): ReadonlySet<string> {
  const words = list
    .split("\n")
    .filter((line) => !line.trim().startsWith("#"))
    .join(" ")
    .split(/\s+/u)
    .filter((word) => word.length > 0);
  return new Set(words);
}

/** English function words, contractions included ("don't", "i'm", "it's"). */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = wordSet(`
  # articles, conjunctions, prepositions
  a an the and but or nor if because as until while than so of at
  by for with about against between into through during before after above
  below to from up down in out on off over under again further then once
  # pronouns and determiners
  i me my myself we us our ours ourselves you your yours yourself
  yourselves he him his himself she her hers herself it its itself they
  them their theirs themselves this that these those all any both each few
  more most other some such own same here there
  # question words (see above)
  what which who whom whose when where why how
  # auxiliaries and modals
  am is are was were be been being have has had having do does did
  doing can could should would shall might must
  # negation and adverbs with no content of their own
  no not never only too very just now also yet ever
  # conversational filler
  oh ok okay yeah yes hey hi um uh
  # contractions
  i'm i've i'll i'd you're you've you'll you'd he's he'll he'd she's she'll
  she'd it's it'll it'd we're we've we'll we'd they're they've they'll they'd
  that's that'll there's here's what's who's where's when's why's how's let's
  isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't can't
  cannot couldn't shouldn't wouldn't won't shan't mustn't mightn't needn't ain't
`);

/** Chinese function words: particles, pronouns, copulas, common adverbs and question words. */
export const CHINESE_STOPWORDS: ReadonlySet<string> = wordSet(`
  # particles
  的 了 着 过 地 得 之 吗 呢 吧 啊 呀 哦 嗯 嘛 啦 哈 么
  # pronouns
  我 你 您 他 她 它 我们 你们 他们 她们 它们 咱们 自己 这 那 这个
  那个 这些 那些 这里 那里 这样 那样 其 此 该
  # copulas, prepositions, conjunctions
  是 在 和 与 及 跟 同 或 或者 而 而且 并 但 但是 可是 因为 所以
  如果 虽然 就是 对 把 被 给 从 向 往 于 以 为 为了 让 比
  # adverbs
  也 都 就 很 还 又 再 才 已 已经 只 不 没 没有 太 更 最 非常
  一个 一些 有 会 能 要 可以 就是
  # question words
  什么 怎么 怎样 怎么样 哪 哪里 哪儿 哪个 谁 为什么 几 多少 如何
`);

/** True for an English or Chinese stop word. */
export function isStopword(word: string): boolean {
  return ENGLISH_STOPWORDS.has(word) || CHINESE_STOPWORDS.has(word);
}
