/** The Generate view's shortcut: N draws new samples, unless typing in a field (where the
 * letter belongs to the field) or with a modifier (the browser's and the OS's keys). */
import type { KeyPress } from '../keyboard/keys';

export function isNewSamplesKey(press: KeyPress, inField: boolean): boolean {
  const plain = !press.ctrlKey && !press.metaKey && !press.altKey;
  return (press.key === 'n' || press.key === 'N') && plain && !inField;
}

/** True when keys typed at `target` belong to it (text fields, selects, editable content). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const element = target as HTMLElement;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || element.isContentEditable) return true;
  // a range slider takes arrows, not letters
  return tag === 'INPUT' && (element as HTMLInputElement).type !== 'range' && (element as HTMLInputElement).type !== 'radio';
}
