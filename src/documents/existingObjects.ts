// Documents of objects on the server: reading one gets its definition; saving sends what changed
// through update, after checking nobody else changed it meanwhile (Conflicts). After a save, and
// after any other write the extension makes to an object, an open document shows the server's state.
// Each document's version is a counter, never Date.now(), which would make VS Code see changes that
// did not happen.
import * as vscode from 'vscode';
import { reportFailure } from '../commandPath';
import type { TransferObject } from '../api';
import type { JsonObject } from '../core/json';
import { codeOf } from '../core/errors';
import { diffDefinition, documentText, jsonEqual, notUpdatable, readDefinition, rebase } from '../core/objectEdit';
import type { SessionManager } from '../session/sessionManager';
import { parseObjectUri, sameConnection, type ObjectAddress } from '../uris';
import type { Conflicts } from './conflicts';
import { PRIVILEGES, type ObjectCall } from './objectCalls';
import { TextProblem, type SaveRefusals } from './saveRefusals';

/** What we last knew of an object on the server, and what its document was read or saved as. */
export interface KnownObject {
  /** The server's state when we last read or wrote it: a save conflicts when the server changed since. */
  server: JsonObject;
  /** What the document's text was read or saved as: a save sends only the differences from it. */
  definition: JsonObject;
  /** Attributes this user may update on this object (from attribute_permissions). */
  updatable: string[];
  /** The object's privileges that are permitted (read, update, delete, …). */
  privileges: string[];
  version: number;
  created: number;
  size: number;
  /** Deleted on the server since it was read (a write of the extension's touched it): saving cannot update it. */
  deleted?: boolean;
}

/** What an existing object's documents need from the rest of the file system. */
export interface ExistingObjectsDeps {
  sessions: SessionManager;
  call: ObjectCall;
  conflicts: Conflicts;
  refusals: SaveRefusals;
  /** Tells VS Code the object's file changed (its marks follow; an unmodified document is read again). */
  changed(uri: vscode.Uri): void;
  /** Told of every save (and move) that reached the server. */
  saved(address: ObjectAddress): void;
}

const encoder = new TextEncoder();

export class ExistingObjects implements vscode.Disposable {
  private readonly known = new Map<string, KnownObject>();
  /** Objects just fetched (by a first stat, or a save) that no readFile has read since: it need not ask again. */
  private readonly fetchedByStat = new Set<string>();
  private clock = 1;
  /** Documents being saved now, by URI. */
  private readonly saving = new Set<string>();
  /** Reads of the server's state after a write, in flight: a save waits for its document's one. */
  private readonly refreshing = new Map<string, Promise<void>>();
  /** The text of saves whose documents are to show the server's state once VS Code has marked them saved, by URI. */
  private readonly savedText = new Map<string, string>();
  private readonly listeners: vscode.Disposable;

  constructor(private readonly deps: ExistingObjectsDeps) {
    this.listeners = vscode.Disposable.from(
      deps.sessions.onDidWrite((touched) => this.refreshTouched(touched)),
      vscode.workspace.onDidSaveTextDocument((document) => {
        const text = this.savedText.get(document.uri.toString());
        this.savedText.delete(document.uri.toString());
        if (text !== undefined) this.showServerState(document, text);
      }),
    );
  }

  /** What the document was opened from: the definition and who may update what. */
  knownState(uri: vscode.Uri): Readonly<KnownObject> | undefined {
    return this.known.get(uri.toString());
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    let known = this.known.get(uri.toString());
    if (!known) {
      known = await this.fetch(uri);
      // Opening calls stat, then readFile: let readFile use this answer instead of asking again.
      this.fetchedByStat.add(uri.toString());
    }
    return {
      type: vscode.FileType.File,
      ctime: known.created,
      mtime: known.version,
      size: known.size,
      permissions: known.privileges.includes('update') ? undefined : vscode.FilePermission.Readonly,
    };
  }

  async read(uri: vscode.Uri): Promise<Uint8Array> {
    const key = uri.toString();
    const known = this.fetchedByStat.delete(key) ? this.known.get(key)! : await this.fetch(uri);
    return encoder.encode(documentText(known.definition));
  }

  /**
   * Runs the save of a document. A refresh after another write (Update Selected…, Move) still reading
   * the server would otherwise record its answer after this save, over what the save recorded:
   * `save` waits for it (pendingRefresh), and none starts meanwhile.
   */
  async whileSaving(uri: vscode.Uri, save: () => Promise<void>): Promise<void> {
    this.saving.add(uri.toString());
    try {
      await save();
    } finally {
      this.saving.delete(uri.toString());
    }
  }

  /** The read of the server's state after a write that is still in flight for this document, if any. */
  pendingRefresh(uri: vscode.Uri): Promise<void> | undefined {
    return this.refreshing.get(uri.toString());
  }

  /** Saves an object's changes through update. `explicit`: the user asked; an auto-save does not ask about a conflict. */
  async save(uri: vscode.Uri, text: string, explicit: boolean): Promise<void> {
    const address = this.address(uri);
    const opened = this.known.get(uri.toString());
    if (!opened)
      throw new Error(
        vscode.l10n.t(
          '{0} {1} was not opened from the server: open it from the Vensoft explorer.',
          address.type,
          address.id,
        ),
      );
    if (opened.deleted)
      throw new TextProblem(
        vscode.l10n.t(
          '{0} {1} has been deleted on the server. Undelete it (Vensoft: Undelete Object…, or Revert the delete in the Changes view), then save again; your text is kept.',
          address.type,
          address.id,
        ),
      );
    const read = readDefinition(text);
    if ('problem' in read) throw new TextProblem(read.problem);
    // Against what the document was read or saved as: only what the user changed since is sent.
    const diff = diffDefinition(opened.definition, read.definition);
    if (diff.parentChange) {
      const to = diff.parentChange.to;
      if (typeof to === 'bigint' || typeof to === 'number') void this.offerMove(address, BigInt(to));
      throw new TextProblem(
        vscode.l10n.t(
          'parent_id is not changed by saving (update does not move objects). Move the object (offered now), or put parent_id back; then save again.',
        ),
      );
    }
    const refused = notUpdatable(diff.changes, opened.updatable);
    if (refused.length)
      throw new TextProblem(
        vscode.l10n.t(
          'You may not update {0} of this {1}. Undo those edits and save again.',
          refused.join(', '),
          address.type,
        ),
      );
    const current = await this.deps.call(address, (client) => client.get(address.type, BigInt(address.id), PRIVILEGES));
    if (Object.keys(diff.changes).length === 0) {
      this.remember(uri, current, read.definition); // nothing to send: the document is to show the server's state
      return this.showServerStateAfterSave(uri, text, current.definition as JsonObject);
    }
    if (!jsonEqual(current.definition as JsonObject, opened.server)) {
      const outcome = await this.deps.conflicts.resolve(uri, address, current.definition as JsonObject, explicit);
      if (outcome === 'reload') {
        this.remember(uri, current);
        return this.showServerStateAfterSave(uri, text, current.definition as JsonObject);
      }
    }
    // The journal records the values before from what was just read: no extra request.
    const before = [{ id: BigInt(address.id), definition: current.definition as JsonObject }];
    const result = await this.deps.call(address, (client) =>
      client.update(address.type, BigInt(address.id), diff.changes, { before }),
    );
    // The document's text is what was saved; the server's answer is what it now holds.
    this.remember(uri, { ...current, definition: result.definition }, read.definition);
    this.showServerStateAfterSave(uri, text, result.definition as JsonObject);
    this.deps.saved(address);
  }

  /** Once VS Code has marked the document saved, it is shown as the server holds it, when it differs. */
  private showServerStateAfterSave(uri: vscode.Uri, text: string, server: JsonObject): void {
    if (text !== documentText(server)) this.savedText.set(uri.toString(), text);
  }

  /**
   * Shows the server's state in a document just saved as other text: the object's file gets a new
   * version and VS Code reads the unmodified document again. (Replacing the text and saving it
   * again, as before, turned the document modified a second time until that save came back; closing
   * it then asked to save it.) Not when the user typed on meanwhile: their next save sends only what
   * they changed (the document's definition stays what they saved). VS Code ignores a file change
   * event while it finishes a save: this runs once it has marked the document saved.
   */
  private showServerState(document: vscode.TextDocument, savedText: string): void {
    const known = this.known.get(document.uri.toString());
    if (!known || document.isDirty || document.getText() !== savedText) return;
    known.definition = known.server;
    known.size = encoder.encode(documentText(known.server)).length;
    known.version = this.clock++;
    this.fetchedByStat.add(document.uri.toString()); // the save just read the server: no need to ask again
    this.deps.changed(document.uri);
  }

  /**
   * After any write to objects (a save, Move, Delete, Undelete, Update Selected…): open documents of
   * those objects learn the server's state. An unmodified one is read again; a modified one keeps
   * the user's text, and its next save compares with this state, so it sees no false conflict.
   */
  private refreshTouched(touched: { connection: string; type: string; ids: readonly bigint[] }): void {
    const ids = new Set(touched.ids.map(String));
    for (const key of [...this.known.keys()]) {
      const address = parseObjectUri(vscode.Uri.parse(key));
      if (
        !address ||
        address.type !== touched.type ||
        !ids.has(address.id) ||
        !sameConnection(address.connection, touched.connection)
      )
        continue;
      if (this.saving.has(key)) continue; // the save records what it wrote
      if (!openDocument(key))
        this.known.delete(key); // read afresh when opened again
      else {
        const done = this.refresh(vscode.Uri.parse(key)).finally(() => {
          if (this.refreshing.get(key) === done) this.refreshing.delete(key);
        });
        this.refreshing.set(key, done);
      }
    }
  }

  private async refresh(uri: vscode.Uri): Promise<void> {
    const address = this.address(uri);
    let object: TransferObject;
    try {
      // The session that made the write (of this document's connection); its failures as they are.
      object = await this.deps.sessions.run((client) => client.get(address.type, BigInt(address.id), PRIVILEGES));
    } catch (e) {
      // Deleted: the document keeps its text and says so (its header, and a save's refusal). Out of
      // reach for another reason: it keeps showing what it has.
      const known = this.known.get(uri.toString());
      if (codeOf(e) === 'P0002' && known && !known.deleted) {
        known.deleted = true;
        this.deps.changed(uri);
      }
      return;
    }
    const before = this.known.get(uri.toString());
    if (!before) return;
    // VS Code tells extensions a document is saved even when a refused save kept it modified.
    const document = openDocument(uri.toString());
    if (document && (document.isDirty || this.deps.refusals.hasRefused(uri))) {
      const read = readDefinition(document.getText());
      const base =
        'problem' in read
          ? before.definition
          : rebase(before.definition, read.definition, object.definition as JsonObject);
      // Its version stays: VS Code would refuse to save over a newer one ("file modified since").
      this.remember(uri, object, base).version = before.version;
      this.deps.changed(uri); // its marks follow; VS Code keeps the text
      await this.deps.refusals.reconsider(uri); // a save refused before may go through now
      return;
    }
    if (this.remember(uri, object).version !== before.version) this.deps.changed(uri);
  }

  /** Offers to move the object to the parent typed into its document (the move refreshes the document). */
  private async offerMove(address: ObjectAddress, to: bigint): Promise<void> {
    const move = vscode.l10n.t('Move');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Move {0} {1} to {2}?', address.type, address.id, to.toString()),
      move,
    );
    if (choice !== move) return;
    try {
      await this.deps.call(address, (client) => client.move(address.type, BigInt(address.id), to));
      this.deps.saved(address);
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Moved {0} {1}. Save again to send your other changes.', address.type, address.id),
      );
    } catch (e) {
      reportFailure(vscode.l10n.t('Move failed'), e);
    }
  }

  private async fetch(uri: vscode.Uri): Promise<KnownObject> {
    const address = this.address(uri);
    const object = await this.deps.call(address, (client) => client.get(address.type, BigInt(address.id), PRIVILEGES));
    return this.remember(uri, object);
  }

  /**
   * Records the server's state, and what the document shows (`definition`: the server's, unless the
   * document keeps the user's text); the version moves only when what the document shows did.
   */
  private remember(uri: vscode.Uri, object: TransferObject, definition = object.definition as JsonObject): KnownObject {
    const key = uri.toString();
    const previous = this.known.get(key);
    const same = previous !== undefined && jsonEqual(previous.definition, definition);
    const known: KnownObject = {
      server: object.definition as JsonObject,
      definition,
      updatable: (object.attribute_permissions ?? []).filter((a) => a.can_update).map((a) => a.name),
      privileges: (object.permissions ?? []).filter((p) => p.permitted).map((p) => p.name),
      version: same ? previous.version : this.clock++,
      created: previous?.created ?? this.clock,
      size: encoder.encode(documentText(definition)).length,
    };
    this.known.set(key, known);
    return known;
  }

  private address(uri: vscode.Uri): ObjectAddress {
    const address = parseObjectUri(uri);
    if (!address) throw vscode.FileSystemError.FileNotFound(uri);
    return address;
  }

  dispose(): void {
    this.listeners.dispose();
  }
}

function openDocument(key: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}
