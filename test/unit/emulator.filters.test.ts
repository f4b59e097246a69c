// Filters, ordering, counts, paging and reports against a real emulator: every condition type
// checked against the values the objects really have, and reports against sums computed here.

import assert from 'node:assert/strict';
import { startEmulator, type TestEmulator } from '../support/emulator';
import { ACCOUNTS, login, wire } from '../support/http';
import type { JsonObject, JsonValue } from '../../src/core/json';

type Obj = { id: bigint; definition: Record<string, JsonValue> };
interface ListResult {
  total: number;
  filtered: number;
  limited: number;
  objects: Obj[];
}

const DOC_MACHINE = 125752076205557483n;
const PAID = 141024786821154052n;
const CASHLESS = 141024786821154056n;

describe('emulator filters, ordering, paging and reports', function () {
  this.timeout(120_000);
  let emu: TestEmulator;
  let key: string;

  const list = async (type: string, filter: object): Promise<ListResult> => {
    const res = await wire(emu.baseUrl, `list/${type}/`, {
      sessionKey: key,
      form: { filter: JSON.stringify(filter), return_privileges: 'false', return_attribute_privileges: 'false' },
    });
    assert.equal(res.status, 200, res.text);
    const body = res.body as JsonObject;
    return {
      total: body.total_record_count as number,
      filtered: body.filtered_record_count as number,
      limited: body.limited_record_count as number,
      objects: body.transfer_objects as unknown as Obj[],
    };
  };
  const where = (conditions: object[], join = 'AND') => ({ count: { count: null }, constraints: { join, conditions } });
  const errorOf = async (type: string, filter: object) => {
    const res = await wire(emu.baseUrl, `list/${type}/`, { sessionKey: key, form: { filter: JSON.stringify(filter) } });
    assert.equal(res.status, 500, res.text);
    return res.body as { code: number | string; message: string };
  };
  let sims: Obj[];
  let machines: Obj[];

  before(async () => {
    emu = await startEmulator();
    key = await login(emu.baseUrl, ...ACCOUNTS.demo);
    sims = (await list('sim', { count: { count: null } })).objects;
    machines = (await list('machine', { count: { count: null } })).objects;
  });
  after(() => emu?.stop());

  it('1 equal and 2 not equal split the non-null values', async () => {
    const target = sims[17]!.definition.msisdn as string;
    const equal = await list('sim', where([{ attribute: 'msisdn', type: 1, value: target }]));
    assert.deepEqual(
      equal.objects.map((o) => o.definition.msisdn),
      [target],
    );
    const notEqual = await list('sim', where([{ attribute: 'msisdn', type: 2, value: target }]));
    assert.equal(notEqual.filtered, sims.length - 1);
    assert.ok(notEqual.objects.every((o) => o.definition.msisdn !== target));
  });

  it('3, 4, 10, 11 compare numbers as numbers, timestamps as time and ids exactly', async () => {
    const lats = machines.map((m) => m.definition.lat as number);
    const pivot = [...lats].sort((a, b) => a - b)[150]!;
    const check = async (type: number, test: (v: number) => boolean) => {
      const r = await list('machine', where([{ attribute: 'lat', type, value: String(pivot) }]));
      assert.equal(r.filtered, lats.filter(test).length, `type ${type}`);
      assert.ok(r.objects.every((o) => test(o.definition.lat as number)));
    };
    await check(3, (v) => v > pivot);
    await check(4, (v) => v < pivot);
    await check(10, (v) => v >= pivot);
    await check(11, (v) => v <= pivot);
    const times = machines.map((m) => Date.parse(m.definition.tstamp_last_filling as string));
    const cut = new Date([...times].sort((a, b) => a - b)[100]!).toISOString();
    const later = await list(
      'machine',
      where([{ attribute: 'TstampLastFilling', type: 3, value: cut.replace('Z', '+00:00') }]),
    );
    assert.equal(later.filtered, times.filter((t) => t > Date.parse(cut)).length);
    const above = await list('machine', where([{ attribute: 'id', type: 10, value: DOC_MACHINE.toString() }]));
    assert.equal(above.filtered, machines.filter((m) => m.id >= DOC_MACHINE).length);
  });

  it('5 is null and 6 is not null partition a nullable attribute', async () => {
    const isNull = await list('sim', where([{ attribute: 'machine_id', type: 5 }]));
    const notNull = await list('sim', where([{ attribute: 'MachineId', type: 6 }]));
    assert.equal(isNull.filtered + notNull.filtered, sims.length);
    assert.equal(notNull.filtered, sims.filter((s) => s.definition.machine_id !== null).length);
    assert.ok(notNull.filtered > 0 && isNull.filtered > 0);
    assert.ok(isNull.objects.every((o) => o.definition.machine_id === null));
  });

  it('7 in list takes comma-separated values, spaces allowed', async () => {
    const wanted = [sims[1]!, sims[5]!, sims[9]!].map((s) => s.definition.msisdn as string);
    const r = await list('sim', where([{ attribute: 'msisdn', type: 7, value: wanted.join(', ') }]));
    assert.deepEqual(r.objects.map((o) => o.definition.msisdn).sort(), [...wanted].sort());
    const statuses = await list('sale', {
      count: { count: 0 },
      constraints: { conditions: [{ attribute: 'sale_status_id', type: 7, value: `${PAID},${CASHLESS}` }] },
    });
    assert.ok(statuses.filtered > 0);
  });

  it('8 between is inclusive at both ends and reads "low|high"', async () => {
    const sorted = machines.map((m) => m.definition.lon as number).sort((a, b) => a - b);
    const [low, high] = [sorted[10]!, sorted[40]!];
    const r = await list('machine', where([{ attribute: 'lon', type: 8, value: `${low}|${high}` }]));
    assert.equal(r.filtered, sorted.filter((v) => v >= low && v <= high).length);
    assert.ok(r.objects.some((o) => o.definition.lon === low) && r.objects.some((o) => o.definition.lon === high));
  });

  it('9 is a case-insensitive regular expression on the text of any attribute', async () => {
    const upper = await list('machine', where([{ attribute: 'name', type: 9, value: '^HAMBURG.*STATION' }]));
    assert.equal(upper.filtered, machines.filter((m) => /^hamburg.*station/i.test(m.definition.name as string)).length);
    assert.ok(upper.filtered > 0);
    const numeric = await list('sale', {
      count: { count: 0 },
      constraints: { conditions: [{ attribute: 'choice', type: 9, value: '^[12]$' }] },
    });
    const all = await list('sale', { count: { count: 0 } });
    assert.ok(numeric.filtered > 0 && numeric.filtered < all.total);
  });

  it('combines nested lists: AND of an OR', async () => {
    const filter = {
      count: { count: null },
      constraints: {
        join: 'AND',
        conditions: [{ attribute: 'machine_id', type: 5 }],
        lists: [
          {
            join: 'OR',
            conditions: [
              { attribute: 'msisdn', type: 9, value: '1$' },
              { attribute: 'msisdn', type: 9, value: '2$' },
            ],
          },
        ],
      },
    };
    const r = await list('sim', filter);
    const expected = sims.filter(
      (s) => s.definition.machine_id === null && /[12]$/.test(s.definition.msisdn as string),
    );
    assert.equal(r.filtered, expected.length);
    const empty = await list('sim', { constraints: { join: 'OR', conditions: [], lists: [] } });
    assert.equal(empty.filtered, sims.length, 'an empty list constrains nothing');
  });

  it('orders with NULLS LAST in both directions and breaks ties by id', async () => {
    for (const direction of ['ASC', 'DESC']) {
      const r = await list('sim', { order: { attribute: 'machine_id', direction }, count: { count: null } });
      const values = r.objects.map((o) => o.definition.machine_id as bigint | null);
      const firstNull = values.indexOf(null);
      assert.ok(firstNull > 0 && values.slice(firstNull).every((v) => v === null), `${direction}: nulls last`);
      const nonNull = values.slice(0, firstNull) as bigint[];
      assert.deepEqual(
        nonNull,
        [...nonNull].sort((a, b) => (direction === 'ASC' ? (a < b ? -1 : 1) : a > b ? -1 : 1)),
      );
      const nullIds = r.objects.slice(firstNull).map((o) => o.id);
      assert.deepEqual(
        nullIds,
        [...nullIds].sort((a, b) => (a < b ? -1 : 1)),
        'ties in id order',
      );
    }
  });

  it('pages through a filtered set without gaps or repeats, with counts to match', async () => {
    const constraints = { conditions: [{ attribute: 'msisdn', type: 9, value: '[02468]$' }] };
    const whole = await list('sim', {
      order: { attribute: 'msisdn', direction: 'ASC' },
      count: { count: null },
      constraints,
    });
    const seen: bigint[] = [];
    for (let offset = 0; offset < whole.filtered; offset += 37) {
      const page = await list('sim', {
        order: { attribute: 'msisdn', direction: 'ASC' },
        count: { count: 37, offset },
        constraints,
      });
      assert.equal(page.total, sims.length);
      assert.equal(page.filtered, whole.filtered);
      assert.equal(page.limited, page.objects.length);
      seen.push(...page.objects.map((o) => o.id));
    }
    assert.deepEqual(
      seen,
      whole.objects.map((o) => o.id),
    );
    const past = await list('sim', { count: { count: 10, offset: 100_000 }, constraints });
    assert.equal(past.limited, 0);
    assert.equal(past.filtered, whole.filtered);
  });

  it('explains bad filters: unknown key, type, value, regex, timestamp', async () => {
    assert.match((await errorOf('sim', { contraints: {} })).message, /Unknown key "contraints".*"constraints"/);
    const type12 = await errorOf('sim', where([{ attribute: 'imsi', type: 12, value: '1' }]));
    assert.equal(type12.code, 22023);
    assert.match(type12.message, /9 matches regex/);
    assert.equal((await errorOf('sim', where([{ attribute: 'imsi', type: 1 }]))).code, 22004);
    assert.equal((await errorOf('sim', where([{ attribute: 'imsi', type: 9, value: '(' }]))).code, 22023);
    assert.match(
      (await errorOf('machine', where([{ attribute: 'lat', type: 3, value: 'north' }]))).message,
      /lat: expected a number/,
    );
    assert.match(
      (await errorOf('machine', where([{ attribute: 'tstamp_last_filling', type: 3, value: 'yesterday' }]))).message,
      /timestamp like/,
    );
    assert.match(
      (await errorOf('sim', where([{ attribute: 'imsi', type: 8, value: '1' }]))).message,
      /"low\|high"|"10\|20"/,
    );
  });

  describe('report', () => {
    const report = async (form: Record<string, string> | string[]) => {
      const res = await wire(emu.baseUrl, 'report/sale/', {
        sessionKey: key,
        ...(Array.isArray(form) ? { curlData: form } : { form }),
      });
      assert.equal(res.status, 200, res.text);
      return res.body as {
        Axis: Array<{ Dimension: number; Attributes: Array<{ Key: string; Value: JsonValue; Privileges: string }> }>;
        Data: Array<{ Coordinates: number[]; Value: number }>;
      };
    };

    it("answers the documentation's example request, sent exactly as its curl sends it", async () => {
      // Unencoded, as curl -d sends it: the "+01:00" offsets arrive as spaces and are repaired.
      const body =
        'report={"Aggregation":[{"Function":"SUM","Attribute":"Price"},{"Function":"COUNT","Attribute":"Price"}],"Group":[{"Function":null,"Attribute":"Choice","Orientation":"vertical"},{"Function":null,"Attribute":"SaleStatusId","Orientation":"horizontal"}]}' +
        `&filter={"order":null,"count":null,"constraints":{"join":"AND","conditions":[{"attribute":"tstamp","type":8,"value":"2016-11-20T00:00:00+01:00|2099-11-22T23:59:59+01:00"},{"attribute":"parent_id","type":1,"value":${DOC_MACHINE}},{"attribute":"sale_status_id","type":7,"value":"${PAID},${CASHLESS}"}],"lists":[]}}`;
      const result = await report([body]);
      assert.deepEqual(
        result.Axis.map((a) => a.Dimension),
        [0, 1, 2],
      );
      assert.ok(result.Axis[0]!.Attributes.every((a) => a.Key === 'Choice' && a.Privileges === ''));
      const choices = result.Axis[0]!.Attributes.map((a) => a.Value as number);
      assert.deepEqual(
        choices,
        [...choices].sort((a, b) => a - b),
      );
      assert.deepEqual(
        result.Axis[1]!.Attributes.map((a) => a.Value),
        [PAID, CASHLESS],
      );
      assert.deepEqual(
        result.Axis[2]!.Attributes.map((a) => [a.Key, a.Value]),
        [
          ['Price', 'SUM'],
          ['Price', 'COUNT'],
        ],
      );
      // The same numbers, computed here from the listed sales.
      const sales = (
        await list(
          'sale',
          where([
            { attribute: 'parent_id', type: 1, value: DOC_MACHINE.toString() },
            { attribute: 'sale_status_id', type: 7, value: `${PAID},${CASHLESS}` },
          ]),
        )
      ).objects;
      const expected = new Map<string, { sum: number; count: number }>();
      for (const s of sales) {
        const k = `${s.definition.choice}|${s.definition.sale_status_id}`;
        const e = expected.get(k) ?? { sum: 0, count: 0 };
        e.sum += s.definition.price as number;
        e.count += 1;
        expected.set(k, e);
      }
      assert.equal(result.Data.length, expected.size * 2);
      for (const cell of result.Data) {
        const [c, st, agg] = cell.Coordinates as [number, number, number];
        const e = expected.get(`${choices[c]}|${result.Axis[1]!.Attributes[st]!.Value}`)!;
        if (agg === 0) assert.ok(Math.abs(cell.Value - e.sum) < 1e-9, `sum ${cell.Value} vs ${e.sum}`);
        else assert.equal(cell.Value, e.count);
      }
    });

    it('groups by day with DATE_TRUNC:DAY, ascending midnight timestamps', async () => {
      const result = await report({
        report: JSON.stringify({
          Aggregation: [{ Function: 'COUNT', Attribute: 'id' }],
          Group: [{ Function: 'DATE_TRUNC:DAY', Attribute: 'tstamp', Orientation: 'vertical' }],
        }),
      });
      const days = result.Axis[0]!.Attributes.map((a) => a.Value as string);
      assert.ok(days.length >= 85 && days.length <= 91, `${days.length} days of sales`);
      assert.ok(days.every((d) => /T00:00:00Z$/.test(d)));
      assert.deepEqual(days, [...days].sort());
      const total = result.Data.reduce((sum, d) => sum + d.Value, 0);
      assert.equal(total, (await list('sale', { count: { count: 0 } })).total);
    });

    it('aggregates without groups, with horizontal groups only, and with AVG', async () => {
      const plain = await report({
        report: '{"Aggregation":[{"Function":"AVG","Attribute":"price"},{"Function":"COUNT","Attribute":"price"}]}',
      });
      assert.deepEqual(
        plain.Axis.map((a) => a.Dimension),
        [0],
      );
      assert.deepEqual(
        plain.Data.map((d) => d.Coordinates),
        [[0], [1]],
      );
      assert.ok(plain.Data[0]!.Value > 0.5 && plain.Data[0]!.Value < 4);
      const horizontal = await report({
        report:
          '{"Aggregation":[{"Function":"SUM","Attribute":"Price"}],"Group":[{"Function":null,"Attribute":"sale_status_id","Orientation":"horizontal"}]}',
      });
      assert.equal(horizontal.Axis[0]!.Attributes.length, 4, 'four sale statuses');
    });

    it('refuses SUM of text, DATE_TRUNC of a non-timestamp and unknown attributes', async () => {
      const fail = async (reportJson: object, code: number) => {
        const res = await wire(emu.baseUrl, 'report/sale/', {
          sessionKey: key,
          form: { report: JSON.stringify(reportJson) },
        });
        assert.equal((res.body as JsonObject).code, code, res.text);
      };
      await fail({ Aggregation: [{ Function: 'SUM', Attribute: 'tstamp' }] }, 22023);
      await fail(
        {
          Aggregation: [{ Function: 'COUNT', Attribute: 'id' }],
          Group: [{ Function: 'DATE_TRUNC:DAY', Attribute: 'price', Orientation: 'vertical' }],
        },
        22023,
      );
      await fail({ Aggregation: [{ Function: 'SUM', Attribute: 'Prize' }] }, 42703);
    });
  });
});
