// The project's translation files as the l10n tests read them: flat JSON objects of strings.
import fs from 'node:fs';
import path from 'node:path';
import { parseJson } from '../../src/core/json';

export const ROOT = path.join(__dirname, '../..');

/** A flat `{ "key": "text" }` file of the repository (path from its root), with its keys in file order. */
export function readFlatJson(file: string): Record<string, string> {
  const value = parseJson(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${file}: not a JSON object`);
  for (const [key, text] of Object.entries(value))
    if (typeof text !== 'string') throw new Error(`${file}: "${key}" is not a string`);
  return value as Record<string, string>;
}
