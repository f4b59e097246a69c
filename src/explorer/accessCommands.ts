// Show Access: who holds which role on an object (its ACEs), with trustee and role names resolved
// by one getmany per type, and Add/Remove ACE where the user holds "set privilege" there.
import * as vscode from 'vscode';
import type { Ace, VensoftClient } from '../api';
import { registerCommand, reportFailure } from '../commandPath';
import { objectLabel } from '../core/labels';
import type { JsonValue } from '../core/json';
import type { SessionManager } from '../session/sessionManager';
import type { Node } from './explorerTree';

export interface AccessEntry {
  trustee: string;
  trusteeName: string;
  trusteeType: string;
  role: string;
  roleName: string;
}

type ObjectNode = Extract<Node, { kind: 'object' | 'container' }>;
const TRUSTEE_TYPES = ['user', 'user_group'];

export function registerAccessCommands(sessions: SessionManager): vscode.Disposable {
  const setAce = async (change: 'set' | 'delete', ace: { trustee: bigint; entity: bigint; role: bigint }) => {
    try {
      const ok = await sessions.run((client) => (change === 'set' ? client.aceSet(ace) : client.aceDelete(ace)));
      const said = change === 'set' ? vscode.l10n.t('ACE added') : vscode.l10n.t('ACE removed');
      vscode.window.setStatusBarMessage(ok ? said : vscode.l10n.t('Nothing changed'), 4000);
      return ok;
    } catch (e) {
      reportFailure(
        change === 'set' ? vscode.l10n.t('Adding the ACE failed') : vscode.l10n.t('Removing the ACE failed'),
        e,
      );
      return false;
    }
  };

  return vscode.Disposable.from(
    // Shows the ACEs in a QuickPick and returns them resolved (without waiting for the user).
    registerCommand(
      'vensoft.showAccess',
      async (node?: Node) => {
        if (!isObject(node)) return undefined;
        const { entries, canSet } = await sessions.run((client) =>
          readAccess(client, node.object.typeName, node.object.id),
        );
        void presentAccess(node, entries, canSet, setAce);
        return { entries, canSet };
      },
      {
        failure: (node) =>
          isObject(node)
            ? vscode.l10n.t('Could not read the access to {0} {1}', node.object.typeName, node.object.id.toString())
            : vscode.l10n.t('Could not read the access to the object'),
      },
    ),
    // `ace`: trustee and role ids as digits, for callers that know them; otherwise the user picks.
    registerCommand(
      'vensoft.addAce',
      async (node?: Node, _selection?: Node[], ace?: { trustee: string; role: string }) => {
        if (!isObject(node)) return false;
        const chosen = ace
          ? { trustee: BigInt(ace.trustee), role: BigInt(ace.role) }
          : await pickTrusteeAndRole(sessions);
        return chosen ? setAce('set', { ...chosen, entity: node.object.id }) : false;
      },
    ),
    registerCommand('vensoft.removeAce', async (ace?: { trustee: string; entity: string; role: string }) => {
      if (!ace) return false;
      return setAce('delete', { trustee: BigInt(ace.trustee), entity: BigInt(ace.entity), role: BigInt(ace.role) });
    }),
  );
}

function isObject(node: Node | undefined): node is ObjectNode {
  return node?.kind === 'object' || node?.kind === 'container';
}

async function readAccess(
  client: VensoftClient,
  typeName: string,
  id: bigint,
): Promise<{ entries: AccessEntry[]; canSet: boolean }> {
  const [aces, object] = await Promise.all([
    client.aceGet({ entity: id }),
    client.get(typeName, id, { returnPrivileges: true }),
  ]);
  const names = await resolveNames(client, aces);
  const entries = aces
    .filter((a) => a.entity === id)
    .map((a) => ({
      trustee: a.trustee.toString(),
      trusteeName: names.get(a.trustee)?.name ?? a.trustee.toString(),
      trusteeType: names.get(a.trustee)?.type ?? 'unknown',
      role: a.role.toString(),
      roleName: names.get(a.role)?.name ?? a.role.toString(),
    }));
  const canSet = (object.permissions ?? []).some((p) => p.name === 'set privilege' && p.permitted);
  return { entries, canSet };
}

/** Names of trustees (users or groups) and roles: one getmany per type. */
async function resolveNames(client: VensoftClient, aces: Ace[]): Promise<Map<bigint, { name: string; type: string }>> {
  const names = new Map<bigint, { name: string; type: string }>();
  const trustees = [...new Set(aces.map((a) => a.trustee))];
  const roles = [...new Set(aces.map((a) => a.role))];
  const lookups: Array<[string, bigint[]]> = [
    ...TRUSTEE_TYPES.map((t): [string, bigint[]] => [t, trustees]),
    ['role', roles],
  ];
  await Promise.all(
    lookups
      .filter(([, ids]) => ids.length)
      .map(async ([type, ids]) => {
        // An id of another type is simply left out of the answer.
        const found = await client
          .getMany(type, ids, { returnPrivileges: false, returnAttributePrivileges: false })
          .catch(() => undefined);
        for (const o of found?.transfer_objects ?? [])
          names.set(o.id, { name: objectLabel(o.definition as Record<string, JsonValue>, o.id.toString()), type });
      }),
  );
  return names;
}

async function presentAccess(
  node: ObjectNode,
  entries: AccessEntry[],
  canSet: boolean,
  setAce: (change: 'delete', ace: { trustee: bigint; entity: bigint; role: bigint }) => Promise<boolean>,
): Promise<void> {
  const remove = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Remove this ACE') };
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { entry?: AccessEntry; add?: true }>();
  const label = objectLabel(node.object.definition, node.object.id.toString());
  pick.title = vscode.l10n.t('Access to {0} "{1}"', node.object.typeName, label);
  pick.placeholder = entries.length
    ? vscode.l10n.t('Trustee — role. Inherited ACEs of parent containers apply too.')
    : vscode.l10n.t('No ACEs on this object itself; it inherits those of its containers.');
  pick.items = [
    ...(canSet ? [{ label: `$(add) ${vscode.l10n.t('Add ACE…')}`, add: true as const }] : []),
    ...entries.map((entry) => ({
      label: entry.trusteeName,
      description: vscode.l10n.t('{0} — role {1}', entry.trusteeType, entry.roleName),
      detail: vscode.l10n.t('trustee {0} · role {1}', entry.trustee, entry.role),
      buttons: canSet ? [remove] : [],
      entry,
    })),
  ];
  pick.onDidTriggerItemButton(async ({ item }) => {
    if (!item.entry) return;
    if (
      await setAce('delete', {
        trustee: BigInt(item.entry.trustee),
        entity: node.object.id,
        role: BigInt(item.entry.role),
      })
    ) {
      pick.items = pick.items.filter((i) => i !== item);
    }
  });
  pick.onDidAccept(() => {
    if (pick.selectedItems[0]?.add) void vscode.commands.executeCommand('vensoft.addAce', node);
    pick.hide();
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}

async function pickTrusteeAndRole(sessions: SessionManager): Promise<{ trustee: bigint; role: bigint } | undefined> {
  const listAll = (type: string) =>
    sessions
      .run((client) => client.list(type, { count: { count: 1000, offset: 0 } }))
      .then(
        (r) => r.transfer_objects,
        () => [],
      );
  const [users, groups, roles] = await Promise.all([listAll('user'), listAll('user_group'), listAll('role')]);
  const trustee = await vscode.window.showQuickPick(
    [
      ...groups.map((g) => ({
        label: objectLabel(g.definition as Record<string, JsonValue>, g.id.toString()),
        description: vscode.l10n.t('user group'),
        id: g.id,
      })),
      ...users.map((u) => ({
        label: objectLabel(u.definition as Record<string, JsonValue>, u.id.toString()),
        description: vscode.l10n.t('user'),
        id: u.id,
      })),
    ],
    { title: vscode.l10n.t('Add ACE (1/2): trustee') },
  );
  if (!trustee) return undefined;
  const role = await vscode.window.showQuickPick(
    roles.map((r) => ({ label: objectLabel(r.definition as Record<string, JsonValue>, r.id.toString()), id: r.id })),
    { title: vscode.l10n.t('Add ACE (2/2): role of {0}', trustee.label) },
  );
  return role && { trustee: trustee.id, role: role.id };
}
