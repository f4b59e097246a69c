// How a failure reads to the user in the display language. The server's own message and code stay as
// the server sent them (English); what we add (what to do about it) is chosen by the error's stable
// hintId and said through vscode.l10n, because src/api and src/core, where errors are made, are pure.
import * as vscode from 'vscode';
import { describeError, isServerFailure, type ServerFailure } from './core/errors';

/** The server's words and code, and what to do, for a message; other errors as their message. */
export function describeFailure(e: unknown): string {
  if (!isServerFailure(e)) return describeError(e);
  return vscode.l10n.t('{0} ({1}). {2}', e.serverMessage, e.code, hintText(e));
}

const PRIVILEGE_HINTS: Record<string, () => string> = {
  read: () =>
    vscode.l10n.t('Your session is valid, but you lack the "read" privilege for this; ask an administrator for it.'),
  create: () =>
    vscode.l10n.t('Your session is valid, but you lack the "create" privilege for this; ask an administrator for it.'),
  update: () =>
    vscode.l10n.t('Your session is valid, but you lack the "update" privilege for this; ask an administrator for it.'),
  delete: () =>
    vscode.l10n.t('Your session is valid, but you lack the "delete" privilege for this; ask an administrator for it.'),
  undelete: () =>
    vscode.l10n.t(
      'Your session is valid, but you lack the "undelete" privilege for this; ask an administrator for it.',
    ),
  'set privilege': () =>
    vscode.l10n.t(
      'Your session is valid, but you lack the "set privilege" privilege for this; ask an administrator for it.',
    ),
  move: () =>
    vscode.l10n.t(
      'Your session is valid, but you lack the "update" privilege on the object and "create" in the new container for this; ask an administrator for it.',
    ),
  '': () => vscode.l10n.t('Your session is valid, but you lack the privilege for this; ask an administrator for it.'),
};

const HINTS: Record<string, () => string> = {
  '01007': () => vscode.l10n.t('You cannot grant privileges you do not hold yourself.'),
  '0B000': () => vscode.l10n.t('The session could not start; check the DeviceToken.'),
  '22004': () => vscode.l10n.t('A required parameter is empty.'),
  '22023': () => vscode.l10n.t('A parameter has an invalid value.'),
  '28P01': () => vscode.l10n.t('Check the username (your e-mail address) and the password.'),
  '42501': () => vscode.l10n.t('You lack the privilege for this, or your session has ended.'),
  '42701': () => vscode.l10n.t('An attribute is named twice.'),
  '42703': () => vscode.l10n.t('An attribute name is unknown for this type; use describe to see its attributes.'),
  '42809': () => vscode.l10n.t('The object type name is unknown; use describe to list the types.'),
  '42883': () => vscode.l10n.t('The method (or the API version in the URL) is unknown.'),
  '54000': () => vscode.l10n.t('The request is too large; split it.'),
  P0002: () => vscode.l10n.t('The object does not exist, or you may not see it.'),
  XX000: () => vscode.l10n.t('The server failed; try again later or report it.'),
  '14': () => vscode.l10n.t('The server reported an unknown error.'),
  'session-ended': () => vscode.l10n.t('Your session has ended: log in again.'),
  server: () => vscode.l10n.t("See the server's message."),
};

function hintText(e: ServerFailure): string {
  const id = e.hintId ?? '';
  const text = id.startsWith('privilege:') ? PRIVILEGE_HINTS[id.slice('privilege:'.length)] : HINTS[id];
  // An id this editor does not know (a newer client): the client's English hint rather than nothing.
  return text ? text() : e.hint;
}
