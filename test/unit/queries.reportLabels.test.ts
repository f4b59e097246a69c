// Names of id-valued report groups (src/queries/report/reportLabels.ts) against the emulator: a group
// by `<type>_id` shows its objects' labels, and a group by `owner` its users' (owner points at a user).

import assert from 'node:assert/strict';
import { startEmulator, type TestEmulator } from '../support/emulator';
import { VensoftClient } from '../../src/api';
import { objectLabel } from '../../src/core/labels';
import type { JsonValue } from '../../src/core/json';
import { buildPivot } from '../../src/queries/report/model/pivot';
import { labelIdGroups } from '../../src/queries/report/reportLabels';

describe('report group labels against the emulator', function () {
  this.timeout(120_000);
  let emu: TestEmulator;
  let client: VensoftClient;

  before(async () => {
    emu = await startEmulator();
    client = new VensoftClient({ baseUrl: emu.baseUrl });
    await client.login('demo@vensoft.test', 'demo');
  });
  after(async () => {
    await client?.close();
    await emu?.stop();
  });

  const labelled = async (attribute: string) => {
    const groups = [{ attribute, function: null, orientation: 'vertical' as const }];
    const answer = await client.report('machine', {
      Aggregation: [{ Function: 'COUNT', Attribute: 'id' }],
      Group: [{ Function: null, Attribute: attribute, Orientation: 'vertical' }],
    } as never);
    const types = (await client.describe()).map((t) => t.name);
    const pivot = await labelIdGroups(buildPivot(answer as JsonValue, groups), client, types);
    return pivot.rows[0]!.values.filter((v) => v.raw !== null);
  };

  for (const [attribute, type] of [
    ['tour_id', 'tour'],
    ['owner', 'user'],
  ] as const) {
    it(`names a group by ${attribute} with its ${type}s' labels`, async () => {
      const values = await labelled(attribute);
      assert.ok(values.length > 0, `no ${attribute} groups`);
      const truth = await client.getMany(
        type,
        values.map((v) => BigInt(v.raw!)),
      );
      const expected = new Map(
        truth.transfer_objects.map((o) => [
          o.id.toString(),
          objectLabel(o.definition as Record<string, JsonValue>, o.id.toString()),
        ]),
      );
      for (const v of values) assert.equal(v.label, expected.get(v.raw!), `${attribute} ${v.raw}`);
    });
  }
});
