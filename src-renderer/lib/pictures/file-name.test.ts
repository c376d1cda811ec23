// Saved figures get names that say what they are, whose run, and when, on every file system.
import { describe, expect, it } from 'vitest';
import { figureFileName, slug } from './file-name';

const AT = new Date(2026, 10, 27, 8, 5, 9); // local time, as the user's clock shows it

describe('figureFileName', () => {
  it('names the figure, the run and the second it was saved', () => {
    expect(figureFileName('Loss chart', 'svg', AT, 'run-20261127-abc')).toBe('loss-chart-run-20261127-abc-20261127-080509.svg');
    expect(figureFileName('Reconstructions', 'png', AT)).toBe('reconstructions-20261127-080509.png');
  });

  it('keeps only characters every file system accepts', () => {
    const name = figureFileName('Error |input − output| / β', 'png', AT, 'a/b:c*?');
    expect(name).toBe('error-input-output-a_b_c_-20261127-080509.png');
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('falls back to "figure" when the title has no letters or digits', () => {
    expect(figureFileName('—', 'png', AT)).toBe('figure-20261127-080509.png');
  });
});

describe('slug', () => {
  it('lower-cases, folds accents and joins words with single dashes', () => {
    expect(slug('  Mean error per label (BCE) ')).toBe('mean-error-per-label-bce');
    expect(slug('Décodé à 3 sd')).toBe('decode-a-3-sd');
  });
});
