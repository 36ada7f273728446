// The command a message tells the user to run to sign in to a session: one definition, quoted for the shell
// (it is pasted, and a session name may hold a space or `$(…)`).

import { quotePosix } from '../output/quotePosix.ts';

export const loginCommandLine = (sessionName: string) => `keyrack-cp login --sso-session ${quotePosix(sessionName)}`;

/** The AWS CLI's equivalent, named beside ours where both work. */
export const awsLoginCommandLine = (sessionName: string) => `aws sso login --sso-session ${quotePosix(sessionName)}`;
