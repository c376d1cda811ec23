/**
 * Pictures as PNG: a canvas encoded as is, an RGBA sheet enlarged without smoothing (pixels
 * stay sharp), an SVG rasterised at a multiple of its size, and a page region composed from
 * the canvases, images and SVGs it shows, each where it sits on screen.
 */

/** Most pixels a composed PNG gets; a long page of images is saved at a smaller scale. */
const MAX_PIXELS = 64_000_000;

/** `canvas` as a PNG, or null where the browser cannot encode one. */
export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

async function encoded(canvas: HTMLCanvasElement): Promise<Blob> {
  const blob = await canvasPng(canvas);
  if (!blob) throw new Error('the browser could not encode a PNG');
  return blob;
}

function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas is available');
  return context;
}

/** An RGBA sheet as a PNG, each pixel `scale` x `scale`. */
export function sheetPng(sheet: { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number }, scale: number): Promise<Blob> {
  const source = document.createElement('canvas');
  source.width = sheet.width;
  source.height = sheet.height;
  source.getContext('2d')?.putImageData(new ImageData(sheet.data, sheet.width, sheet.height), 0, 0);
  const canvas = document.createElement('canvas');
  canvas.width = sheet.width * scale;
  canvas.height = sheet.height * scale;
  try {
    const context = context2d(canvas);
    context.imageSmoothingEnabled = false;
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return encoded(canvas);
}

/** An SVG document as an image the canvas can draw (a data: URL: the page's CSP allows no blob: images). */
export function svgImage(svg: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the browser could not draw the chart as an image'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

/** One thing to draw into a composed PNG, at its offset on screen (CSS pixels). */
export interface Layer {
  source: CanvasImageSource;
  x: number;
  y: number;
  width: number;
  height: number;
  /** pixel images are enlarged without smoothing; vector renderings with it */
  pixelated: boolean;
}

/** The layers on a `width` x `height` background, `scale` device pixels per CSS pixel
 * (less for a page too large for one canvas). */
export function composePng(layers: readonly Layer[], width: number, height: number, scale: number, background: string): Promise<Blob> {
  const fit = Math.min(scale, Math.sqrt(MAX_PIXELS / Math.max(1, width * height)));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * fit));
  canvas.height = Math.max(1, Math.round(height * fit));
  try {
    const context = context2d(canvas);
    context.scale(fit, fit);
    context.fillStyle = background;
    context.fillRect(0, 0, width, height);
    for (const layer of layers) {
      context.imageSmoothingEnabled = !layer.pixelated;
      context.drawImage(layer.source, layer.x, layer.y, layer.width, layer.height);
    }
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return encoded(canvas);
}
