import { snippetParts } from './search-highlight';

describe('snippetParts', () => {
  it('marks the matched ranges and keeps the text between them', () => {
    expect(snippetParts('my refund is late', [[3, 9]])).toEqual([
      { text: 'my ', mark: false },
      { text: 'refund', mark: true },
      { text: ' is late', mark: false },
    ]);
  });

  it('handles several ranges, at the edges too', () => {
    expect(
      snippetParts('refund refund', [
        [7, 13],
        [0, 6],
      ]),
    ).toEqual([
      { text: 'refund', mark: true },
      { text: ' ', mark: false },
      { text: 'refund', mark: true },
    ]);
  });

  it('counts code points, so emoji before a match do not shift it', () => {
    expect(snippetParts('😀 refund', [[2, 8]])).toEqual([
      { text: '😀 ', mark: false },
      { text: 'refund', mark: true },
    ]);
  });

  it('merges overlaps and ignores empty or outside ranges', () => {
    expect(
      snippetParts('abcdef', [
        [1, 3],
        [2, 4],
        [5, 5],
        [10, 12],
        [-3, 1],
      ]),
    ).toEqual([
      { text: 'abcd', mark: true },
      { text: 'ef', mark: false },
    ]);
  });

  it('keeps markup in the text as text', () => {
    expect(snippetParts('<b>refund</b>', [[3, 9]])).toEqual([
      { text: '<b>', mark: false },
      { text: 'refund', mark: true },
      { text: '</b>', mark: false },
    ]);
  });

  it('gives the whole snippet unmarked without ranges', () => {
    expect(snippetParts('plain', [])).toEqual([{ text: 'plain', mark: false }]);
    expect(snippetParts('', [])).toEqual([]);
  });
});
