/** Contract of the Data view: browsing, importing and downloading datasets. */
import { z } from 'zod';

/** Requests of this area: name -> { params, result } schemas (merged into the contract). */
export const datasetMethods = {} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const datasetEvents = {} as const satisfies Record<string, z.ZodType>;
