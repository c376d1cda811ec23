// Downloads in the desktop app go through the native Save dialog: the chosen path is used,
// a closed dialog cancels, and the dialog starts in the Downloads folder with the file's type.
import type { BrowserWindow, Dialog, DownloadItem, Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { askWhereToSave, saveOptions } from './save-dialog';

function fakeSession() {
  const listeners = new Map<string, (event: unknown, item: DownloadItem) => void>();
  const session = {
    on: (name: string, listener: never) => listeners.set(name, listener),
    removeListener: (name: string) => listeners.delete(name),
  } as unknown as Session;
  return { session, listeners };
}

function fakeItem(name: string) {
  return { getFilename: () => name, setSavePath: vi.fn(), cancel: vi.fn() };
}

describe('askWhereToSave', () => {
  const window = { isDestroyed: () => false } as unknown as BrowserWindow;

  it('saves where the user chose, with the dialog modal to the window', () => {
    const { session, listeners } = fakeSession();
    const showSaveDialogSync = vi.fn(() => '/home/ada/papers/map.svg');
    askWhereToSave(session, { showSaveDialogSync } as unknown as Dialog, () => window, '/home/ada/Downloads');
    const item = fakeItem('map.svg');
    listeners.get('will-download')!({}, item as unknown as DownloadItem);
    expect(showSaveDialogSync).toHaveBeenCalledWith(window, expect.objectContaining({ defaultPath: '/home/ada/Downloads/map.svg' }));
    expect(item.setSavePath).toHaveBeenCalledWith('/home/ada/papers/map.svg');
    expect(item.cancel).not.toHaveBeenCalled();
  });

  it('cancels the download when the dialog is closed, and works without a window', () => {
    const { session, listeners } = fakeSession();
    const showSaveDialogSync = vi.fn(() => undefined);
    askWhereToSave(session, { showSaveDialogSync } as unknown as Dialog, () => null, '/tmp');
    const item = fakeItem('codes.npy');
    listeners.get('will-download')!({}, item as unknown as DownloadItem);
    expect(showSaveDialogSync).toHaveBeenCalledWith(expect.objectContaining({ title: 'Save codes.npy' }));
    expect(item.cancel).toHaveBeenCalled();
    expect(item.setSavePath).not.toHaveBeenCalled();
  });

  it('is removed by the function it returns', () => {
    const { session, listeners } = fakeSession();
    const remove = askWhereToSave(session, { showSaveDialogSync: vi.fn() } as unknown as Dialog, () => null, '/tmp');
    expect(listeners.has('will-download')).toBe(true);
    remove();
    expect(listeners.has('will-download')).toBe(false);
  });
});

describe('saveOptions', () => {
  it("offers the file's own type first, then any file", () => {
    expect(saveOptions('report.HTML', '/d').filters).toEqual([
      { name: 'HTML file', extensions: ['html'] },
      { name: 'All files', extensions: ['*'] },
    ]);
    expect(saveOptions('README', '/d').filters).toEqual([{ name: 'All files', extensions: ['*'] }]);
  });
});
