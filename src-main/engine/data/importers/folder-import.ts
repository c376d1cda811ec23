/**
 * Imports a folder of PNG/JPEG images: one subfolder per class (its name is the class, the
 * subfolders sorted by name are labels 0, 1, ...), or images directly in the folder
 * (unlabelled). Each image is decoded, optionally resized (box-averaged, stretched to a
 * square), made greyscale or RGB, and appended to the cache before the next is read.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { checkImageShape, ImportError, throwIfCancelled } from './import-common';
import type { ImportContext, ImportedImages } from './import-common';

export interface FolderImportOptions {
  path: string;
  /** resize every image to size x size; absent: keep sizes, which must then all be equal */
  size?: number | undefined;
  /** keep colour (3 channels) rather than greyscale */
  rgb: boolean;
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);
const MAX_CLASSES = 256;

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The image files to read, in order, with their labels (null when unlabelled). */
async function listImages(root: string): Promise<{ files: string[]; labels: number[] | null; classNames?: string[] }> {
  const entries = await readdir(root, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new ImportError(root, error.code === 'ENOENT' ? 'no such folder' : `cannot be listed (${error.code ?? error.message})`);
  });
  const isImage = (name: string): boolean => IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
  const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const classes = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).sort(byName);
  const loose = entries.filter((e) => e.isFile() && isImage(e.name)).sort(byName);
  if (classes.length === 0) {
    if (loose.length === 0) throw new ImportError(root, 'holds no PNG or JPEG images and no class subfolders');
    return { files: loose.map((e) => join(root, e.name)), labels: null };
  }
  if (loose.length > 0) {
    throw new ImportError(root, `mixes images (${loose[0]!.name}) with class subfolders; put every image in its class's subfolder`);
  }
  if (classes.length > MAX_CLASSES) throw new ImportError(root, `has ${classes.length} class subfolders; at most ${MAX_CLASSES} classes are supported`);
  const files: string[] = [];
  const labels: number[] = [];
  for (const [label, folder] of classes.entries()) {
    const inside = (await readdir(join(root, folder.name), { withFileTypes: true })).filter((e) => e.isFile() && isImage(e.name)).sort(byName);
    for (const e of inside) {
      files.push(join(root, folder.name, e.name));
      labels.push(label);
    }
  }
  if (files.length === 0) throw new ImportError(root, 'has class subfolders but no PNG or JPEG images in them');
  return { files, labels, classNames: classes.map((c) => c.name) };
}

function decode(file: string, bytes: Uint8Array): Rgba {
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50;
  try {
    if (isPng) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: png.data };
    }
    return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
  } catch {
    // the decoders' own messages describe their internals, not the file
    throw new ImportError(file, `is not a complete, readable ${isPng ? 'PNG' : 'JPEG'} image (damaged or cut short); remove or replace the file`);
  }
}

/** Box-averages (or, when enlarging, repeats) the RGBA image into size x size, composited on black. */
function resizeRgba(image: Rgba, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let oy = 0; oy < height; oy++) {
    const y0 = Math.floor((oy * image.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * image.height) / height));
    for (let ox = 0; ox < width; ox++) {
      const x0 = Math.floor((ox * image.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * image.width) / width));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const at = (y * image.width + x) * 4;
          const alpha = image.data[at + 3]! / 255;
          r += image.data[at]! * alpha;
          g += image.data[at + 1]! * alpha;
          b += image.data[at + 2]! * alpha;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const to = (oy * width + ox) * 4;
      out[to] = Math.round(r / n);
      out[to + 1] = Math.round(g / n);
      out[to + 2] = Math.round(b / n);
      out[to + 3] = 255;
    }
  }
  return out;
}

/** RGBA -> RGB or luma (ITU-R 601 weights). */
function toChannels(rgba: Uint8Array, rgb: boolean): Uint8Array {
  const n = rgba.length / 4;
  const out = new Uint8Array(n * (rgb ? 3 : 1));
  for (let i = 0; i < n; i++) {
    const [r, g, b] = [rgba[4 * i]!, rgba[4 * i + 1]!, rgba[4 * i + 2]!];
    if (rgb) out.set([r, g, b], 3 * i);
    else out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return out;
}

export async function importFolder(options: FolderImportOptions, context: ImportContext): Promise<ImportedImages> {
  const { files, labels, classNames } = await listImages(options.path);
  const channels = options.rgb ? 3 : 1;
  let width = options.size ?? 0;
  let height = options.size ?? 0;
  let first = '';
  for (const [i, file] of files.entries()) {
    throwIfCancelled(context.signal);
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new ImportError(file, `cannot be read (${error.code ?? error.message})`);
    });
    const image = decode(file, bytes);
    if (i === 0 && options.size === undefined) {
      ({ width, height } = image);
      first = file;
      checkImageShape(file, files.length, height, width, channels);
    } else if (i === 0) {
      checkImageShape(file, files.length, height, width, channels);
    }
    if (options.size === undefined && (image.width !== width || image.height !== height)) {
      throw new ImportError(file, `is ${image.width}x${image.height} but ${first} is ${width}x${height}; choose a size to resize every image to (--size)`);
    }
    // also at the same size: composites transparent pixels onto black
    const rgba = resizeRgba(image, width, height);
    await context.append(toChannels(rgba, options.rgb));
    context.progress('read', i + 1, files.length, file);
  }
  return {
    count: files.length,
    width,
    height,
    channels,
    labels: labels ? Uint8Array.from(labels) : null,
    ...(classNames ? { classNames } : {}),
  };
}
