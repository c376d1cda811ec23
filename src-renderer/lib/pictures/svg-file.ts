/**
 * An `<svg>` from the page as a standalone SVG file: the page styles it through classes and
 * theme variables that no other program has, so every element's computed presentation is
 * written inline, `var(--token)` is replaced by its value, and the root gets an explicit
 * size and viewBox. Works on a minimal node shape so it runs (and is tested) without a DOM.
 */

/** The part of a DOM node the serialiser reads (a DOM `Element` is one). */
export interface SvgSourceNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  attributes?: ArrayLike<{ name: string; value: string }>;
  childNodes: ArrayLike<SvgSourceNode>;
}

/** How the serialiser sees the page. */
export interface SvgFileOptions {
  width: number;
  height: number;
  /** an element's computed value of a CSS property ('' when it has none) */
  computed: (element: SvgSourceNode, property: string) => string;
  /** a theme variable's value, e.g. `--text` -> `#1c1d21`, or '' when it is not defined */
  variable: (name: string) => string;
  /** painted behind everything (the theme's surface), so light text stays legible */
  background?: string;
  /** the chart's legend, which the page draws outside the svg: written above the chart */
  legend?: readonly LegendEntry[];
}

/** One line of a legend: its label, colour (may be a theme variable) and line style. */
export interface LegendEntry {
  label: string;
  color: string;
  dashed?: boolean;
}

/** A legend row's height, and the width a character of its 11px text takes at most. */
const LEGEND_ROW = 18;
const LEGEND_CHAR = 6.5;

const SVG_NS = 'http://www.w3.org/2000/svg';
const ELEMENT = 1;
const TEXT = 3;

/** Presentation properties worth inlining, with their initial values (not written). */
const PROPERTIES: Readonly<Record<string, string>> = {
  fill: 'rgb(0, 0, 0)',
  'fill-opacity': '1',
  stroke: 'none',
  'stroke-width': '1px',
  'stroke-opacity': '1',
  'stroke-dasharray': 'none',
  'stroke-linejoin': 'miter',
  'stroke-linecap': 'butt',
  opacity: '1',
  'font-family': '',
  'font-size': '',
  'font-weight': '400',
  'font-style': 'normal',
  'font-variant-numeric': 'normal',
  'text-anchor': 'start',
  'dominant-baseline': 'auto',
  'shape-rendering': 'auto',
  visibility: 'visible',
};

/** Elements that are referenced rather than drawn: kept whatever display the page computes. */
const REFERENCED = new Set(['defs', 'clipPath', 'mask', 'marker', 'pattern', 'linearGradient', 'radialGradient', 'stop', 'symbol', 'filter']);

/** Attributes the file does not need: page styling and page-only hooks. */
const DROPPED = /^(class|style|tabindex|on\w+|data-.*)$/;

/** `text` safe inside XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** `value` with every `var(--name)` / `var(--name, fallback)` replaced by the variable's value
 * (or the fallback), nested ones included; an undefined variable without fallback becomes ''. */
export function resolveVariables(value: string, variable: (name: string) => string): string {
  let text = value;
  // innermost first, so a fallback that is itself a var() is resolved before its outer one
  const innermost = /var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)/;
  for (let guard = 0; guard < 100; guard++) {
    const match = innermost.exec(text);
    if (!match) break;
    const resolved = variable(match[1]!).trim() || (match[2] ?? '').trim();
    text = text.slice(0, match.index) + resolved + text.slice(match.index + match[0].length);
  }
  return text;
}

/** The computed presentation of one element, variables resolved. */
type Presentation = Record<string, string>;

function presentation(element: SvgSourceNode, options: SvgFileOptions): Presentation {
  const values: Presentation = {};
  for (const property of Object.keys(PROPERTIES)) values[property] = resolveVariables(options.computed(element, property).trim(), options.variable);
  return values;
}

/** The declarations `element` needs: those that differ from what it inherits from `parent`
 * (or, at the root and for `opacity`, which is not inherited, from the initial value). */
function inlineStyle(values: Presentation, parent: Presentation | null): string {
  const declarations: string[] = [];
  for (const [property, initial] of Object.entries(PROPERTIES)) {
    const value = values[property]!;
    const inherited = parent && property !== 'opacity' ? parent[property]! : initial;
    if (value && value !== inherited) declarations.push(`${property}:${value}`);
  }
  return declarations.join(';');
}

function serialiseNode(node: SvgSourceNode, options: SvgFileOptions, parent: Presentation, out: string[], referenced = false): void {
  if (node.nodeType === TEXT) {
    out.push(escapeXml(node.nodeValue ?? ''));
    return;
  }
  if (node.nodeType !== ELEMENT) return; // comments (Svelte's anchors) and the like
  // hidden parts of the page stay out of the file
  const inReference = referenced || REFERENCED.has(node.nodeName);
  if (!inReference && options.computed(node, 'display').trim() === 'none') return;
  const name = node.nodeName;
  const attributes: string[] = [];
  for (const attribute of Array.from(node.attributes ?? [])) {
    if (DROPPED.test(attribute.name) || attribute.name === 'xmlns') continue;
    attributes.push(` ${attribute.name}="${escapeXml(resolveVariables(attribute.value, options.variable))}"`);
  }
  const values = presentation(node, options);
  const style = inlineStyle(values, parent);
  if (style) attributes.push(` style="${escapeXml(style)}"`);
  out.push(`<${name}${attributes.join('')}>`);
  for (const child of Array.from(node.childNodes)) serialiseNode(child, options, values, out, inReference);
  out.push(`</${name}>`);
}

/** The legend as SVG rows that wrap at `width`, and their height. */
function legendMarkup(entries: readonly LegendEntry[], width: number, options: SvgFileOptions): { markup: string; height: number } {
  if (entries.length === 0) return { markup: '', height: 0 };
  const ink = escapeXml(resolveVariables('var(--text, #1c1d21)', options.variable));
  const parts: string[] = [];
  let x = 0;
  let row = 0;
  for (const entry of entries) {
    const span = 22 + entry.label.length * LEGEND_CHAR + 14;
    if (x > 0 && x + span > width) [x, row] = [0, row + 1];
    const y = row * LEGEND_ROW + LEGEND_ROW / 2;
    const colour = escapeXml(resolveVariables(entry.color, options.variable));
    parts.push(
      `<line x1="${x}" x2="${x + 18}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="2"${entry.dashed ? ' stroke-dasharray="5 3"' : ''}/>` +
        `<text x="${x + 22}" y="${y}" dy="0.32em" font-size="11" fill="${ink}">${escapeXml(entry.label)}</text>`,
    );
    x += span;
  }
  return { markup: parts.join(''), height: (row + 1) * LEGEND_ROW + 6 };
}

/** A standalone SVG file and its size (CSS pixels). */
export interface SvgFile {
  text: string;
  width: number;
  height: number;
}

/** The standalone SVG document for `root` (an `<svg>` element). */
export function svgFile(root: SvgSourceNode, options: SvgFileOptions): SvgFile {
  const size = (n: number) => String(Math.round(n * 100) / 100);
  let [x, y, w, h] = [0, 0, options.width, options.height];
  const kept: string[] = [];
  for (const attribute of Array.from(root.attributes ?? [])) {
    if (attribute.name === 'viewBox') [x, y, w, h] = attribute.value.split(/[\s,]+/).map(Number) as [number, number, number, number];
    else if (!DROPPED.test(attribute.name) && !['xmlns', 'width', 'height'].includes(attribute.name)) {
      kept.push(` ${attribute.name}="${escapeXml(resolveVariables(attribute.value, options.variable))}"`);
    }
  }
  // the legend goes above the chart: the viewBox grows upwards, at the chart's own scale
  const scale = options.width / w;
  const legend = legendMarkup(options.legend ?? [], w - 16, options);
  const width = options.width;
  const height = options.height + legend.height * scale;
  [y, h] = [y - legend.height, h + legend.height];
  const values = presentation(root, options);
  const style = inlineStyle(values, null);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<svg xmlns="${SVG_NS}" width="${size(width)}" height="${size(height)}"${kept.join('')} viewBox="${[x, y, w, h].map(size).join(' ')}"${style ? ` style="${escapeXml(style)}"` : ''}>`,
  ];
  if (options.background) out.push(`<rect x="${size(x)}" y="${size(y)}" width="${size(w)}" height="${size(h)}" fill="${escapeXml(resolveVariables(options.background, options.variable))}"/>`);
  if (legend.markup) out.push(`<g transform="translate(${size(x + 8)},${size(y)})">${legend.markup}</g>`);
  for (const child of Array.from(root.childNodes)) serialiseNode(child, options, values, out);
  out.push('</svg>\n');
  return { text: out.join(''), width, height };
}
