// The standalone SVG: what the page styles through classes and theme variables must end up
// written in the file, and the file must be well-formed XML with its own size.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { escapeXml, resolveVariables, svgFile } from './svg-file';
import type { SvgSourceNode } from './svg-file';

const THEME: Record<string, string> = { '--border': '#d5d8de', '--muted': '#565a63', '--series-train': '#2f6fdb', '--font': 'system-ui, sans-serif' };
const variable = (name: string): string => THEME[name] ?? '';

/** A tiny stylesheet by class, as the page's CSS would compute it (values still holding var()). */
const SHEET: Record<string, Record<string, string>> = {
  grid: { stroke: 'var(--border)', 'stroke-dasharray': '2 3' },
  tick: { fill: 'var(--muted)', 'font-size': '11px', 'font-family': 'var(--font)' },
  line: { fill: 'none', stroke: 'var(--missing, var(--series-train))', 'stroke-width': '2px' },
  hidden: { display: 'none' },
};

function computed(element: SvgSourceNode, property: string): string {
  const classes = (Array.from(element.attributes ?? []).find((a) => a.name === 'class')?.value ?? '').split(/\s+/);
  for (const name of classes) {
    const value = SHEET[name]?.[property];
    if (value !== undefined) return value;
  }
  return property === 'fill' ? 'rgb(0, 0, 0)' : ''; // the initial fill, which the file need not repeat
}

function parse(text: string): { document: Document; problems: string[] } {
  const problems: string[] = [];
  const record = (message: string): void => void problems.push(message);
  const document = new DOMParser({ errorHandler: { warning: record, error: record, fatalError: record } }).parseFromString(text, 'image/svg+xml') as unknown as Document;
  return { document, problems };
}

const PAGE_SVG = `<svg width="640" height="280" role="img" aria-label="Loss &amp; accuracy" class="chart" style="overflow: visible">
  <!---->
  <g transform="translate(56,12)">
    <line class="grid" x1="0" x2="500" y1="10" y2="10"/>
    <text class="tick" x="-8" y="10" text-anchor="end">a&lt;b &amp; "c"</text>
    <path class="line batch" d="M0,0L10,5L20,3" data-id="train"/>
    <g class="hidden"><text class="tick">not shown</text></g>
  </g>
</svg>`;

function source(): SvgSourceNode {
  return parse(PAGE_SVG).document.documentElement as unknown as SvgSourceNode;
}

describe('svgFile', () => {
  const file = svgFile(source(), { width: 612.5, height: 280, computed, variable, background: 'var(--surface, #ffffff)' });
  const text = file.text;
  const { document, problems } = parse(text);
  const root = document.documentElement;

  it('is well-formed XML in the SVG namespace', () => {
    expect(problems).toEqual([]);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(root.namespaceURI).toBe('http://www.w3.org/2000/svg');
    // every ampersand is an entity
    expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  });

  it('sets width, height and viewBox from the size on screen', () => {
    expect(root.getAttribute('width')).toBe('612.5');
    expect(root.getAttribute('height')).toBe('280');
    expect(root.getAttribute('viewBox')).toBe('0 0 612.5 280');
    expect([file.width, file.height]).toEqual([612.5, 280]);
  });

  it('writes the computed styles inline and drops the classes and page hooks', () => {
    const line = document.getElementsByTagName('line')[0]!;
    expect(line.getAttribute('style')).toBe('stroke:#d5d8de;stroke-dasharray:2 3');
    expect(text).not.toContain('class=');
    expect(text).not.toContain('data-id');
    expect(text).not.toContain('overflow: visible');
    const tick = document.getElementsByTagName('text')[0]!;
    expect(tick.getAttribute('style')).toBe('fill:#565a63;font-family:system-ui, sans-serif;font-size:11px');
    expect(tick.getAttribute('text-anchor')).toBe('end');
  });

  it('resolves theme variables, through fallbacks, so no var() is left', () => {
    const path = document.getElementsByTagName('path')[0]!;
    expect(path.getAttribute('style')).toBe('fill:none;stroke:#2f6fdb;stroke-width:2px');
    expect(path.getAttribute('d')).toBe('M0,0L10,5L20,3');
    expect(text).not.toContain('var(');
    // the background, undefined in the theme, falls back
    expect(document.getElementsByTagName('rect')[0]!.getAttribute('fill')).toBe('#ffffff');
  });

  it('keeps text (escaped) and leaves out what the page hides and its comments', () => {
    expect(document.getElementsByTagName('text')[0]!.textContent).toBe('a<b & "c"');
    expect(root.getAttribute('aria-label')).toBe('Loss & accuracy');
    expect(text).not.toContain('not shown');
    expect(text).not.toContain('<!--');
  });

  it('writes an inherited value once, where it changes, and opacity (not inherited) on each element', () => {
    // every element computes the page font and 0.5 opacity; the text overrides the font
    const inheriting = (element: SvgSourceNode, property: string): string => {
      if (property === 'font-family') return element.nodeName === 'text' ? 'serif' : 'var(--font)';
      if (property === 'opacity') return '0.5';
      return '';
    };
    const tree = parse('<svg width="10" height="10"><g><rect width="5" height="5"/><text>t</text></g></svg>').document;
    const out = parse(svgFile(tree.documentElement as unknown as SvgSourceNode, { width: 10, height: 10, computed: inheriting, variable }).text).document;
    expect(out.documentElement.getAttribute('style')).toBe('opacity:0.5;font-family:system-ui, sans-serif');
    expect(out.getElementsByTagName('g')[0]!.getAttribute('style')).toBe('opacity:0.5');
    expect(out.getElementsByTagName('rect')[0]!.getAttribute('style')).toBe('opacity:0.5');
    expect(out.getElementsByTagName('text')[0]!.getAttribute('style')).toBe('opacity:0.5;font-family:serif');
  });

  it('keeps clip paths and gradients, which are referenced rather than drawn', () => {
    const hiding = (element: SvgSourceNode, property: string): string => (property === 'display' && element.nodeName !== 'svg' ? 'none' : '');
    const tree = parse('<svg><defs><clipPath id="plot"><rect width="5" height="5"/></clipPath></defs><circle r="2"/></svg>').document;
    const out = svgFile(tree.documentElement as unknown as SvgSourceNode, { width: 10, height: 10, computed: hiding, variable }).text;
    expect(out).toContain('<clipPath id="plot"><rect width="5" height="5"></rect></clipPath>');
    expect(out).not.toContain('<circle');
  });

  it('keeps a viewBox the chart already has', () => {
    const withBox = parse('<svg viewBox="0 0 420 100" width="420" height="100"><rect width="5" height="5"/></svg>').document.documentElement as unknown as SvgSourceNode;
    const out = parse(svgFile(withBox, { width: 210, height: 50, computed, variable }).text).document.documentElement;
    expect(out.getAttribute('viewBox')).toBe('0 0 420 100');
    expect(out.getAttribute('width')).toBe('210');
  });

  it('writes the legend above the chart, growing the file upwards at the chart\'s scale', () => {
    const legend = [
      { label: 'Training (per batch)', color: 'var(--series-train)' },
      { label: 'Validation <per epoch>', color: '#c2410c', dashed: true },
    ];
    const wide = svgFile(source(), { width: 612.5, height: 280, computed, variable, legend });
    const out = parse(wide.text);
    expect(out.problems).toEqual([]);
    // one row of 18px and 6px of space: the chart keeps its coordinates
    expect(out.document.documentElement.getAttribute('viewBox')).toBe('0 -24 612.5 304');
    expect([wide.width, wide.height]).toEqual([612.5, 304]);
    const lines = Array.from(out.document.getElementsByTagName('line')).slice(0, 2);
    expect(lines.map((l) => l.getAttribute('stroke'))).toEqual(['#2f6fdb', '#c2410c']);
    expect(lines.map((l) => l.getAttribute('stroke-dasharray'))).toEqual(['', '5 3']);
    expect(Array.from(out.document.getElementsByTagName('text')).map((t) => t.textContent)).toContain('Validation <per epoch>');
    // a narrow chart wraps the entries onto two rows
    const narrow = svgFile(source(), { width: 100, height: 140, computed, variable, legend });
    expect(parse(narrow.text).document.documentElement.getAttribute('viewBox')).toBe('0 -42 100 182');
    expect(narrow.height).toBe(182);
    // a chart drawn at half its viewBox grows by half the legend's height
    const box = parse('<svg viewBox="0 0 420 100"><rect width="5" height="5"/></svg>').document.documentElement as unknown as SvgSourceNode;
    const scaled = svgFile(box, { width: 210, height: 50, computed, variable, legend: legend.slice(0, 1) });
    expect(parse(scaled.text).document.documentElement.getAttribute('viewBox')).toBe('0 -24 420 124');
    expect(scaled.height).toBe(62);
  });
});

describe('resolveVariables', () => {
  it('replaces defined variables, uses fallbacks for missing ones and empties the rest', () => {
    expect(resolveVariables('var(--border)', variable)).toBe('#d5d8de');
    expect(resolveVariables('1px solid var( --muted )', variable)).toBe('1px solid #565a63');
    expect(resolveVariables('var(--nope, red)', variable)).toBe('red');
    expect(resolveVariables('var(--nope, var(--series-train))', variable)).toBe('#2f6fdb');
    expect(resolveVariables('var(--nope)', variable)).toBe('');
    expect(resolveVariables('#123456', variable)).toBe('#123456');
  });
});

describe('escapeXml', () => {
  it('escapes the characters XML reserves', () => {
    expect(escapeXml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
});
