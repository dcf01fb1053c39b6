// The chat inside the panel. Variables come from zendo-chat.styles.ts (same shadow root).
// Logical properties only (inline-start/end, not left/right), so the panel mirrors under dir="rtl".
export const panelStyles = `
:host { --_surface: var(--zendo-surface, #f4f4f5); --_danger: #b91c1c; }
@media (prefers-color-scheme: dark) {
  :host { --_surface: var(--zendo-surface, #27272a); --_danger: #fca5a5; }
}
/* Read by screen readers, not shown: the loader's live region (only the chat writes to it) and "You:" prefixes. */
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
/* The panel's opening, once the chat is here (before, while it loads, the panel just appears). */
.panel { animation: zendo-in 0.18s ease-out; }
@keyframes zendo-in { from { opacity: 0; transform: translateY(8px); } }
@media (prefers-reduced-motion: reduce) { .panel { animation: none; } }
.head {
  display: flex;
  align-items: center;
  gap: 4px;
  padding-block: 10px;
  padding-inline: 16px 8px;
  background: var(--_accent);
  color: var(--_on-accent);
}
.who { flex: 1; min-width: 0; }
h2 { margin: 0; font-size: 16px; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.presence { margin: 0; font-size: 13px; }
button { font: inherit; cursor: pointer; }
.icon {
  width: 36px;
  height: 36px;
  flex: none;
  display: grid;
  place-items: center;
  padding: 0;
  border: 0;
  border-radius: 8px;
  background: transparent;
  color: inherit;
}
.icon:hover { background: rgb(0 0 0 / 0.12); }
svg { width: 20px; height: 20px; fill: currentColor; }
:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
.head :focus-visible { outline-color: currentColor; outline-offset: -2px; }
.bar { margin: 0; padding: 6px 16px; font-size: 13px; background: var(--_surface); color: var(--_text); }
.log {
  flex: 1;
  overflow-y: auto;
  overscroll-behavior: contain;
  margin: 0;
  padding: 16px;
  list-style: none;
  display: flex;
  flex-direction: column;
  gap: 10px;
}
.m { max-width: 82%; align-self: flex-start; }
.m.visitor { align-self: flex-end; }
.m.system { align-self: center; max-width: 100%; }
.text {
  margin: 0;
  padding: 8px 12px;
  border-radius: 14px;
  background: var(--_surface);
  color: var(--_text);
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  /* A message takes the direction of its own text, whatever the panel's. */
  unicode-bidi: plaintext;
}
.visitor .text { background: var(--_accent); color: var(--_on-accent); }
.text.deleted { font-style: italic; background: none; color: var(--_muted); border: 1px dashed var(--_border); }
.system .text { background: none; color: var(--_muted); font-size: 13px; text-align: center; }
.name, .meta { display: block; margin: 2px 4px; font-size: 12px; color: var(--_muted); }
.visitor .meta { text-align: end; }
.failed .text { box-shadow: 0 0 0 2px var(--_danger); }
.link { padding: 0; border: 0; background: none; color: var(--_text); font-weight: 600; text-decoration: underline; }
.typing { margin: 0; padding: 0 16px 8px; font-size: 13px; color: var(--_muted); }
.composer { display: flex; align-items: flex-end; gap: 8px; padding: 12px; border-top: 1px solid var(--_border); }
textarea {
  flex: 1;
  min-height: 42px;
  max-height: 140px;
  field-sizing: content;
  box-sizing: border-box;
  margin: 0;
  padding: 10px 12px;
  border: 1px solid var(--_muted);
  border-radius: 12px;
  resize: none;
  background: var(--_bg);
  color: var(--_text);
  font: inherit;
}
.composer .icon { height: 42px; color: var(--_muted); }
.composer .icon:hover { background: var(--_surface); }
.files { margin: 4px 0 0; padding: 0; list-style: none; font-size: 13px; color: var(--_muted); }
.seen { color: var(--_text); }
textarea::placeholder { color: var(--_muted); opacity: 1; }
.send, .btn { border: 0; background: var(--_accent); color: var(--_on-accent); }
[dir="rtl"] .send svg { transform: scaleX(-1); }
.send { width: 42px; height: 42px; flex: none; display: grid; place-items: center; padding: 0; border-radius: 50%; }
.btn { padding: 9px 16px; border-radius: 10px; font-weight: 600; }
.ended { display: grid; gap: 10px; justify-items: center; padding: 16px; border-top: 1px solid var(--_border); color: var(--_muted); }
.ended p, .status p { margin: 0; }
.status { display: grid; gap: 12px; justify-items: center; }
.list { flex: 1; overflow-y: auto; display: grid; align-content: start; gap: 8px; margin: 0; padding: 12px; list-style: none; }
.conv {
  width: 100%;
  display: flex;
  justify-content: space-between;
  gap: 8px;
  padding: 10px 12px;
  border: 1px solid var(--_border);
  border-radius: 10px;
  background: var(--_bg);
  color: var(--_text);
  text-align: start;
}
.conv[aria-current] { border-color: var(--_accent); }
.conv span:last-child { color: var(--_muted); }
.email { display: grid; gap: 6px; padding: 10px 12px; border-top: 1px solid var(--_border); font-size: 14px; }
.email .row { display: flex; gap: 8px; }
.email input {
  flex: 1;
  min-width: 0;
  box-sizing: border-box;
  margin: 0;
  padding: 8px 10px;
  border: 1px solid var(--_muted);
  border-radius: 10px;
  background: var(--_bg);
  color: var(--_text);
  font: inherit;
}
.email input[aria-invalid] { border-color: var(--_danger); }
.email .btn[disabled] { opacity: 0.7; cursor: default; }
.error { margin: 0; color: var(--_danger); font-size: 13px; }
.saved { margin: 0; padding: 10px 12px; border-top: 1px solid var(--_border); color: var(--_muted); font-size: 13px; }
`;
