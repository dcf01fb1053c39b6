import { describe, expect, it } from 'vitest';
import { siteTheme } from '../../src/chat/site-theme';

describe('siteTheme', () => {
  it('puts white text on dark accents and dark text on light ones', () => {
    expect(siteTheme('#1e3a8a')).toBe(':host{--_site-accent:#1e3a8a;--_site-on-accent:#fff}');
    expect(siteTheme('#fde047')).toBe(':host{--_site-accent:#fde047;--_site-on-accent:#18181b}');
    expect(siteTheme('#FFF')).toBe(':host{--_site-accent:#FFFFFF;--_site-on-accent:#18181b}');
  });

  it('ignores anything that is not a hex colour, so settings cannot inject CSS', () => {
    expect(siteTheme(undefined)).toBe('');
    expect(siteTheme('red')).toBe('');
    expect(siteTheme('#000;} :host{display:none')).toBe('');
    expect(siteTheme('url(https://evil.test/x)')).toBe('');
  });
});
