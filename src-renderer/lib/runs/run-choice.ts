/** Which run a view's run picker keeps when the list of usable runs changes. */

/**
 * The current choice while it is still offered, else the first run offered, else '' (none):
 * a re-listing never drops the user's pick, and a deleted or unusable run is replaced.
 */
export function keptRunChoice(runs: readonly { runId: string }[], current: string): string {
  return runs.some((r) => r.runId === current) ? current : (runs[0]?.runId ?? '');
}
