// A chunk of its own, fetched once a message with files is on screen. Imports nothing at run time
// (lit's `html` comes from the chat chunk), so it shares no chunk with it.
import type { html as litHtml, TemplateResult } from 'lit/html.js';
import type { Attachment } from '../types';

export { filesStyles as styles } from './files.styles';

/**
 * A message's files: images as themselves, scaled (a click opens the full one), anything else as
 * a link with its name and size. Names reach the DOM as text and the `alt` attribute only.
 */
export function renderFiles(html: typeof litHtml, files: Attachment[], locale: string): TemplateResult {
  // Links come from the server; anything but http(s) is not one (no javascript: or data: URLs).
  const safe = files.filter((f) => /^https?:\/\//i.test(f.url));
  return html`<ul class="files">
    ${safe.map((f) =>
      /^image\//.test(f.type)
        ? html`<li>
            <a class="image" href=${f.url} target="_blank" rel="noopener noreferrer"
              ><img src=${f.url} alt=${f.name} loading="lazy" decoding="async"
            /></a>
          </li>`
        : html`<li>
            <a class="file" href=${f.url} target="_blank" rel="noopener noreferrer" download=${f.name}>${f.name}</a>
            <span class="size">${fileSize(locale, f.size)}</span>
          </li>`,
    )}
  </ul>`;
}

/** A file size in the panel's language ("340 kB", "2.5 MB"), in binary multiples as file managers show them. */
export function fileSize(locale: string, bytes: number): string {
  const k = bytes < 1024 ? 0 : bytes < 1024 ** 2 ? 1 : 2;
  const unit = (['byte', 'kilobyte', 'megabyte'] as const)[k];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(bytes / 1024 ** k);
}
