// Adopted by the chat when the files chunk arrives.
export const filesStyles = `
.files { display: grid; gap: 6px; margin: 4px 0 0; padding: 0; list-style: none; }
.visitor .files { justify-items: end; }
.image { display: block; line-height: 0; }
.image img {
  max-width: 100%;
  max-height: 180px;
  border-radius: 10px;
  border: 1px solid var(--_border);
  object-fit: contain;
  background: var(--_surface);
}
.file {
  display: inline-block;
  max-width: 100%;
  padding: 8px 12px;
  border: 1px solid var(--_border);
  border-radius: 10px;
  color: var(--_text);
  font-weight: 600;
  overflow-wrap: anywhere;
  unicode-bidi: plaintext;
}
.size { margin-inline-start: 6px; font-size: 12px; color: var(--_muted); }
`;
