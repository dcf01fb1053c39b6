/**
 * Adds a stylesheet to a shadow root and returns a function that replaces its
 * text. Constructable stylesheets are not subject to the page's `style-src`, so
 * they work under a strict Content-Security-Policy; old engines without them
 * (Safari before 16.4) get a `<style>` element instead.
 */
export function adoptStyles(root: ShadowRoot, css: string): (css: string) => void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return (text) => sheet.replaceSync(text);
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.prepend(style);
  return (text) => (style.textContent = text);
}
