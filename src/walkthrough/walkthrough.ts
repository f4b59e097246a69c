// "Get started with Vensoft Explorer": opens the walkthrough once after the first install (unless the
// user turned VS Code's openOnInstall off) and from the welcome view, and sets the context keys its
// steps complete on: the local emulator running, an object saved.
import * as vscode from 'vscode';
import { registerCommand } from '../commandPath';

export const WALKTHROUGH_ID = 'getStarted';
const SHOWN_KEY = 'vensoft.walkthroughShown';

interface WalkthroughEvents {
  /** Fires with whether the local emulator (started from VS Code) runs. */
  readonly onDidChangeEmulator: vscode.Event<boolean>;
  /** Fires when an object document was saved to the server. */
  readonly onDidSaveObject: vscode.Event<unknown>;
}

export function registerWalkthrough(context: vscode.ExtensionContext, events: WalkthroughEvents): vscode.Disposable {
  const walkthrough = `${context.extension.id}#${WALKTHROUGH_ID}`;
  const open = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthrough, false);
  const openOnInstall = vscode.workspace
    .getConfiguration('workbench.welcomePage')
    .get('walkthroughs.openOnInstall', true);
  if (openOnInstall && !context.globalState.get(SHOWN_KEY)) {
    void context.globalState.update(SHOWN_KEY, true);
    void open();
  }
  const setContext = (key: string, value: boolean) => vscode.commands.executeCommand('setContext', key, value);
  return vscode.Disposable.from(
    registerCommand('vensoft.openWalkthrough', open),
    events.onDidChangeEmulator((running) => void setContext('vensoft.localEmulatorRunning', running)),
    events.onDidSaveObject(() => void setContext('vensoft.savedObject', true)),
  );
}
