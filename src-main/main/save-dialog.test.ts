// Downloads in the desktop app go through the system's Save dialog, filled in with the
// file's type and the Downloads folder; no save path is set, so Electron asks the user.
import type { DownloadItem, Session } from 'electron';
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

describe('askWhereToSave', () => {
  it('fills in the dialog for each download and never picks the path itself', () => {
    const { session, listeners } = fakeSession();
    askWhereToSave(session, '/home/ada/Downloads');
    const item = { getFilename: () => 'map.svg', setSaveDialogOptions: vi.fn(), setSavePath: vi.fn() };
    listeners.get('will-download')!({}, item as unknown as DownloadItem);
    expect(item.setSaveDialogOptions).toHaveBeenCalledWith(expect.objectContaining({ title: 'Save map.svg', defaultPath: '/home/ada/Downloads/map.svg' }));
    expect(item.setSavePath).not.toHaveBeenCalled();
  });

  it('is removed by the function it returns', () => {
    const { session, listeners } = fakeSession();
    const remove = askWhereToSave(session, '/tmp');
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
