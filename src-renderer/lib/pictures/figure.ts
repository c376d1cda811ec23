/**
 * Saving a figure of the page: its chart as a standalone SVG, or everything it draws (charts,
 * canvases, images) as a PNG at twice the size on screen. The figure is the element the Save
 * buttons sit in; the buttons themselves, marked `data-save-figure`, are left out.
 */
import { figureFileName } from './file-name';
import { composePng, svgImage } from './raster';
import type { Layer } from './raster';
import { svgFile } from './svg-file';
import type { LegendEntry, SvgFile, SvgSourceNode } from './svg-file';

/** Device pixels per CSS pixel in saved PNGs: sharp in print at the size shown. */
export const PNG_SCALE = 2;

/** The drawn parts of `figure` (outside the Save buttons and not hidden), in page order. */
function visuals(figure: Element): Element[] {
  return Array.from(figure.querySelectorAll('svg, canvas, img')).filter((element) => {
    if (element.closest('[data-save-figure]')) return false;
    // an svg inside another is drawn with its parent
    if (element instanceof SVGElement && element.parentElement?.closest('svg')) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
}

/** The figure's main chart: its largest svg, or null when it has none. */
export function figureSvg(figure: Element): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let area = 0;
  for (const element of visuals(figure)) {
    if (!(element instanceof SVGSVGElement)) continue;
    const box = element.getBoundingClientRect();
    if (box.width * box.height > area) [best, area] = [element, box.width * box.height];
  }
  return best;
}

/** The first opaque background at or above `element` (the theme's surface), white if none. */
function backgroundOf(element: Element): string {
  for (let at: Element | null = element; at; at = at.parentElement) {
    const colour = getComputedStyle(at).backgroundColor;
    if (colour && colour !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return '#ffffff';
}

/** `svg` as a standalone SVG file with the page's styles and theme colours written in, and
 * `legend` (drawn by the page outside the svg) above the chart. */
export function svgText(svg: SVGSVGElement, legend?: readonly LegendEntry[]): SvgFile {
  const box = svg.getBoundingClientRect();
  const root = getComputedStyle(document.documentElement);
  return svgFile(svg as unknown as SvgSourceNode, {
    width: box.width,
    height: box.height,
    computed: (element, property) => (element instanceof Element ? getComputedStyle(element).getPropertyValue(property) : ''),
    variable: (name) => root.getPropertyValue(name),
    background: backgroundOf(svg),
    legend,
  });
}

/** Everything `figure` draws, composed as a PNG at `PNG_SCALE`; a lone chart is drawn from its
 * SVG file, `legend` included. */
export async function figurePng(figure: Element, legend?: readonly LegendEntry[]): Promise<Blob> {
  const parts = visuals(figure);
  if (parts.length === 0) throw new Error('the figure shows nothing to save yet');
  const [only] = parts;
  if (parts.length === 1 && only instanceof SVGSVGElement) {
    const file = svgText(only, legend);
    const layer = { source: await svgImage(file.text), x: 0, y: 0, width: file.width, height: file.height, pixelated: false };
    return composePng([layer], file.width, file.height, PNG_SCALE, backgroundOf(figure));
  }
  const boxes = parts.map((part) => part.getBoundingClientRect());
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  const width = Math.max(...boxes.map((b) => b.right)) - left;
  const height = Math.max(...boxes.map((b) => b.bottom)) - top;
  const layers: Layer[] = [];
  for (const [i, part] of parts.entries()) {
    const box = boxes[i]!;
    const place = { x: box.left - left, y: box.top - top, width: box.width, height: box.height };
    if (part instanceof SVGSVGElement) layers.push({ source: await svgImage(svgText(part).text), ...place, pixelated: false });
    else if (part instanceof HTMLCanvasElement || part instanceof HTMLImageElement) layers.push({ source: part, ...place, pixelated: true });
  }
  return composePng(layers, width, height, PNG_SCALE, backgroundOf(figure));
}

/** The file name for `figure` saved as `extension`: its title and, when it belongs to one, the run. */
export function fileNameFor(figure: Element, title: string, extension: 'png' | 'svg'): string {
  return figureFileName(title, extension, new Date(), figure.closest('[data-run-id]')?.getAttribute('data-run-id'));
}
