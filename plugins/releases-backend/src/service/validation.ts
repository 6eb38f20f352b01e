import { z } from 'zod';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** An entity reference, normalised (`component:default/cart`). */
export const entityRefSchema = z
  .string({
    required_error: 'is required',
    invalid_type_error: 'must be a string',
  })
  .min(1, 'is required')
  .max(255, 'is too long')
  .transform((value, ctx) => {
    try {
      return stringifyEntityRef(parseEntityRef(value));
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `'${value}' is not a valid entity reference`,
      });
      return z.NEVER;
    }
  });

/** Validates request input; the InputError names the first bad field. */
export function parseInput<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  where: string,
): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.join('.');
    throw new InputError(
      `Invalid ${where}: ${field ? `${field} ` : ''}${issue.message}`,
    );
  }
  return result.data;
}

/** An environment name as `releases.environments` defines them. */
export const environmentNameSchema = z
  .string({ required_error: 'is required' })
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an environment name');

/** A page size: decimal digits only (no `0x10`, no `1e2`), 1 to 200. */
export const limitSchema = z
  .string()
  .regex(/^[1-9]\d{0,2}$/, 'must be a whole number from 1 to 200')
  .transform(Number)
  .refine(n => n <= 200, 'must be a whole number from 1 to 200');
