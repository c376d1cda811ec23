import { describe, expect, it } from 'vitest';
import { isApplePlatform, nextIndex, trainShortcut } from './keys';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('nextIndex', () => {
  it('moves and wraps with arrows, jumps with Home/End', () => {
    expect(nextIndex('ArrowDown', 0, 3)).toBe(1);
    expect(nextIndex('ArrowDown', 2, 3)).toBe(0);
    expect(nextIndex('ArrowUp', 0, 3)).toBe(2);
    expect(nextIndex('Home', 2, 3)).toBe(0);
    expect(nextIndex('End', 0, 3)).toBe(2);
    expect(nextIndex('a', 0, 3)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('trainShortcut', () => {
  it('maps Ctrl+Enter and Cmd+Enter to train, bare Escape to stop', () => {
    expect(trainShortcut(press('Enter', { ctrlKey: true }), false)).toBe('train');
    expect(trainShortcut(press('Enter', { metaKey: true }), true)).toBe('train');
    expect(trainShortcut(press('Enter'), false)).toBeNull();
    expect(trainShortcut(press('Enter', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(trainShortcut(press('Escape'), false)).toBe('stop');
    expect(trainShortcut(press('Escape', { ctrlKey: true }), false)).toBeNull();
  });

  it('maps a bare P to pause, except while typing in a field', () => {
    expect(trainShortcut(press('p'), false)).toBe('pause');
    expect(trainShortcut(press('P'), false)).toBe('pause');
    expect(trainShortcut(press('p'), true)).toBeNull();
    expect(trainShortcut(press('p', { ctrlKey: true }), false)).toBeNull();
    expect(trainShortcut(press('P', { shiftKey: true }), false)).toBeNull();
  });

  it('recognises Apple platforms', () => {
    expect(isApplePlatform('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)')).toBe(true);
    expect(isApplePlatform('Mozilla/5.0 (X11; Linux x86_64)')).toBe(false);
  });
});
