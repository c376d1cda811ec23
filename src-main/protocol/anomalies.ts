/** Contract of the Reconstructions and Anomalies views: per-sample scores, curves, sweeps. */
import { z } from 'zod';

/** Requests of this area: name -> { params, result } schemas (merged into the contract). */
export const anomalyMethods = {} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const anomalyEvents = {} as const satisfies Record<string, z.ZodType>;
