// Adopted by the chat when the rating chunk arrives.
export const ratingStyles = `
.rate { display: grid; gap: 8px; justify-items: center; width: 100%; }
.ask { margin: 0; font-weight: 600; color: var(--_text); }
.stars { display: flex; gap: 4px; }
.star {
  width: 40px;
  height: 40px;
  padding: 0;
  border: 1px solid var(--_border);
  border-radius: 8px;
  background: var(--_bg);
  color: var(--_accent);
  font-size: 22px;
  line-height: 1;
}
.star[aria-pressed="true"] { border-color: var(--_accent); }
.rate textarea { width: 100%; min-height: 0; }
.rate .btn[disabled] { opacity: 0.7; cursor: default; }
.rated { margin: 0; color: var(--_text); }
`;
