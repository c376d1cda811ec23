import { describe, expect, it } from 'vitest';
import { BARS_MARGIN, layoutLatentBars, layoutLatentPlane } from './latent-layout';

describe('layoutLatentBars', () => {
  it('draws positive values up and negative values down from a centred zero line', () => {
    const layout = layoutLatentBars(Float32Array.of(1.5, -0.75, 0), 200, 120);
    const plotHeight = 120 - BARS_MARGIN.top - BARS_MARGIN.bottom;
    expect(layout.zero).toBeCloseTo(plotHeight / 2, 6);
    const [up, down, flat] = layout.bars;
    expect(up!.y + up!.height).toBeCloseTo(layout.zero, 6);
    expect(down!.y).toBeCloseTo(layout.zero, 6);
    expect(up!.height).toBeCloseTo(2 * down!.height, 6);
    expect(flat!.height).toBe(0);
    expect(up!.x).toBeLessThan(down!.x);
  });

  it('keeps every bar inside the plot and labels small latents fully', () => {
    const layout = layoutLatentBars(Float32Array.of(4.2, -3.1), 200, 120);
    for (const bar of layout.bars) {
      expect(bar.y).toBeGreaterThanOrEqual(0);
      expect(bar.y + bar.height).toBeLessThanOrEqual(layout.plot.height + 1e-9);
    }
    expect(layout.xLabels.map((l) => l.label)).toEqual(['z1', 'z2']);
    // two dimensions do not stretch across the whole width
    expect(layout.bars[1]!.x + layout.bars[1]!.width).toBeLessThanOrEqual(72);
    expect(layout.yTicks.some((t) => t.value === 0)).toBe(true);
  });

  it('labels only the ends of a long latent and treats non-finite values as zero', () => {
    const latent = new Float32Array(32);
    latent[3] = NaN;
    const layout = layoutLatentBars(latent, 300, 100);
    expect(layout.xLabels.map((l) => l.label)).toEqual(['z1', 'z32']);
    expect(layout.bars[3]!.height).toBe(0);
  });
});

describe('layoutLatentPlane', () => {
  it('puts the origin in the middle and z2 upwards', () => {
    const centre = layoutLatentPlane(Float32Array.of(0, 0), 100);
    expect(centre.cx).toBe(50);
    expect(centre.cy).toBe(50);
    expect(centre.extent).toBe(3);
    const dot = layoutLatentPlane(Float32Array.of(1.5, 1.5), 100);
    expect(dot.cx).toBe(75);
    expect(dot.cy).toBe(25);
  });

  it('widens the view for codes outside [-3, 3]', () => {
    const far = layoutLatentPlane(Float32Array.of(-7, 2), 100);
    expect(far.extent).toBeGreaterThanOrEqual(7);
    expect(far.cx).toBeGreaterThanOrEqual(0);
  });
});
