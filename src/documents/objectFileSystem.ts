// Objects as files: vensoft://<connection>/<type>/<id>.json. Reading gets the object's definition;
// saving sends what changed through update, after checking nobody else changed it meanwhile.
// `stat` reports the version of what the document was read or saved as (a counter, never
// Date.now(), which would make VS Code see changes that did not happen). After a save, and after
// any other write the extension makes to an object, an open document shows the server's state.
// A save that cannot be done is refused without an error (SaveRefusals): the user's text stays.
import * as vscode from 'vscode';
import type { VensoftClient, TransferObject } from '../api';
import { codeOf, describeError, isConnectionError } from '../core/errors';
import { reportFailure } from '../commandPath';
import { stringifyJson, type JsonObject } from '../core/json';
import { diffDefinition, jsonEqual, notUpdatable, readDefinition, rebase } from '../core/objectEdit';
import { draftUri, objectUri, parseDraftUri, parseObjectUri, sameConnection, SERVER_VERSION_SCHEME, type DraftAddress, type ObjectAddress } from '../uris';
import type { SessionManager } from '../session/sessionManager';
import { SaveRefusals, TextProblem } from './saveRefusals';

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
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function documentText(definition: JsonObject): string {
  return `${stringifyJson(definition, 2)}\n`;
}

const AUTO_SAVE_REFUSED = 'Auto Save does not write to Vensoft. Save with Ctrl+S when the object is ready; your text is kept.';

export class ObjectFileSystem implements vscode.FileSystemProvider, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly saved = new vscode.EventEmitter<ObjectAddress>();
  /** Fires after a save reached the server (the tree refreshes). */
  readonly onDidSave = this.saved.event;
  private readonly created = new vscode.EventEmitter<{ draft: vscode.Uri; object: ObjectAddress }>();
  /** Fires when saving a new object's document created it (the editor switches to the real one). */
  readonly onDidCreate = this.created.event;
  private readonly known = new Map<string, KnownObject>();
  /** Objects whose first stat fetched them and that no readFile has read since. */
  private readonly fetchedByStat = new Set<string>();
  /** Documents of new objects and of updates of a selection, by URI: their text until saved. */
  private readonly drafts = new Map<string, { text: string; ids?: bigint[] }>();
  private readonly updatedMany = new vscode.EventEmitter<{ type: string; results: Map<bigint, boolean> }>();
  /** Fires with the per-id results of an updatemany document's save. */
  readonly onDidUpdateMany = this.updatedMany.event;
  private draftCount = 0;
  /** The server's versions shown in Compare, by vensoft-server URI. */
  private readonly serverVersions = new Map<string, string>();
  private clock = 1;
  /** Documents being saved now, by URI. */
  private readonly saving = new Set<string>();
  /** Reads of the server's state after a write, in flight: a save waits for its document's one. */
  private readonly refreshing = new Map<string, Promise<void>>();
  /** The text of saves whose documents are to show the server's state once VS Code has marked them saved, by URI. */
  private readonly savedText = new Map<string, string>();
  private readonly refusals = new SaveRefusals();
  private readonly listeners: vscode.Disposable;

  constructor(private readonly sessions: SessionManager) {
    this.listeners = vscode.Disposable.from(
      this.refusals,
      sessions.onDidWrite((touched) => this.refreshTouched(touched)),
      vscode.workspace.onDidSaveTextDocument((document) => {
        const text = this.savedText.get(document.uri.toString());
        this.savedText.delete(document.uri.toString());
        if (text !== undefined) void this.showServerState(document, text);
      }),
    );
  }

  /** Before a save the user asked for: a refused auto-save still waiting ends first (see SaveRefusals). */
  releaseRefusedAutoSave(uri: vscode.Uri): Promise<void> {
    return this.refusals.reconsider(uri);
  }

  /** A document for a new object of `type`, prefilled with `definition`; saving it calls create. */
  createDraft(connection: string, type: string, definition: JsonObject): vscode.Uri {
    const uri = draftUri({ connection, type, kind: 'new', draft: ++this.draftCount });
    this.drafts.set(uri.toString(), { text: documentText(definition) });
    return uri;
  }

  /** A document of attributes to set on `ids` at once; saving it calls updatemany. */
  updateManyDraft(connection: string, type: string, ids: bigint[], definition: JsonObject): vscode.Uri {
    const uri = draftUri({ connection, type, kind: 'update', draft: ++this.draftCount });
    this.drafts.set(uri.toString(), { text: documentText(definition), ids });
    return uri;
  }

  /** The ids an updatemany document applies to. */
  updateManyIds(uri: vscode.Uri): readonly bigint[] | undefined {
    return this.drafts.get(uri.toString())?.ids;
  }

  /** What the document was opened from: the definition and who may update what. */
  knownState(uri: vscode.Uri): Readonly<KnownObject> | undefined {
    return this.known.get(uri.toString());
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined); // changes are fired by this provider itself
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const draft = this.drafts.get(uri.toString());
    if (draft) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: encoder.encode(draft.text).length };
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

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const draft = this.drafts.get(uri.toString());
    if (draft) return encoder.encode(draft.text);
    const key = uri.toString();
    const known = this.fetchedByStat.delete(key) ? this.known.get(key)! : await this.fetch(uri);
    return encoder.encode(documentText(known.definition));
  }

  /**
   * Saves a document: an object's changes through update, a new object through create, a batch
   * through updatemany. A save that cannot be done is refused (see SaveRefusals): it never throws.
   */
  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const text = decoder.decode(content);
    const explicit = this.refusals.isExplicit(uri);
    const repeated = this.refusals.repeatsRefusal(uri, text, explicit);
    if (repeated) return repeated;
    // Auto Save (on by default in code-server) would write half-typed values to a live server at
    // every pause, and create a new object's draft half filled: only a save the user asks for writes.
    if (!explicit) return this.refusals.refuse(uri, text, new Error(AUTO_SAVE_REFUSED), false);
    this.saving.add(uri.toString());
    try {
      // A refresh after another write (Update Selected…, Move) that is still reading the server
      // would otherwise record its answer after this save, over what the save recorded.
      await this.refreshing.get(uri.toString());
      await this.save(uri, text, explicit);
      this.refusals.forget(uri);
    } catch (e) {
      await this.refusals.refuse(uri, text, e instanceof Error ? e : describeError(e), explicit);
    } finally {
      this.saving.delete(uri.toString());
    }
  }

  private async save(uri: vscode.Uri, text: string, explicit: boolean): Promise<void> {
    const draft = parseDraftUri(uri);
    const ids = this.drafts.get(uri.toString())?.ids;
    if (draft && ids) return this.updateMany(uri, draft, ids, text);
    if (draft && this.drafts.has(uri.toString())) return this.create(uri, draft, text);
    return this.update(uri, text, explicit);
  }

  /** `explicit`: the user asked for this save; an auto-save does not ask about a conflict, it leaves it standing. */
  private async update(uri: vscode.Uri, text: string, explicit: boolean): Promise<void> {
    const address = this.address(uri);
    const opened = this.known.get(uri.toString());
    if (!opened) throw new Error(`${address.type} ${address.id} was not opened from the server: open it from the Vensoft explorer.`);
    const read = readDefinition(text);
    if ('problem' in read) throw new TextProblem(read.problem);
    // Against what the document was read or saved as: only what the user changed since is sent.
    const diff = diffDefinition(opened.definition, read.definition);
    if (diff.parentChange) {
      const to = diff.parentChange.to;
      if (typeof to === 'bigint' || typeof to === 'number') void this.offerMove(address, BigInt(to));
      throw new TextProblem('parent_id is not changed by saving (update does not move objects). Move the object (offered now), or put parent_id back; then save again.');
    }
    const refused = notUpdatable(diff.changes, opened.updatable);
    if (refused.length) throw new TextProblem(`You may not update ${refused.join(', ')} of this ${address.type}. Undo those edits and save again.`);
    const current = await this.call(address, (client) => client.get(address.type, BigInt(address.id), PRIVILEGES));
    if (Object.keys(diff.changes).length === 0) {
      this.remember(uri, current, read.definition); // nothing to send: the document is to show the server's state
      return this.showServerStateAfterSave(uri, text, current.definition as JsonObject);
    }
    if (!jsonEqual(current.definition as JsonObject, opened.server)) {
      const choice = explicit ? await this.askAboutConflict(uri, address, current) : undefined;
      if (choice === 'Discard and Reload') {
        this.remember(uri, current);
        return this.showServerStateAfterSave(uri, text, current.definition as JsonObject);
      }
      if (choice === 'Compare') throw new Error(`${address.type} ${address.id}: the server's version is shown beside yours. Your edits are kept; save again to Overwrite or Discard and Reload.`);
      if (choice !== 'Overwrite') throw new Error(`${address.type} ${address.id} was changed on the server since you opened it. Your edits are kept; save (Ctrl+S) to Compare, Overwrite, or Discard and Reload.`);
    }
    const result = await this.call(address, (client) => client.update(address.type, BigInt(address.id), diff.changes));
    // The document's text is what was saved; the server's answer is what it now holds.
    this.remember(uri, { ...current, definition: result.definition }, read.definition);
    this.showServerStateAfterSave(uri, text, result.definition as JsonObject);
    this.saved.fire(address);
  }

  /** Once VS Code has marked the document saved, it is shown as the server holds it, when it differs. */
  private showServerStateAfterSave(uri: vscode.Uri, text: string, server: JsonObject): void {
    if (text !== documentText(server)) this.savedText.set(uri.toString(), text);
  }

  /**
   * Replaces the saved text by the server's state and saves that (which sends nothing), unless the
   * user typed on meanwhile: then their next save sends only what they changed (the document's
   * definition stays what they saved). VS Code ignores a file change event while it finishes a save.
   */
  private async showServerState(document: vscode.TextDocument, savedText: string): Promise<void> {
    const known = this.known.get(document.uri.toString());
    if (!known || document.getText() !== savedText) return;
    known.definition = known.server;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(savedText.length)), documentText(known.server));
    if (await vscode.workspace.applyEdit(edit)) await document.save();
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
      if (!address || address.type !== touched.type || !ids.has(address.id) || !sameConnection(address.connection, touched.connection)) continue;
      if (this.saving.has(key)) continue; // the save records what it wrote
      if (!openDocument(key)) this.known.delete(key); // read afresh when opened again
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
      object = await this.call(address, (client) => client.get(address.type, BigInt(address.id), PRIVILEGES));
    } catch {
      return; // deleted, or out of reach: the document keeps showing what it has
    }
    const before = this.known.get(uri.toString());
    if (!before) return;
    // VS Code tells extensions a document is saved even when a refused save kept it modified.
    const document = openDocument(uri.toString());
    if (document && (document.isDirty || this.refusals.hasRefused(uri))) {
      const read = readDefinition(document.getText());
      const base = 'problem' in read ? before.definition : rebase(before.definition, read.definition, object.definition as JsonObject);
      // Its version stays: VS Code would refuse to save over a newer one ("file modified since").
      this.remember(uri, object, base).version = before.version;
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]); // its marks follow; VS Code keeps the text
      await this.refusals.reconsider(uri); // a save refused before may go through now
      return;
    }
    if (this.remember(uri, object).version !== before.version) this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  private async create(uri: vscode.Uri, draft: DraftAddress, text: string): Promise<void> {
    const read = readDefinition(text);
    if ('problem' in read) throw new TextProblem(read.problem);
    // Attributes left null are not sent: the server gives them their defaults.
    const definition = Object.fromEntries(Object.entries(read.definition).filter(([, v]) => v !== null));
    const target = { connection: draft.connection, type: draft.type, id: '0' };
    const result = await this.call(target, (client) => client.create(draft.type, definition));
    const object = { ...target, id: result.id.toString() };
    this.drafts.set(uri.toString(), { text: documentText(read.definition) });
    this.created.fire({ draft: uri, object });
    this.saved.fire(object);
  }

  private async updateMany(uri: vscode.Uri, draft: DraftAddress, ids: bigint[], text: string): Promise<void> {
    const read = readDefinition(text);
    if ('problem' in read) throw new TextProblem(read.problem);
    if (Object.keys(read.definition).length === 0) throw new Error('Add the attributes to set on every selected object, like { "tour_id": 125… }, and save again.');
    if ('parent_id' in read.definition) throw new TextProblem('parent_id is not changed by updatemany: move the objects instead.');
    const target = { connection: draft.connection, type: draft.type, id: '0' };
    const results = await this.call(target, (client) => client.updateMany(draft.type, ids, read.definition));
    this.drafts.set(uri.toString(), { text: documentText(read.definition), ids });
    this.updatedMany.fire({ type: draft.type, results });
    this.saved.fire(target);
  }

  /** Forgets a new object's document once its editor is closed. */
  forgetDraft(uri: vscode.Uri): void {
    this.drafts.delete(uri.toString());
  }

  /** Offers to move the object to the parent typed into its document (the move refreshes the document). */
  private async offerMove(address: ObjectAddress, to: bigint): Promise<void> {
    const choice = await vscode.window.showInformationMessage(`Move ${address.type} ${address.id} to ${to}?`, 'Move');
    if (choice !== 'Move') return;
    try {
      await this.call(address, (client) => client.move(address.type, BigInt(address.id), to));
      this.saved.fire(address);
      void vscode.window.showInformationMessage(`Moved ${address.type} ${address.id}. Save again to send your other changes.`);
    } catch (e) {
      reportFailure('Move failed', e);
    }
  }

  /** The server's version of an object, for the left side of Compare. */
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.serverVersions.get(uri.toString()) ?? '';
  }

  readDirectory(): never {
    throw vscode.FileSystemError.NoPermissions('Vensoft objects are opened one at a time, from the explorer or with "Open Object by ID…".');
  }

  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions('Vensoft objects are not folders.');
  }

  delete(): never {
    throw vscode.FileSystemError.NoPermissions('Delete objects from the Vensoft explorer.');
  }

  rename(): never {
    throw vscode.FileSystemError.NoPermissions('Objects cannot be renamed: their id is their name.');
  }

  private async askAboutConflict(uri: vscode.Uri, address: ObjectAddress, current: TransferObject): Promise<string | undefined> {
    const answer = await vscode.window.showWarningMessage(
      `${address.type} ${address.id} was changed on the server since you opened it.`,
      { modal: true, detail: 'Compare shows the server\'s version next to yours. Overwrite saves your changed attributes over theirs. Discard and Reload drops your edits.' },
      'Compare', 'Overwrite', 'Discard and Reload',
    );
    if (answer === 'Compare') {
      const server = objectUri(address, SERVER_VERSION_SCHEME);
      this.serverVersions.set(server.toString(), documentText(current.definition as JsonObject));
      await vscode.commands.executeCommand('vscode.diff', server, uri, `${address.type} ${address.id}: server ↔ yours`);
    }
    return answer;
  }

  private async fetch(uri: vscode.Uri): Promise<KnownObject> {
    const address = this.address(uri);
    const object = await this.call(address, (client) => client.get(address.type, BigInt(address.id), PRIVILEGES));
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

  /** Runs a call in the session of the URI's connection; maps failures to FileSystemErrors. */
  private async call<T>(address: ObjectAddress, action: (client: VensoftClient) => Promise<T>): Promise<T> {
    const session = this.sessions.session;
    if (!session || !sameConnection(session.connection.name, address.connection)) {
      throw vscode.FileSystemError.Unavailable(`Log in to ${address.connection} to open or save this object ("Vensoft: Log In…"). Your edits are kept.`);
    }
    try {
      return await this.sessions.run(action);
    } catch (e) {
      throw toFileSystemError(e, address);
    }
  }

  dispose(): void {
    this.listeners.dispose();
    this.changed.dispose();
    this.saved.dispose();
    this.created.dispose();
    this.updatedMany.dispose();
  }
}

const PRIVILEGES = { returnAttributePrivileges: true, returnPrivileges: true };

function toFileSystemError(e: unknown, address: ObjectAddress): vscode.FileSystemError {
  const text = describeError(e);
  // Not FileNotFound: VS Code replaces its message with a generic "nonexistent file".
  if (codeOf(e) === 'P0002') return new vscode.FileSystemError(`${address.type} ${address.id} does not exist or you may not see it. Check the id, or log in as a user who may read it.`);
  if (isConnectionError(e)) return vscode.FileSystemError.Unavailable(`${text} Your edits are kept; save again when the server answers.`);
  if (codeOf(e) === '42501') return vscode.FileSystemError.NoPermissions(text);
  return new vscode.FileSystemError(text);
}

function openDocument(key: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}
