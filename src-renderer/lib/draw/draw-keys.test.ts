import { describe, expect, it } from 'vitest';
import { isFieldTarget, padShortcut } from './draw-keys';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('padShortcut', () => {
  it('undoes with Ctrl/Cmd+Z and redoes with Shift or Ctrl+Y', () => {
    expect(padShortcut(press('z', { ctrlKey: true }), false)).toBe('undo');
    expect(padShortcut(press('z', { metaKey: true }), false)).toBe('undo');
    expect(padShortcut(press('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(padShortcut(press('Z', { metaKey: true, shiftKey: true }), false)).toBe('redo');
    expect(padShortcut(press('y', { ctrlKey: true }), false)).toBe('redo');
    expect(padShortcut(press('y', { metaKey: true }), false)).toBeNull();
    expect(padShortcut(press('z', { ctrlKey: true, altKey: true }), false)).toBeNull();
  });

  it('maps the bare keys: E, [, ], Delete, Backspace', () => {
    expect(padShortcut(press('e'), false)).toBe('eraser');
    expect(padShortcut(press('E'), false)).toBe('eraser');
    expect(padShortcut(press('['), false)).toBe('smaller');
    expect(padShortcut(press(']'), false)).toBe('larger');
    expect(padShortcut(press('Delete'), false)).toBe('clear');
    expect(padShortcut(press('Backspace'), false)).toBe('clear');
    expect(padShortcut(press('e', { ctrlKey: true }), false)).toBeNull();
    expect(padShortcut(press('x'), false)).toBeNull();
  });

  it('leaves keys alone while focus is in a field', () => {
    expect(padShortcut(press('z', { ctrlKey: true }), true)).toBeNull();
    expect(padShortcut(press('Backspace'), true)).toBeNull();
    expect(padShortcut(press('e'), true)).toBeNull();
  });

  it('recognises form fields as targets', () => {
    const target = (fields: object) => fields as EventTarget;
    expect(isFieldTarget(target({ tagName: 'INPUT', isContentEditable: false }))).toBe(true);
    expect(isFieldTarget(target({ tagName: 'SELECT', isContentEditable: false }))).toBe(true);
    expect(isFieldTarget(target({ tagName: 'DIV', isContentEditable: true }))).toBe(true);
    expect(isFieldTarget(target({ tagName: 'BUTTON', isContentEditable: false }))).toBe(false);
    expect(isFieldTarget(target({}))).toBe(false);
    expect(isFieldTarget(null)).toBe(false);
  });
});
