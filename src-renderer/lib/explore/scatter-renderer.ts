/**
 * Draws the map's points on a canvas (SVG cannot hold 70,000 of them): the points are
 * rasterised into one ImageData (point-raster.ts) grouped by colour, points outside the view
 * skipped, unselected points faded while a selection exists. Highlights (neighbours, pins,
 * hover) go on a second canvas above, so moving the pointer never redraws the points. A plain
 * class driven by effects: setProps, render / renderHighlights, destroy.
 */
import { color } from 'd3';
import type { MapScales } from './map-scales';
import type { Picture } from './image-bank';
import { fillBackground, rasterize } from './point-raster';
import type { RasterPass, Rgb } from './point-raster';
import { pictureCanvas, THUMBNAIL_SIZE } from './thumbnails';

/** Everything a frame depends on. */
export interface ScatterProps {
  coords: Float32Array | null;
  /** each point's colour as an index into `palette` */
  bins: Uint8Array | null;
  palette: readonly string[];
  /** 1 = drawn; null draws every point */
  visible: Uint8Array | null;
  /** 1 = in the brushed selection; null = no selection (all drawn alike) */
  selected: Uint8Array | null;
  scales: MapScales | null;
  /** CSS pixels */
  width: number;
  height: number;
  pixelRatio: number;
  /** side of a point's square, CSS pixels */
  pointSize: number;
  opacity: number;
  /** latent-space neighbours of the first pin */
  neighbours: readonly number[];
  pinned: readonly number[];
  hovered: number;
  /** where the Draw view's drawing lands, in layout units */
  marker: { x: number; y: number } | null;
  /** images drawn over their points (close zoom), by position; null: dots only */
  pictures: ReadonlyMap<number, Picture> | null;
  /** ring colours and the plot's background */
  accent: string;
  contrast: string;
  background: string;
}

/** Unselected points fade to this share of the opacity while a selection exists. */
const FADED = 0.15;

export class ScatterRenderer {
  private props: ScatterProps = {
    coords: null,
    bins: null,
    palette: [],
    visible: null,
    selected: null,
    scales: null,
    width: 0,
    height: 0,
    pixelRatio: 1,
    pointSize: 3,
    opacity: 0.8,
    neighbours: [],
    pinned: [],
    hovered: -1,
    marker: null,
    pictures: null,
    accent: '#2459c4',
    contrast: '#000',
    background: '#fff',
  };
  // positions sorted by colour, with where each colour starts; rebuilt when the bins change
  private order: Int32Array = new Int32Array(0);
  private starts: Int32Array = new Int32Array(1);
  private orderedBins: Uint8Array | null = null;
  private rgb: { from: readonly string[]; to: Rgb[] } = { from: [], to: [] };
  private image: ImageData | null = null;
  /** points drawn in the last frame */
  drawn = 0;
  /** of those, points drawn as their image */
  pictured = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly overlay: HTMLCanvasElement,
  ) {}

  setProps(patch: Partial<ScatterProps>): void {
    this.props = { ...this.props, ...patch };
  }

  /** Draws the points; returns how many it drew. */
  render(): number {
    const p = this.props;
    const context = this.prepare(this.canvas);
    this.drawn = 0;
    if (!context) return 0;
    const { width, height } = this.canvas;
    if (this.image?.width !== width || this.image.height !== height) this.image = context.createImageData(width, height);
    const pixels = this.image.data;
    fillBackground(pixels, parse(p.background));
    if (p.coords && p.bins && p.scales && p.bins.length * 2 === p.coords.length) {
      if (this.orderedBins !== p.bins) this.sortByColour(p.bins, p.palette.length);
      if (this.rgb.from !== p.palette) this.rgb = { from: p.palette, to: p.palette.map(parse) };
      const [ax, bx] = linear(p.scales.x.domain(), p.scales.x.range());
      const [ay, by] = linear(p.scales.y.domain(), p.scales.y.range());
      const r = p.pixelRatio;
      const pass: RasterPass = {
        coords: p.coords,
        order: this.order,
        starts: this.starts,
        palette: this.rgb.to,
        visible: p.visible,
        flags: p.selected,
        only: -1,
        alpha: p.opacity,
        transform: [ax * r, bx * r, ay * r, by * r],
        size: p.pointSize * r,
      };
      if (p.selected) {
        this.drawn = rasterize(pixels, width, height, { ...pass, only: 0, alpha: p.opacity * FADED });
        this.drawn += rasterize(pixels, width, height, { ...pass, only: 1 });
      } else {
        this.drawn = rasterize(pixels, width, height, { ...pass, flags: null });
      }
    }
    context.putImageData(this.image, 0, 0);
    this.drawPictures(context);
    return this.drawn;
  }

  /** Draws the highlights on the overlay. */
  renderHighlights(): void {
    const context = this.prepare(this.overlay);
    if (context) this.drawHighlights(context);
  }

  destroy(): void {
    this.props = { ...this.props, coords: null, bins: null, visible: null, selected: null };
  }

  /** Sizes `canvas` for the props and clears it. */
  private prepare(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
    const p = this.props;
    const context = canvas.getContext('2d');
    if (!context) return null;
    const width = Math.max(1, Math.round(p.width * p.pixelRatio));
    const height = Math.max(1, Math.round(p.height * p.pixelRatio));
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    context.setTransform(p.pixelRatio, 0, 0, p.pixelRatio, 0, 0);
    context.clearRect(0, 0, p.width, p.height);
    return context;
  }

  /** Counting sort of positions by colour. */
  private sortByColour(bins: Uint8Array, colours: number): void {
    const counts = new Int32Array(Math.max(colours, 1) + 1);
    for (let i = 0; i < bins.length; i++) counts[bins[i]! + 1]!++;
    for (let c = 1; c < counts.length; c++) counts[c]! += counts[c - 1]!;
    this.starts = counts.slice();
    const next = counts.slice();
    this.order = new Int32Array(bins.length);
    for (let i = 0; i < bins.length; i++) this.order[next[bins[i]!]!++] = i;
    this.orderedBins = bins;
  }

  /** The images of the points that have one, centred on them, over the dots. */
  private drawPictures(context: CanvasRenderingContext2D): void {
    const { pictures, coords, scales, selected } = this.props;
    this.pictured = 0;
    if (!pictures?.size || !coords || !scales) return;
    const half = THUMBNAIL_SIZE / 2;
    context.imageSmoothingEnabled = false;
    for (const [i, picture] of pictures) {
      const image = pictureCanvas(picture);
      if (!image || 2 * i + 1 >= coords.length) continue;
      context.globalAlpha = selected && !selected[i] ? FADED : 1;
      context.drawImage(image, scales.x(coords[2 * i]!) - half, scales.y(coords[2 * i + 1]!) - half, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
      this.pictured++;
    }
    context.globalAlpha = 1;
  }

  private drawHighlights(context: CanvasRenderingContext2D): void {
    const { coords, scales, neighbours, pinned, hovered, pointSize, accent, contrast, marker } = this.props;
    if (!coords || !scales) return;
    if (marker) drawMarker(context, scales.x(marker.x), scales.y(marker.y), accent, contrast);
    const count = coords.length / 2;
    const at = (i: number): [number, number] => [scales.x(coords[2 * i]!), scales.y(coords[2 * i + 1]!)];
    const ring = (i: number, radius: number, colour: string, width: number): void => {
      if (i < 0 || i >= count) return;
      const [x, y] = at(i);
      context.beginPath();
      context.arc(x, y, radius, 0, 2 * Math.PI);
      context.strokeStyle = colour;
      context.lineWidth = width;
      context.stroke();
    };
    const size = Math.max(pointSize, 3);
    for (const i of neighbours) ring(i, size + 2, accent, 1.5);
    pinned.forEach((i, n) => {
      if (i >= count) return;
      ring(i, size + 5, contrast, 2.5);
      const [x, y] = at(i);
      context.fillStyle = contrast;
      context.font = '600 12px system-ui, sans-serif';
      context.fillText(String.fromCharCode(65 + n), x + size + 7, y - size - 5);
    });
    if (hovered >= 0) ring(hovered, size + 3, contrast, 1.5);
  }
}

/** The drawing's marker: a diamond with a label, unlike any point. */
function drawMarker(context: CanvasRenderingContext2D, x: number, y: number, fill: string, edge: string): void {
  const r = 8;
  context.beginPath();
  context.moveTo(x, y - r);
  context.lineTo(x + r, y);
  context.lineTo(x, y + r);
  context.lineTo(x - r, y);
  context.closePath();
  context.fillStyle = fill;
  context.fill();
  context.strokeStyle = edge;
  context.lineWidth = 2;
  context.stroke();
  context.fillStyle = edge;
  context.font = '600 12px system-ui, sans-serif';
  context.fillText('Your drawing', x + r + 4, y + 4);
}

/** A CSS colour as channels (grey when unparseable). */
function parse(css: string): Rgb {
  const rgb = color(css)?.rgb();
  return rgb ? [rgb.r, rgb.g, rgb.b] : [128, 128, 128];
}

/** Slope and offset of a linear map from `domain` to `range`. */
function linear(domain: number[], range: number[]): [number, number] {
  const slope = (range[1]! - range[0]!) / (domain[1]! - domain[0]!);
  return [slope, range[0]! - slope * domain[0]!];
}
