/** True when `root`'s build outputs are newer than its sources and no build was cut short. */
export function isFresh(root?: string): boolean;
/** Builds `root` with `build` (resolving to its exit code) unless it is fresh, under a lock. */
export function ensureBuild(options?: { root?: string; build?: (root: string) => Promise<number | null> }): Promise<void>;
