/**
 * Every file the page offers (an export, a picture, a CSV, a report) is saved where the
 * user says in the system's own Save dialog, whatever the OS's "ask where to save" setting;
 * closing the dialog cancels the download. The dialog is synchronous because Electron reads
 * the save path when the will-download handler returns.
 */
import { extname, join } from 'node:path';
import type { BrowserWindow, Dialog, DownloadItem, SaveDialogSyncOptions, Session } from 'electron';

type SaveDialog = Pick<Dialog, 'showSaveDialogSync'>;

/** The Save dialog's options for a file named `name`, starting in `folder`. */
export function saveOptions(name: string, folder: string): SaveDialogSyncOptions {
  const extension = extname(name).slice(1).toLowerCase();
  return {
    title: `Save ${name}`,
    defaultPath: join(folder, name),
    // the file's own type first; "All files" lets the user pick another name freely
    filters: [...(extension ? [{ name: `${extension.toUpperCase()} file`, extensions: [extension] }] : []), { name: 'All files', extensions: ['*'] }],
  };
}

/** Installs the Save dialog for `session`'s downloads; returns a function that removes it. */
export function askWhereToSave(session: Session, dialog: SaveDialog, window: () => BrowserWindow | null, downloads: string): () => void {
  const onDownload = (_event: unknown, item: DownloadItem): void => {
    const options = saveOptions(item.getFilename(), downloads);
    const parent = window();
    const path = parent && !parent.isDestroyed() ? dialog.showSaveDialogSync(parent, options) : dialog.showSaveDialogSync(options);
    if (path) item.setSavePath(path);
    else item.cancel();
  };
  session.on('will-download', onDownload);
  return () => void session.removeListener('will-download', onDownload);
}
