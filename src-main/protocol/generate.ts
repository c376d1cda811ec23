/** Contract of the Generate view: sampling, decoding and traversing generative runs. */
import { z } from 'zod';

/** Requests of this area: name -> { params, result } schemas (merged into the contract). */
export const generateMethods = {} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const generateEvents = {} as const satisfies Record<string, z.ZodType>;
