// What the widget tells the API about the page it runs on (bootstrap and
// conversation:open), so agents see it and emails link back to it. Shared by
// the peek chunk and the chat chunk.

/** The API's limits: pageUrl in UTF-16 units (an http(s) URL), pageTitle in code points after trimming. */
const MAX_URL = 2048;
const MAX_TITLE = 300;

export interface PageContext {
  pageUrl?: string;
  pageTitle?: string;
}

/**
 * The page's URL and title, cut to what the API accepts. The API refuses the
 * whole request for a title holding control characters or lone surrogates,
 * so those go (a control character becomes a space), and a cut never splits
 * a character. A page that is not http(s) (file:, about:srcdoc) sends no URL.
 */
export function pageContext(href = location.href, title = document.title): PageContext {
  const context: PageContext = {};
  if (/^https?:\/\//i.test(href)) {
    let url = href.slice(0, MAX_URL);
    if (/[\uD800-\uDBFF]$/.test(url)) url = url.slice(0, -1);
    context.pageUrl = url;
  }
  const text = clean(clean(title, Infinity).trim(), MAX_TITLE).trim();
  if (text) context.pageTitle = text;
  return context;
}

/** NFC, without lone surrogates or control characters other than tab and newline, at most `max` code points. */
function clean(text: string, max: number): string {
  let out = '';
  let count = 0;
  for (let char of text.normalize('NFC')) {
    if (char.length === 1 && char >= '\uD800' && char <= '\uDFFF') continue;
    if (/[\0-\x08\x0B-\x1F\x7F-\x9F]/.test(char)) char = ' ';
    if (++count > max) break;
    out += char;
  }
  return out;
}
