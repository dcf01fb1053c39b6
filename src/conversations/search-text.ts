/**
 * Full-text search, shared by the search endpoint and the inbox's `q`: every message keeps a
 * tsvector of its body in two configurations, `simple` (each word as written, any language) and
 * `english` (stems: "refunds" finds "refund"), and a query is read by websearch_to_tsquery in both
 * and OR'ed, so quoted phrases and `-word` work as people type them. Visitors match by the start
 * of their name or email (btree indexes on lower()).
 */
export const TSQUERY = (param: string) =>
  `(websearch_to_tsquery('english'::regconfig, ${param}) || websearch_to_tsquery('simple'::regconfig, ${param}))`;

/** `lower(column) LIKE` this, for a prefix match: LIKE's wildcards in the text taken literally. */
export function prefixPattern(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Marks ts_headline puts around matched words; bodies cannot hold them (they are stripped before). */
const START = '\u0001';
const STOP = '\u0002';

/** Bodies up to this long are their own snippet; longer ones are cut to a few words around the matches. */
export const WHOLE_SNIPPET_MAX = 240;

/** ts_headline options: the marks above, and either the whole body or fragments of it. */
export const HEADLINE_OPTIONS = {
  whole: `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`,
  fragments: `StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`,
};

/**
 * The body as ts_headline may read it: without the marks it adds, and with `<` and `>` stood in
 * for by private-use characters, or its parser would take HTML in a body for markup and drop it.
 */
export const HEADLINE_SOURCE = (column: string) => `translate(${column}, E'<>\\u0001\\u0002', E'\\uE000\\uE001')`;
const ANGLES: Record<string, string> = { '\uE000': '<', '\uE001': '>' };

/**
 * A headline with marks as plain text and the `[start, end)` ranges of the matched words, counted
 * in Unicode code points (the contract's unit of length), so clients never render HTML.
 */
export function highlightsOf(headline: string): { snippet: string; highlights: [number, number][] } {
  let snippet = '';
  let length = 0;
  let start = -1;
  const highlights: [number, number][] = [];
  for (const char of headline) {
    if (char === START) start = length;
    else if (char === STOP) {
      if (start >= 0 && length > start) highlights.push([start, length]);
      start = -1;
    } else {
      snippet += ANGLES[char] ?? char;
      length += 1;
    }
  }
  return { snippet, highlights };
}
