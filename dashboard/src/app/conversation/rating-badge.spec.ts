import { TestBed } from '@angular/core/testing';
import { RatingBadge } from './rating-badge';

describe('RatingBadge', () => {
  it('says the score in words and shows the comment; the stars are for the eye only', async () => {
    const fixture = TestBed.createComponent(RatingBadge);
    fixture.componentRef.setInput('rating', {
      score: 4,
      comment: 'quick and kind',
      at: '2026-01-01',
    });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.textContent).toContain('Rated 4/5');
    expect(root.querySelector('q')?.textContent).toBe('quick and kind');
    const stars = root.querySelector('.stars')!;
    expect(stars.textContent).toBe('★★★★☆');
    expect(stars.getAttribute('aria-hidden')).toBe('true');
  });

  it('shows nothing for an unrated conversation', async () => {
    const fixture = TestBed.createComponent(RatingBadge);
    fixture.componentRef.setInput('rating', null);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent?.trim()).toBe('');
  });
});
