/** Contract of exports and imports: models, embeddings. */
import { z } from 'zod';

/** Requests of this area: name -> { params, result } schemas (merged into the contract). */
export const exportMethods = {} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const exportEvents = {} as const satisfies Record<string, z.ZodType>;
