import { describe, expect, it } from 'vitest';
import { isNewSamplesKey, isTypingTarget } from './generate-keys';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods,
});

describe('isNewSamplesKey', () => {
  it('takes a plain N outside fields', () => {
    expect(isNewSamplesKey(press('n'), false)).toBe(true);
    expect(isNewSamplesKey(press('N', { shiftKey: true }), false)).toBe(true);
    expect(isNewSamplesKey(press('n'), true)).toBe(false);
    expect(isNewSamplesKey(press('n', { ctrlKey: true }), false)).toBe(false);
    expect(isNewSamplesKey(press('m'), false)).toBe(false);
  });

  it('leaves letters to text fields but not to sliders', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'number' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'range' } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget({ tagName: 'SELECT' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
