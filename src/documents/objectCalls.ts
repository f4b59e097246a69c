// The calls of object documents: made in the session of the document's connection, their failures
// turned into the FileSystemErrors VS Code shows for a file.
import * as vscode from 'vscode';
import type { VensoftClient } from '../api';
import { codeOf, isConnectionError } from '../core/errors';
import { describeFailure } from '../failureText';
import type { SessionManager } from '../session/sessionManager';
import { sameConnection, type ObjectAddress } from '../uris';

/** A document marks what the user may not do: reads ask for the object's and its attributes' privileges. */
export const PRIVILEGES = { returnAttributePrivileges: true, returnPrivileges: true };

/** Runs a call for the object at `address`; fails with a FileSystemError. */
export type ObjectCall = <T>(address: ObjectAddress, action: (client: VensoftClient) => Promise<T>) => Promise<T>;

/** Calls in the session of the address's connection, which must be the one logged in. */
export function objectCalls(sessions: SessionManager): ObjectCall {
  return async (address, action) => {
    const session = sessions.session;
    if (!session || !sameConnection(session.connection.name, address.connection)) {
      throw vscode.FileSystemError.Unavailable(
        vscode.l10n.t(
          'Log in to {0} to open or save this object ("Vensoft: Log In…"). Unsaved edits are kept.',
          address.connection,
        ),
      );
    }
    try {
      return await sessions.run(action);
    } catch (e) {
      throw toFileSystemError(e, address);
    }
  };
}

function toFileSystemError(e: unknown, address: ObjectAddress): vscode.FileSystemError {
  const text = describeFailure(e);
  // Not FileNotFound: VS Code replaces its message with a generic "nonexistent file".
  if (codeOf(e) === 'P0002')
    return new vscode.FileSystemError(
      vscode.l10n.t(
        '{0} {1} does not exist or you may not see it. Check the id, or log in as a user who may read it.',
        address.type,
        address.id,
      ),
    );
  if (isConnectionError(e))
    return vscode.FileSystemError.Unavailable(
      vscode.l10n.t('{0} Your edits are kept; save again when the server answers.', text),
    );
  if (codeOf(e) === '42501') return vscode.FileSystemError.NoPermissions(text);
  return new vscode.FileSystemError(text);
}
