// Imported first by main.ts, before any schema is built. The CSP has no 'unsafe-eval', so
// zod must not probe `new Function` (the caught probe is still reported as a CSP violation).
import { z } from 'zod';

z.config({ jitless: true });
