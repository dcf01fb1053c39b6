/**
 * The site's accent colour from its settings, as private custom properties
 * the stylesheets fall back to when the page sets no `--zendo-accent`. Text on
 * it is white or near-black, whichever contrasts more. Anything but a hex
 * colour is ignored, so settings cannot inject CSS.
 */
export function siteTheme(color: string | undefined): string {
  if (!color || !/^#(?:[0-9a-f]{3}){1,2}$/i.test(color)) return '';
  const hex = color.length === 4 ? color.replace(/[0-9a-f]/gi, '$&$&') : color;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast against white (L=1) versus against #18181b (L≈0.0097).
  const onAccent = 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0597 ? '#fff' : '#18181b';
  return `:host{--_site-accent:${hex};--_site-on-accent:${onAccent}}`;
}
