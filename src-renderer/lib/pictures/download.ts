/** Offering a file to the user: the browser's download, or Electron's save flow. */

/** Downloads `blob` as `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // the download has started by then; revoking at once can cancel it in some browsers
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
