// Where an API answer (a request history response document) holds values that may point at
// objects, and of which object type each is an attribute: a TransferObject's `id` and definition
// are its type's (from its type_id, else the call's type), a report axis's {Key, Value} is the
// report type's attribute Key, getcontainer's ids are parents of the call's type. Which of these
// are links the link model says; this only finds them. No vscode import: unit-tested on its own.
import { parseTree, type Node } from 'jsonc-parser';
import { toSnakeCase } from '../core/attributeNames';
import { idInValue } from '../core/links';
import type { AttributeValue } from './documentIds';

export interface ResponseValue extends AttributeValue {
  /** The object type the attribute belongs to; undefined when the answer does not say. */
  type: string | undefined;
}

export interface ResponseContext {
  /** The call's verb and object type: "list/machine" → list, machine ("auth/validate": no type). */
  verb: string;
  type: string | undefined;
  /** The name of an object type by its id (a TransferObject's type_id). */
  typeName(id: string): string | undefined;
}

/** Whether an attribute's name lets it point at an object (core/links.ts: id, parent_id, owner, *_id). */
const mayPoint = (attribute: string) => /^(owner|id|.+_id)$/.test(toSnakeCase(attribute));

const isScalar = (node: Node | undefined): node is Node =>
  node !== undefined && node.type !== 'object' && node.type !== 'array';

function properties(node: Node): Array<[string, Node]> {
  return (node.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    return key?.type === 'string' && value ? [[String(key.value), value] as [string, Node]] : [];
  });
}

/** The values in `text` (an answer of the call `context` says) that may point at objects, in order. */
export function responseValues(text: string, context: ResponseContext): ResponseValue[] {
  const found: ResponseValue[] = [];
  const add = (attribute: string, node: Node, type: string | undefined) =>
    mayPoint(attribute) &&
    found.push({
      attribute,
      type,
      text: text.slice(node.offset, node.offset + node.length),
      offset: node.offset,
      length: node.length,
    });

  const walk = (node: Node, type: string | undefined): void => {
    if (node.type === 'array') return (node.children ?? []).forEach((child) => walk(child, type));
    if (node.type !== 'object') return;
    const props = new Map(properties(node));
    const definition = props.get('definition');
    if (definition?.type === 'object') {
      // A TransferObject: its own id, and its definition's attributes, are of its type.
      const typeId = props.get('type_id');
      // Its digits as written: jsonc-parser's value is a JS number, which rounds a 64-bit id.
      const typeIdText = isScalar(typeId)
        ? idInValue(text.slice(typeId.offset, typeId.offset + typeId.length))
        : undefined;
      const own = (typeIdText && context.typeName(typeIdText)) || type;
      const id = props.get('id');
      if (isScalar(id)) add('id', id, own);
      for (const [attribute, value] of properties(definition)) if (isScalar(value)) add(attribute, value, own);
      return;
    }
    const key = props.get('Key');
    const value = props.get('Value');
    // A report axis's group value: {"Key": "SaleStatusId", "Value": 141024786821154052}.
    if (key?.type === 'string' && isScalar(value)) return void add(String(key.value), value, type);
    for (const [attribute, value] of props) {
      // An `id` outside a TransferObject is of a type the answer does not name (describe's are types').
      if (isScalar(value)) {
        if (attribute !== 'id') add(attribute, value, type);
      } else walk(value, type);
    }
  };

  const root = parseTree(text);
  if (!root) return found;
  // getcontainer answers with the ids of containers the type's objects may be in: its parents.
  if (context.verb === 'getcontainer' && root.type === 'array')
    for (const child of root.children ?? []) if (isScalar(child)) add('parent_id', child, context.type);
  walk(root, context.type);
  return found;
}
