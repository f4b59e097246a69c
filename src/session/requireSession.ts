// "Not logged in" has one behaviour: a command that needs a session throws NotLoggedInError, and
// the command path (src/commands.ts) says "Log in to Vensoft first." with a Log In button.
import * as vscode from 'vscode';
import { NotLoggedInError } from '../core/errors';
import type { ActiveSession } from './sessionManager';

/** The active session; throws NotLoggedInError without one (`why`: what the session is needed for). */
export function requireSession(sessions: { readonly session: ActiveSession | undefined }, why?: string): ActiveSession {
  const session = sessions.session;
  if (!session)
    throw new NotLoggedInError(
      why ? vscode.l10n.t('Log in to Vensoft first: {0}', why) : vscode.l10n.t('Log in to Vensoft first.'),
    );
  return session;
}
