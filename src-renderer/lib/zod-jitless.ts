/**
 * Turns zod's compiled validators off before any schema is built. The CSP forbids eval, and
 * zod probes `new Function` when the first schema module loads; imported first by main.ts,
 * this runs before that probe (code in main.ts itself would run after every import).
 */
import { z } from 'zod';

z.config({ jitless: true });
