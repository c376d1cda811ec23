/** Number formats of the Train view, fixed to one locale so text is stable for tests. */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Seconds as m:ss, or h:mm:ss from an hour up. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A whole number with thousands separators, e.g. "5,812". */
export function formatCount(value: number): string {
  return grouped.format(value);
}

/** A loss to four significant digits, e.g. "0.1203". */
export function formatLoss(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return Number(value.toPrecision(4)).toString();
}
