/** Saves text as a file through the browser's download (serve mode and the desktop window). */

/** Offers `text` as a download named `fileName`. */
export function downloadText(fileName: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // the download has its own reference to the blob once started
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
