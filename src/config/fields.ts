import { z } from 'zod';

/** Leaves of the settings schema: each says what it expects, and that text ends each error message. */

export const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);
export const numberIfDigits = (v: unknown) =>
  typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
export const booleanIfWord = (v: unknown) => {
  if (typeof v !== 'string') return v;
  const word = v.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(word)) return true;
  if (['false', 'no', 'off', '0'].includes(word)) return false;
  return v;
};

export function wholeNumber(min: number, max: number) {
  const error = `expected a whole number from ${min} to ${max}`;
  return z.preprocess(numberIfDigits, z.int({ error }).min(min, { error }).max(max, { error }));
}
export const flag = () => z.preprocess(booleanIfWord, z.boolean({ error: 'expected true or false' }));
export const text = () =>
  z.string({ error: 'expected a non-empty string' }).trim().min(1, { error: 'expected a non-empty string' });
export const optionalText = () => z.preprocess(unsetIfEmpty, text().optional());
export const httpUrl = () =>
  z
    .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
    .transform((url) => url.replace(/\/+$/, ''));
export const optionalHttpUrl = () => z.preprocess(unsetIfEmpty, httpUrl().optional());
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(', ')}` });
