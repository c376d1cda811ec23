/** The drawing pad's keyboard shortcuts as a pure decision, so the mapping is testable. */
import type { KeyPress } from '../keyboard/keys';

/** What a shortcut does to the pad. */
export type PadAction = 'undo' | 'redo' | 'eraser' | 'smaller' | 'larger' | 'clear';

/**
 * Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl+Y redo, E toggles the eraser, [ and ] change
 * the brush, Delete/Backspace clear. Nothing while typing in a field (`inField`), where
 * these keys belong to the field.
 */
export function padShortcut(press: KeyPress, inField: boolean): PadAction | null {
  if (inField || press.altKey) return null;
  const key = press.key.toLowerCase();
  const command = press.ctrlKey || press.metaKey;
  if (command) {
    if (key === 'z') return press.shiftKey ? 'redo' : 'undo';
    if (key === 'y' && press.ctrlKey && !press.metaKey && !press.shiftKey) return 'redo';
    return null;
  }
  if (press.shiftKey) return null;
  switch (key) {
    case 'e':
      return 'eraser';
    case '[':
      return 'smaller';
    case ']':
      return 'larger';
    case 'delete':
    case 'backspace':
      return 'clear';
    default:
      return null;
  }
}

const FIELD_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** True when keys typed at `target` go to a form field (inputs, sliders, selects, editable text). */
export function isFieldTarget(target: EventTarget | null): boolean {
  // read structurally: the window and the document are targets too, without these fields
  const element = target as Partial<Pick<HTMLElement, 'tagName' | 'isContentEditable'>> | null;
  return !!element && (element.isContentEditable === true || FIELD_TAGS.has(element.tagName ?? ''));
}
