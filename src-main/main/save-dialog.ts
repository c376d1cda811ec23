/**
 * Every file the page offers (an export, a picture, a CSV, a report) is saved where the
 * user says in the system's Save dialog, which Electron shows itself when a download has no
 * save path; closing it cancels the download. We only fill the dialog in: the file's type
 * first and the Downloads folder. (Electron's own dialog does not block the main process,
 * which keeps relaying the engine's events and replies while it is open.)
 */
import { extname, join } from 'node:path';
import type { DownloadItem, SaveDialogOptions, Session } from 'electron';

/** The Save dialog's options for a file named `name`, starting in `folder`. */
export function saveOptions(name: string, folder: string): SaveDialogOptions {
  const extension = extname(name).slice(1).toLowerCase();
  return {
    title: `Save ${name}`,
    defaultPath: join(folder, name),
    // the file's own type first; "All files" lets the user pick another name freely
    filters: [...(extension ? [{ name: `${extension.toUpperCase()} file`, extensions: [extension] }] : []), { name: 'All files', extensions: ['*'] }],
  };
}

/** Fills in the Save dialog of `session`'s downloads; returns a function that stops it. */
export function askWhereToSave(session: Session, downloads: string): () => void {
  const onDownload = (_event: unknown, item: DownloadItem): void => {
    // no setSavePath: Electron then asks the user where to save
    item.setSaveDialogOptions(saveOptions(item.getFilename(), downloads));
  };
  session.on('will-download', onDownload);
  return () => void session.removeListener('will-download', onDownload);
}
