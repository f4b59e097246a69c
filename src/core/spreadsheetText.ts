// Text that a spreadsheet would run as a formula: written with a leading apostrophe (the pivot's
// CSV/TSV export and the object export share this one guard), and read back without it on import.

// = + - @ start a formula; so do they behind a leading tab, carriage return or line feed, which
// spreadsheets skip.
const FORMULA_START = /^[=+\-@\t\r\n]/;
const GUARDED = /^'[=+\-@\t\r\n]/;

/** The text as a spreadsheet shows it rather than runs it. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A guarded text as it was before guardFormula (other texts unchanged). */
export function unguardFormula(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}
