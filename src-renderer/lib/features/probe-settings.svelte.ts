/**
 * The probe form's choices: run, label budgets (checkboxes over 10, 100, 1000 plus "all"),
 * heads, the baselines (from scratch, k-NN) and the request they make.
 */
import type { MethodParams, ProbeHead } from '../../../src-main/protocol';

/** The budgets offered: 10 to 3000 labels, half a decade apart (plus "all"). */
export const OFFERED_SIZES = [10, 30, 100, 300, 1000, 3000] as const;

export class ProbeSettings {
  runId = $state('');
  sizes = $state<number[]>([10, 100, 1000]);
  includeAll = $state(true);
  heads = $state<ProbeHead[]>(['linear']);
  scratch = $state(true);
  knn = $state(true);
  seed = $state(1);

  /** Why the form cannot start, or null. */
  readonly problem: string | null = $derived.by(() => {
    if (!this.runId) return 'Pick a run with an encoder.';
    if (this.sizes.length === 0 && !this.includeAll) return 'Pick at least one number of labels.';
    if (this.heads.length === 0) return 'Pick at least one classifier head.';
    return null;
  });

  /** The request, or null while the form has a problem. */
  readonly request: MethodParams<'startProbe'> | null = $derived(
    this.problem
      ? null
      : {
          runId: this.runId,
          sizes: [...this.sizes].sort((a, b) => a - b),
          includeAll: this.includeAll,
          heads: [...this.heads],
          scratch: this.scratch,
          knn: this.knn,
          seed: this.seed,
        },
  );

  toggleSize(size: number): void {
    this.sizes = this.sizes.includes(size) ? this.sizes.filter((s) => s !== size) : [...this.sizes, size];
  }

  toggleHead(head: ProbeHead): void {
    this.heads = this.heads.includes(head) ? this.heads.filter((h) => h !== head) : [...this.heads, head];
  }
}
