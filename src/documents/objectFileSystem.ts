// Objects as files: vensoft://<connection>/<type>/<id>.json, and the drafts of new objects and of
// Update Selected… (vensoft://<connection>/<type>/new-<n>.json, update-<n>.json). This provider says
// which does what: ExistingObjects reads and saves objects on the server, Drafts holds and saves the
// drafts, Conflicts settles a save that meets a change on the server. A save that cannot be done is
// refused without an error (SaveRefusals): the user's text stays. Only a save the user asks for writes.
import * as vscode from 'vscode';
import { describeFailure } from '../failureText';
import type { ObjectAddress } from '../uris';
import type { SessionManager } from '../session/sessionManager';
import { Conflicts } from './conflicts';
import { Drafts } from './drafts';
import { ExistingObjects, type KnownObject } from './existingObjects';
import { objectCalls } from './objectCalls';
import { SaveRefusals } from './saveRefusals';
import type { BulkOperations } from '../bulk/bulkOperations';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const autoSaveRefused = () =>
  vscode.l10n.t('Auto Save does not write to Vensoft. Save with Ctrl+S when the object is ready; your text is kept.');

export class ObjectFileSystem
  implements vscode.FileSystemProvider, vscode.TextDocumentContentProvider, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly saved = new vscode.EventEmitter<ObjectAddress>();
  /** Fires after a save reached the server (the tree refreshes). */
  readonly onDidSave = this.saved.event;
  private readonly refusals = new SaveRefusals();
  private readonly conflicts = new Conflicts();
  private readonly objects: ExistingObjects;
  /** The documents of new objects and of Update Selected… (make them here; their events are here). */
  readonly drafts: Drafts;

  constructor(sessions: SessionManager, bulk: BulkOperations) {
    const call = objectCalls(sessions);
    const saved = (address: ObjectAddress) => this.saved.fire(address);
    this.objects = new ExistingObjects({
      sessions,
      call,
      saved,
      conflicts: this.conflicts,
      refusals: this.refusals,
      changed: (uri) => this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]),
    });
    this.drafts = new Drafts(call, saved, bulk);
  }

  /** Before a save the user asked for: a refused auto-save still waiting ends first (see SaveRefusals). */
  releaseRefusedAutoSave(uri: vscode.Uri): Promise<void> {
    return this.refusals.reconsider(uri);
  }

  /** What the document was opened from: the definition and who may update what. */
  knownState(uri: vscode.Uri): Readonly<KnownObject> | undefined {
    return this.objects.knownState(uri);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined); // changes are fired by this provider itself
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const draft = this.drafts.text(uri);
    if (draft !== undefined)
      return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: encoder.encode(draft).length };
    return this.objects.stat(uri);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const draft = this.drafts.text(uri);
    return draft !== undefined ? encoder.encode(draft) : this.objects.read(uri);
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
    if (!explicit) return this.refusals.refuse(uri, text, new Error(autoSaveRefused()), false);
    return this.objects.whileSaving(uri, async () => {
      try {
        await this.objects.pendingRefresh(uri);
        await (this.drafts.has(uri) ? this.drafts.save(uri, text) : this.objects.save(uri, text, explicit));
        this.refusals.forget(uri);
      } catch (e) {
        await this.refusals.refuse(uri, text, e instanceof Error ? e : describeFailure(e), explicit);
      }
    });
  }

  /** The server's version of an object, for the left side of Compare. */
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.conflicts.provideTextDocumentContent(uri);
  }

  readDirectory(): never {
    throw vscode.FileSystemError.NoPermissions(
      vscode.l10n.t('Vensoft objects are opened one at a time, from the explorer or with "Open Object by ID…".'),
    );
  }

  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Vensoft objects are not folders.'));
  }

  delete(): never {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Delete objects from the Vensoft explorer.'));
  }

  rename(): never {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Objects cannot be renamed: their id is their name.'));
  }

  dispose(): void {
    this.refusals.dispose();
    this.objects.dispose();
    this.drafts.dispose();
    this.changed.dispose();
    this.saved.dispose();
  }
}
