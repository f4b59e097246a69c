// The Vensoft documentation spells one attribute two ways: snake_case in definitions and filters
// (sale_status_id) and CamelCase in describe and reports (SaleStatusId). Both name the same
// attribute, so names are compared with underscores removed, case-insensitively, everywhere.

/** The comparison key of an attribute name: "Sale_Status_Id" → "salestatusid". */
export function attributeKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/**
 * Whether an attribute holds ids by its name ("id", "parent_id", "SaleStatusId", and "owner", a
 * user's id): its numbers are never formatted (nor rounded through a JS number).
 */
export function isIdAttribute(name: string): boolean {
  return /(^|_)id$|[a-z]Id$|^[Oo]wner$/.test(name);
}

/** CamelCase → snake_case, as definitions spell attributes: "TstampLastFilling" → "tstamp_last_filling". */
export function toSnakeCase(camel: string): string {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** snake_case → CamelCase, as describe and reports spell attributes: "tstamp_last_filling" → "TstampLastFilling". */
export function toCamelCase(snake: string): string {
  return snake
    .split('_')
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** Finds the attribute a name refers to, whatever its spelling. */
export function findAttribute<T extends string>(name: string, attributes: readonly T[]): T | undefined {
  const key = attributeKey(name);
  return attributes.find((a) => attributeKey(a) === key);
}

const SUGGEST_MAX_LENGTH = 64;

/**
 * The closest known attribute to a misspelt one ("ismi" → "imsi"), or undefined when nothing is
 * plausibly meant. Distance counts an adjacent swap as one edit (Damerau), since swaps are the
 * commonest typo, and is measured on comparison keys.
 */
export function suggestAttribute<T extends string>(name: string, attributes: readonly T[]): T | undefined {
  const key = attributeKey(name);
  // The distance costs length × length in time and memory: a name far longer than any attribute
  // is no typo of one, so it is not compared at all.
  if (key.length > SUGGEST_MAX_LENGTH) return undefined;
  let best: T | undefined;
  let bestDistance = Infinity;
  for (const candidate of attributes) {
    const d = editDistance(key, attributeKey(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(key.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
