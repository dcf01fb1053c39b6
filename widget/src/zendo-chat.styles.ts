// Launcher and panel frame. `--zendo-*` are the public theming properties; the
// `--_*` names are private and resolve them against the site's settings
// (`--_site-*`, set by the chat chunk) and the defaults. The defaults meet
// WCAG AA contrast in both colour schemes.
export const loaderStyles = `
:host {
  all: initial;
  --_accent: var(--zendo-accent, var(--_site-accent, #2563eb));
  --_on-accent: var(--zendo-accent-text, var(--_site-on-accent, #fff));
  --_bg: var(--zendo-background, #fff);
  --_text: var(--zendo-text, #18181b);
  --_muted: var(--zendo-muted, #52525b);
  --_border: var(--zendo-border, #d4d4d8);
  --_offset: var(--zendo-offset, 20px);
  --_font: var(--zendo-font, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif);
  color-scheme: light;
}
@media (prefers-color-scheme: dark) {
  :host {
    --_bg: var(--zendo-background, #18181b);
    --_text: var(--zendo-text, #f4f4f5);
    --_muted: var(--zendo-muted, #a1a1aa);
    --_border: var(--zendo-border, #3f3f46);
    color-scheme: dark;
  }
}
[hidden] { display: none !important; }
.launcher, .panel {
  position: fixed;
  z-index: var(--zendo-z-index, 2147483000);
  right: var(--_offset);
  box-sizing: border-box;
  font: 15px/1.45 var(--_font);
}
.left .launcher, .left .panel { right: auto; left: var(--_offset); }
.launcher {
  bottom: var(--_offset);
  width: 56px;
  height: 56px;
  margin: 0;
  padding: 0;
  border: 0;
  border-radius: 50%;
  display: grid;
  place-items: center;
  background: var(--_accent);
  color: var(--_on-accent);
  box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
  cursor: pointer;
}
.launcher:focus-visible { outline: 3px solid var(--_accent); outline-offset: 3px; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.badge {
  position: absolute;
  top: -4px;
  right: -4px;
  min-width: 20px;
  padding: 0 6px;
  box-sizing: border-box;
  border-radius: 10px;
  background: #b91c1c;
  color: #fff;
  font: 700 12px/20px var(--_font);
}
.panel {
  bottom: calc(var(--_offset) + 72px);
  width: min(380px, calc(100vw - 2 * var(--_offset)));
  height: min(600px, calc(100vh - 112px));
  display: flex;
  flex-direction: column;
  overflow: hidden;
  background: var(--_bg);
  color: var(--_text);
  border: 1px solid var(--_border);
  border-radius: var(--zendo-radius, 16px);
  box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
}
.panel:focus { outline: none; }
.body { display: flex; flex-direction: column; flex: 1; min-height: 0; }
.status { margin: auto; padding: 24px; text-align: center; color: var(--_muted); }
@media (max-width: 480px) {
  .panel, .left .panel { inset: 0; width: auto; height: auto; border: 0; border-radius: 0; }
}
`;
