// The object types the emulator serves: the Vensoft data model as far as the documentation shows it.
// Type ids of the documented types are the ones the documentation's examples use.

export type DataType = 'text' | 'integer' | 'number' | 'id' | 'timestamp' | 'boolean';

export interface AttributeDef {
  /** snake_case, as definitions spell it; also the column name. */
  name: string;
  dataType: DataType;
}

export interface TypeDef {
  id: bigint;
  name: string;
  recoverable: boolean;
  managed: boolean;
  /** Privileges objects of this type can have. */
  privileges: string[];
  /** Names of the types an object of this type may live under. */
  parents: string[];
  attributes: AttributeDef[];
}

export const STANDARD_PRIVILEGES = ['read', 'update', 'create', 'delete', 'undelete', 'set privilege'];
/** Attributes every definition carries; not type attributes (never in describe or attribute_permissions). */
export const SYSTEM_ATTRIBUTES = ['id', 'parent_id', 'owner'] as const;

const text = (name: string): AttributeDef => ({ name, dataType: 'text' });
const int = (name: string): AttributeDef => ({ name, dataType: 'integer' });
const num = (name: string): AttributeDef => ({ name, dataType: 'number' });
const ref = (name: string): AttributeDef => ({ name, dataType: 'id' });
const ts = (name: string): AttributeDef => ({ name, dataType: 'timestamp' });
const bool = (name: string): AttributeDef => ({ name, dataType: 'boolean' });

function type(
  id: bigint,
  name: string,
  parents: string[],
  attributes: AttributeDef[],
  options: Partial<Pick<TypeDef, 'recoverable' | 'managed' | 'privileges'>> = {},
): TypeDef {
  const recoverable = options.recoverable ?? true;
  const managed = options.managed ?? true;
  const privileges =
    options.privileges ??
    STANDARD_PRIVILEGES.filter((p) => (recoverable || p !== 'undelete') && (managed || p !== 'set privilege'));
  return { id, name, recoverable, managed, privileges, parents, attributes };
}

export const TYPES: readonly TypeDef[] = [
  type(112687999665308673n, 'container', ['container'], [text('name'), text('description')]),
  type(112688519616398340n, 'user_group', ['user_group'], [text('name'), text('description')]),
  type(
    112688519616398357n,
    'user',
    ['user_group'],
    [text('email'), text('first_name'), text('last_name'), text('language'), bool('active')],
  ),
  type(112711190903260001n, 'role', ['container'], [text('name'), text('description')]),
  type(
    125073342834149001n,
    'currency',
    ['container'],
    [text('code'), text('name'), text('symbol'), int('decimal_places')],
  ),
  type(125101559242557001n, 'machine_type', ['container'], [text('name'), text('manufacturer'), int('choices')]),
  type(141024786821154001n, 'sale_status', ['container'], [text('name'), bool('is_paid')]),
  type(122981964696257790n, 'product', ['container'], [text('name'), text('ean'), num('price'), ref('currency_id')]),
  type(
    160656280187307001n,
    'tour',
    ['container'],
    [text('name'), int('weekday'), ref('driver_id'), ts('tstamp_planned')],
    { privileges: [...STANDARD_PRIVILEGES, 'plan'] },
  ),
  type(
    122981964696257813n,
    'machine',
    ['container'],
    [
      text('serial_number'),
      text('name'),
      num('lat'),
      num('lon'),
      ref('tour_id'),
      ref('currency_id'),
      ref('machine_type_id'),
      ts('tstamp_last_filling'),
      ts('tstamp_next_filling'),
      ts('tstamp_filling_critical'),
      ts('tstamp_last_haccp'),
      ts('tstamp_next_haccp'),
    ],
  ),
  type(122981964696257802n, 'sim', ['container'], [text('imsi'), text('iccid'), text('msisdn'), ref('machine_id')]),
  type(
    122981964696257820n,
    'machine_product',
    ['machine'],
    [ref('product_id'), int('choice'), num('price'), int('capacity'), int('fill_level')],
    { managed: false, recoverable: false },
  ),
  type(
    122981964696257830n,
    'sale',
    ['machine'],
    [ts('tstamp'), num('price'), int('choice'), ref('sale_status_id'), ref('product_id')],
    { privileges: ['read'] },
  ),
];

export class Catalog {
  private readonly byName = new Map<string, TypeDef>();
  private readonly byId = new Map<bigint, TypeDef>();

  constructor(readonly types: readonly TypeDef[] = TYPES) {
    for (const t of types) {
      this.byName.set(t.name, t);
      this.byId.set(t.id, t);
      for (const a of t.attributes) {
        // Attribute names become column names: only our own catalog's simple names may get there.
        if (!/^[a-z][a-z0-9_]*$/.test(a.name)) throw new Error(`bad attribute name ${t.name}.${a.name}`);
      }
    }
  }

  type(name: string): TypeDef | undefined {
    return this.byName.get(name);
  }

  typeById(id: bigint): TypeDef | undefined {
    return this.byId.get(id);
  }

  /** The type whose role grants decide an object's privileges (an unmanaged type's parent type). */
  grantType(t: TypeDef): TypeDef {
    if (t.managed) return t;
    const parent = this.byName.get(t.parents[0]!);
    if (!parent) throw new Error(`unmanaged type ${t.name} has no parent type`);
    return parent;
  }
}

export function tableName(t: TypeDef): string {
  return `obj_${t.name}`;
}
