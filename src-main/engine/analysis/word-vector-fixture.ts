/**
 * Generated word vectors for the embedding tests (engine and Playwright): "king", "queen",
 * "man" and "woman" on a royalty and a gender axis, so "king - man + woman" is nearest to
 * "queen", and the other words in topic clusters named `t{topic}_{n}`, so a word's nearest
 * words share its topic. Seeded: the same text every time.
 */

/** Text in GloVe format (a word, then `dim` numbers, per line); word2vec's header with `header`. */
export function gloveText(count: number, dim: number, options: { topics?: number; header?: boolean } = {}): string {
  const topics = options.topics ?? 50;
  let state = 12345;
  // a small LCG: deterministic and fast enough for 250,000 values
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const centres = Array.from({ length: topics }, () => Array.from({ length: dim }, (_, j) => (j < 2 ? 0 : random() * 2 - 1)));
  const royal: Record<string, [number, number]> = { king: [3, 3], queen: [3, -3], man: [0, 3], woman: [0, -3] };
  const lines: string[] = options.header ? [`${count} ${dim}`] : [];
  const words = Object.keys(royal);
  for (let i = 0; i < count; i++) {
    const word = words[i] ?? `t${i % topics}_${i}`;
    const axes = royal[word];
    const values = Array.from({ length: dim }, (_, j) => {
      if (axes) return j < 2 ? axes[j]! : (random() - 0.5) * 0.1;
      return centres[i % topics]![j]! + (random() - 0.5) * 0.3;
    });
    lines.push(`${word} ${values.map((v) => v.toFixed(4)).join(' ')}`);
  }
  return lines.join('\n') + '\n';
}
