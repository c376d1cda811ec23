/** Contract of the Features view: frozen encoders with classifier heads, latent units. */
import { z } from 'zod';

/** Requests of this area: name -> { params, result } schemas (merged into the contract). */
export const featuresMethods = {} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const featuresEvents = {} as const satisfies Record<string, z.ZodType>;
