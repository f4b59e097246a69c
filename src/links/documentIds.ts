// Where an object document holds values of link attributes: each top-level attribute, its value's
// text (never through a JS number: ids are 64-bit) and place. Parsed with jsonc-parser, so a
// half-typed document still gives what it can.
import { parseTree } from 'jsonc-parser';

export interface AttributeValue {
  attribute: string;
  /** The value exactly as written: `125752076205557483`, `"abc"`, `null`. */
  text: string;
  offset: number;
  length: number;
}

/** The top-level attributes with a scalar value, in document order. */
export function attributeValues(text: string): AttributeValue[] {
  const root = parseTree(text);
  if (root?.type !== 'object') return [];
  return (root.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    if (key?.type !== 'string' || !value || value.type === 'object' || value.type === 'array') return [];
    return [
      {
        attribute: String(key.value),
        text: text.slice(value.offset, value.offset + value.length),
        offset: value.offset,
        length: value.length,
      },
    ];
  });
}

/** The attribute value at `offset`, if the offset is inside one (or just after it). */
export function valueAt(text: string, offset: number): AttributeValue | undefined {
  return attributeValues(text).find((v) => offset >= v.offset && offset <= v.offset + v.length);
}
