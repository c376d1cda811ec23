/** Keyboard decisions as pure functions: roving focus in lists and the Train shortcuts. */

/**
 * Where focus goes in a vertical list of `count` entries after `key`, wrapping at the ends;
 * null when the key does not move focus.
 */
export function nextIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowUp':
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** The keys of a keyboard event this reads. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** What a Train view shortcut does. */
export type TrainAction = 'train' | 'stop' | 'pause';

/**
 * Ctrl/Cmd+Enter trains, Escape stops, P pauses or resumes. P is a plain letter, so it does
 * nothing while typing in a field (`inField`), where the letter belongs to the field.
 */
export function trainShortcut(press: KeyPress, inField: boolean): TrainAction | null {
  const plain = !press.ctrlKey && !press.metaKey && !press.altKey && !press.shiftKey;
  if (press.key === 'Enter' && (press.ctrlKey || press.metaKey) && !press.altKey && !press.shiftKey) return 'train';
  if (press.key === 'Escape' && plain) return 'stop';
  if ((press.key === 'p' || press.key === 'P') && plain && !inField) return 'pause';
  return null;
}

/** True on macOS, where the Command key stands in for Ctrl. */
export function isApplePlatform(userAgent: string): boolean {
  return /Mac|iPhone|iPad/.test(userAgent);
}
