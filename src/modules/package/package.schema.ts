import { z } from 'zod';

/** The path of a package download: the organization and the engagement. */
export const packageParamsSchema = z.object({
  org: z.string().min(1).max(100),
  engagementId: z.string().min(1).max(100),
});

/** What a package covers: the whole engagement, one control, or one request. */
export const packageQuerySchema = z.object({
  control: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("only this control's evidence and requests (its code)"),
  request: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('only this request (id or reference) and the files its answers attach'),
});
/** The package download's query. */
export type PackageQuery = z.infer<typeof packageQuerySchema>;
