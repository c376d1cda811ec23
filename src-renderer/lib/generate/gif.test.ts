import { describe, expect, it } from 'vitest';
import { animatedGif, pingPong } from './gif';

describe('animatedGif', () => {
  it('plays forward then back without repeating the ends', () => {
    expect(pingPong(4)).toEqual([0, 1, 2, 3, 2, 1]);
    expect(pingPong(1)).toEqual([0]);
  });

  it('writes a looping GIF89a of the enlarged frames', () => {
    const batch = { count: 3, width: 2, height: 2, channels: 1, images: Uint8Array.from({ length: 12 }, (_, i) => i * 20) };
    const gif = animatedGif(batch, 3, 100);
    const text = new TextDecoder('latin1').decode(gif);
    expect(text.startsWith('GIF89a')).toBe(true);
    // logical screen: the frame enlarged 3 times
    expect(gif[6]! | (gif[7]! << 8)).toBe(6);
    expect(gif[8]! | (gif[9]! << 8)).toBe(6);
    expect(text).toContain('NETSCAPE2.0');
    // one image descriptor (0x2c after a graphic control block) per frame of 0 1 2 1
    expect(text.match(/\x21\xf9\x04/g)).toHaveLength(4);
    expect(gif.at(-1)).toBe(0x3b);
  });

  it('encodes colour images with a quantized palette', () => {
    const batch = { count: 2, width: 1, height: 1, channels: 3, images: Uint8Array.from([255, 0, 0, 0, 0, 255]) };
    expect(new TextDecoder('latin1').decode(animatedGif(batch, 2)).startsWith('GIF89a')).toBe(true);
  });
});
