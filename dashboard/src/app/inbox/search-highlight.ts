/** A piece of a snippet, marked when it is one of the matched ranges. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * Cuts a plain-text snippet at its highlight ranges, counted in code points as the server counts
 * them, so the matches can be shown as `<mark>` without ever parsing the text as HTML. Ranges out
 * of order, overlapping or out of bounds are tidied rather than trusted.
 */
export function snippetParts(snippet: string, highlights: [number, number][]): SnippetPart[] {
  const chars = Array.from(snippet);
  const ranges = highlights
    .map(([start, end]) => [Math.max(0, start), Math.min(chars.length, end)] as [number, number])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    const from = Math.max(start, at);
    if (end <= from) continue;
    if (from > at) parts.push({ text: chars.slice(at, from).join(''), mark: false });
    const text = chars.slice(from, end).join('');
    const last = parts.at(-1);
    // Touching ranges make one mark, as a reader sees one match.
    if (last?.mark && from === at) last.text += text;
    else parts.push({ text, mark: true });
    at = end;
  }
  if (at < chars.length) parts.push({ text: chars.slice(at).join(''), mark: false });
  return parts;
}
