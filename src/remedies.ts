// The commands messages tell users to run, beside the errors that carry them: one definition each, quoted for the
// shell (they are pasted, and a session name may hold a space or `$(…)`).

import { quotePosix } from './text/quotePosix.ts';

/** How to sign in to a session: the remedy of every login-needed error. */
export const loginCommandLine = (sessionName: string) => `keyrack-cp login --sso-session ${quotePosix(sessionName)}`;

/** The AWS CLI's equivalent, named beside ours where both work. */
export const awsLoginCommandLine = (sessionName: string) => `aws sso login --sso-session ${quotePosix(sessionName)}`;
