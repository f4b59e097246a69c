// Documents of objects that are not on the server yet: a new object's (saving it calls create, and
// the document becomes the created object's) and Update Selected's attributes to set on a selection
// (saving it calls updatemany). Their text lives here until saved.
import * as vscode from 'vscode';
import type { JsonObject } from '../core/json';
import { documentText, readDefinition } from '../core/objectEdit';
import { draftUri, parseDraftUri, type DraftAddress, type ObjectAddress } from '../uris';
import type { ObjectCall } from './objectCalls';
import type { BulkOperations } from '../bulk/bulkOperations';
import type { BulkAnswers } from '../bulk/bulkRunner';
import { TextProblem } from './saveRefusals';

export class Drafts implements vscode.Disposable {
  /** The drafts' texts by URI, and for an updatemany document the ids it applies to. */
  private readonly drafts = new Map<string, { text: string; ids?: bigint[]; answers?: BulkAnswers }>();
  private draftCount = 0;
  private readonly created = new vscode.EventEmitter<{ draft: vscode.Uri; object: ObjectAddress }>();
  /** Fires when saving a new object's document created it (the editor switches to the real one). */
  readonly onDidCreate = this.created.event;
  private readonly updatedMany = new vscode.EventEmitter<{ type: string; results: Map<bigint, boolean> }>();
  /** Fires with the per-id results of an updatemany document's save. */
  readonly onDidUpdateMany = this.updatedMany.event;

  /** `saved`: told of every save that reached the server. */
  constructor(
    private readonly call: ObjectCall,
    private readonly saved: (address: ObjectAddress) => void,
    /** Update Selected's save: a preview from the bulk threshold on, then the summary. */
    private readonly bulk: BulkOperations,
  ) {}

  /** A document for a new object of `type`, prefilled with `definition`; saving it calls create. */
  createDraft(connection: string, type: string, definition: JsonObject): vscode.Uri {
    const uri = draftUri({ connection, type, kind: 'new', draft: ++this.draftCount });
    this.drafts.set(uri.toString(), { text: documentText(definition) });
    return uri;
  }

  /** A document of attributes to set on `ids` at once; saving it calls updatemany (`answers`: to its preview). */
  updateManyDraft(
    connection: string,
    type: string,
    ids: bigint[],
    definition: JsonObject,
    answers?: BulkAnswers,
  ): vscode.Uri {
    const uri = draftUri({ connection, type, kind: 'update', draft: ++this.draftCount });
    this.drafts.set(uri.toString(), { text: documentText(definition), ids, answers });
    return uri;
  }

  /** The ids an updatemany document applies to. */
  updateManyIds(uri: vscode.Uri): readonly bigint[] | undefined {
    return this.drafts.get(uri.toString())?.ids;
  }

  /** A draft's text; undefined for any other document. */
  text(uri: vscode.Uri): string | undefined {
    return this.drafts.get(uri.toString())?.text;
  }

  /** Forgets a new object's document once its editor is closed. */
  forget(uri: vscode.Uri): void {
    this.drafts.delete(uri.toString());
  }

  /** Saves a draft: a new object through create, a selection's attributes through updatemany. */
  async save(uri: vscode.Uri, text: string): Promise<void> {
    const draft = parseDraftUri(uri);
    if (!draft) throw vscode.FileSystemError.FileNotFound(uri);
    const read = readDefinition(text);
    if ('problem' in read) throw new TextProblem(read.problem);
    const ids = this.drafts.get(uri.toString())?.ids;
    return ids ? this.updateMany(uri, draft, ids, read.definition) : this.create(uri, draft, read.definition);
  }

  private async create(uri: vscode.Uri, draft: DraftAddress, typed: JsonObject): Promise<void> {
    // Attributes left null are not sent: the server gives them their defaults.
    const definition = Object.fromEntries(Object.entries(typed).filter(([, v]) => v !== null));
    const target = { connection: draft.connection, type: draft.type, id: '0' };
    const result = await this.call(target, (client) => client.create(draft.type, definition));
    const object = { ...target, id: result.id.toString() };
    this.drafts.set(uri.toString(), { text: documentText(typed) });
    this.created.fire({ draft: uri, object });
    this.saved(object);
  }

  private async updateMany(uri: vscode.Uri, draft: DraftAddress, ids: bigint[], definition: JsonObject): Promise<void> {
    if (Object.keys(definition).length === 0)
      throw new Error(
        vscode.l10n.t('Add the attributes to set on every selected object, like { "tour_id": 125… }, and save again.'),
      );
    if ('parent_id' in definition)
      throw new TextProblem(vscode.l10n.t('parent_id is not changed by updatemany: move the objects instead.'));
    const target = { connection: draft.connection, type: draft.type, id: '0' };
    const answers = this.drafts.get(uri.toString())?.answers;
    const results = await this.call(target, () => this.bulk.updateMany(draft.type, ids, definition, answers));
    if (!results)
      throw new TextProblem(
        vscode.l10n.t('Not run: the preview was cancelled. Your text is kept; save again to see the preview.'),
      );
    this.drafts.set(uri.toString(), { text: documentText(definition), ids, answers });
    this.updatedMany.fire({ type: draft.type, results });
    this.saved(target);
  }

  /** Whether the URI is a draft's (a new object's or an updatemany document's) still open. */
  has(uri: vscode.Uri): boolean {
    return this.drafts.has(uri.toString());
  }

  dispose(): void {
    this.created.dispose();
    this.updatedMany.dispose();
  }
}
