// keyrack-cp configure: an [sso-session] and a profile naming it, written into the AWS config file as aws configure
// sso writes them. On a terminal it asks what no flag gave, signing in only to list the accounts and roles to pick
// from; with every flag given it asks nothing and calls nothing. Written under the file's lock, every other byte kept.

import { askUntil } from '../cli/askUntil.ts';
import { openTerminalPrompt, type TerminalPrompt } from '../cli/terminalPrompt.ts';
import { buildAwsConfig } from '../config/buildAwsConfig.ts';
import { getConfigPaths, type ConfigPaths } from '../config/configPaths.ts';
import { parseIni } from '../config/parseIni.ts';
import { readAwsConfig } from '../config/readAwsConfig.ts';
import { sessionSubject, type SsoSession } from '../config/ssoProfile.ts';
import type { AwsConfig, IniSection, RawIni } from '../config/types.ts';
import { sessionTokenDeps } from '../credentialPath.ts';
import { inheritedDefaults } from '../edit/checkEdit.ts';
import { CONFIGURE_FIELDS, FIELD_PLACEHOLDER, missingAnswers, whyNotAnswer, type ConfigureAnswers, type ConfigureField } from '../edit/configureAnswers.ts';
import { editConfigure } from '../edit/editConfigure.ts';
import { readEditable, readEditableIni } from '../edit/editableFile.ts';
import { checkProfileName, DEFAULT_SCOPES, planProfile, planSession, suggestProfileName, type ProfileAnswers, type SectionPlan, type SessionAnswers } from '../edit/planConfigure.ts';
import { DEFAULT_TEMPLATE, type Assignment } from '../edit/populateNames.ts';
import { rewriteFile } from '../edit/rewriteFile.ts';
import { maskSecret, unifiedDiff } from '../edit/unifiedDiff.ts';
import { configError, EXIT_LOGIN, failure, KeyrackError } from '../errors.ts';
import { writeOut } from '../fs/writeOut.ts';
import { signIn } from '../login/signIn.ts';
import type { UiOutput } from '../login/ui.ts';
import { getPromptDevice } from '../platform/promptDevice.ts';
import { portalLists } from '../portal/listAssignments.ts';
import { sessionListContext } from '../portal/sessionLister.ts';
import { LIST_DEADLINE_MS } from '../portal/listPolicy.ts';
import { formatChoices, pickOne, type Choice, type Pick as Picked } from '../portal/pickOne.ts';
import { loginCommandLine } from '../remedies.ts';
import { resolveSsoEndpoints } from '../sso/endpoints.ts';
import { printable } from '../text/printable.ts';
import { quotePosix } from '../text/quotePosix.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';
import type { CachedToken } from '../token/cachedToken.ts';
import { getAccessToken } from '../token/getAccessToken.ts';
import { planToken } from '../token/planToken.ts';
import { getTokenCachePath } from '../token/tokenCachePath.ts';
import { readTokenFile } from '../token/tokenStore.ts';
import { defineCommand, type CommandContext } from './command.ts';

export const CONFIGURE_HELP = `Usage: keyrack-cp configure [--sso-session NAME] [--start-url URL] [--region R] [--scopes S]
                            [--account ID] [--role NAME] [--profile NAME] [--profile-region R]
                            [--use-device-code] [--no-browser] [--dry-run] [--force]

Writes an [sso-session] and a profile that uses it into the AWS config file
($AWS_CONFIG_FILE, else ~/.aws/config), as aws configure sso does. On a terminal
it asks for what no flag gave: the sso-session's name, start URL, region and
registration scopes; then it signs in (unless the session already is), lists the
accounts and roles you may use for you to pick one, and asks the profile's name
and its default region.

  keyrack-cp configure
  keyrack-cp configure --sso-session acme --start-url https://acme.awsapps.com/start \\
    --region us-east-1 --account 111122223333 --role ReadOnly --profile acme-ro

With every value given as a flag it asks nothing and makes no network call (for
scripts and containers: sign in afterwards with keyrack-cp login). Without a
terminal, the flags still missing are an error that names them all.

An existing sso-session is used as it is: the values left out are its own. A
section that already says otherwise is changed only with --force, and then only
the keys configure writes. A profile with credential_process (or one from
[DEFAULT]), another source of credentials, legacy SSO keys, or a section in the
credentials file is never written. The file is written atomically under a lock;
every other line, comment and line ending stays. What was written is shown on
the terminal (else stderr); stdout gets the profile's name alone.

Options:
      --sso-session NAME  the sso-session to write, or to use if it exists
      --start-url URL     its AWS access portal URL (https only)
      --region R          its IAM Identity Center region, such as us-east-1
      --scopes S          its registration scopes (default: ${DEFAULT_SCOPES})
      --account ID        the profile's AWS account (12 digits)
      --role NAME         the profile's role (the permission set's name)
      --profile NAME      the profile's name (a terminal offers ${DEFAULT_TEMPLATE})
      --profile-region R  the profile's own region key, where its AWS calls go (a
                          terminal offers the one it has, else the session's)
      --use-device-code   sign in with a code, on any device, instead of a browser on this machine
      --no-browser        print the sign-in URL instead of opening a browser
      --dry-run           print the change as a unified diff on stdout; write nothing
                          to the config file (a sign-in it needs is still saved)
      --force             change an existing sso-session or profile that says otherwise
      --debug             print the decisions taken on stderr (never a secret)
  -h, --help              show this help

The questions are asked and answered on the controlling terminal (/dev/tty; the
console on Windows), never on stdin or stdout. Ctrl-D or Ctrl-C before the last
answer writes nothing.
`;

interface SignInAs {
  readonly useDeviceCode: boolean;
  readonly noBrowser: boolean;
}

/** Lines of a list shown at once: a screenful; typing part of a name narrows a longer one. */
const CHOICES_SHOWN = 40;

const QUESTION: Readonly<Record<ConfigureField, string>> = {
  'sso-session': 'SSO session name',
  'start-url': 'SSO start URL',
  region: 'SSO region',
  scopes: 'SSO registration scopes',
  account: 'Account (its number, id or part of its name)',
  role: 'Role (its number or part of its name)',
  profile: 'Profile name',
  'profile-region': 'Default client region',
};

export const configureCommand = defineCommand({
  options: {
    'sso-session': { type: 'string' },
    'start-url': { type: 'string' },
    region: { type: 'string' },
    scopes: { type: 'string' },
    account: { type: 'string' },
    role: { type: 'string' },
    profile: { type: 'string' },
    'profile-region': { type: 'string' },
    'use-device-code': { type: 'boolean' },
    'no-browser': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    force: { type: 'boolean' },
  },
  help: () => CONFIGURE_HELP,
  async run(ctx, o) {
    const given: ConfigureAnswers = { 'sso-session': o['sso-session'], 'start-url': o['start-url'], region: o.region, scopes: o.scopes, account: o.account, role: o.role, profile: o.profile, 'profile-region': o['profile-region'] };
    checkFlags(given);
    // Everything that can be refused without a terminal or the network is, first: a file the AWS CLI would refuse.
    readAwsConfig(ctx.env, ctx.home, ctx.platform);
    const paths = getConfigPaths(ctx.env, ctx.home, ctx.platform);
    const current = readCurrent(paths, ctx);
    const missing = missingAnswers(given, current.config);
    const prompt = missing.length > 0 ? openTerminalPrompt(getPromptDevice(ctx.platform)) : null;
    if (missing.length > 0 && !prompt) throw noTerminal(missing);
    try {
      const signInAs = { useDeviceCode: o['use-device-code'] === true, noBrowser: o['no-browser'] === true };
      return await configure(ctx, { paths, current, given, force: o.force === true, dryRun: o['dry-run'] === true, signInAs, prompt });
    } finally {
      prompt?.close();
    }
  },
});

interface Run {
  readonly paths: ConfigPaths;
  /** The files as first read: what the questions are checked against (the write plans again on a fresh read). */
  readonly current: Current;
  readonly given: ConfigureAnswers;
  readonly force: boolean;
  /** Show the change, write nothing to the file. */
  readonly dryRun: boolean;
  /** How to sign in, if the session must: login's --use-device-code and --no-browser. */
  readonly signInAs: SignInAs;
  /** null when every answer came from a flag. */
  readonly prompt: TerminalPrompt | null;
}

/**
 * The sso-session, the account and role, the profile, then the write: each part asks only what no flag gave, and the
 * order refuses early (the session planned, a given profile name checked, before any sign-in or listing).
 */
async function configure(ctx: CommandContext, run: Run): Promise<number> {
  const ui: UiOutput = run.prompt?.terminal ?? { isTerminal: false, write: (text) => writeOut(2, text) };
  const session = askSession(run);
  if (run.given.profile !== undefined) checkProfileName(run.current.config, run.current.credentials, run.given.profile, run.current.defaults);
  const assignment = await chooseAssignment(ctx, run, session.plan, ui);
  const profile = askProfile(run, session.plan, assignment);

  // The file as it is now, under its lock: planned again, so a change made since it was first read is seen.
  const { paths } = run;
  const edit = ({ text, raw }: { text: string; raw: RawIni }) => {
    const credentials = readEditableIni(paths.credentialsFile, ctx.platform);
    const config = buildAwsConfig(raw, credentials, paths);
    const defaults = inheritedDefaults(text);
    const s = planSession(config, session.plan.name, session.answers, run.force, defaults);
    const p = planProfile(config, credentials, s, profile, run.force, defaults);
    const after = editConfigure(text, raw, credentials, [s, p], paths);
    return { text: after === text ? null : after, result: { before: text, after, plans: [s, p] as const } };
  };
  if (run.dryRun) {
    // As populate --dry-run: the diff is the product, on stdout; the file is read as it is, and not locked.
    const text = readEditable(paths.configFile, ctx.platform)?.toString('utf8') ?? '';
    const { result } = edit({ text, raw: parseIni(text, paths.configFile) });
    ctx.stdout(unifiedDiff(result.before, result.after, { from: paths.configFile, to: paths.configFile }, maskSecret));
    ctx.stdout(dryRunSummary(result.plans, paths.configFile));
    return 0;
  }
  const done = await rewriteFile(paths.configFile, paths.configFile, ctx, edit);

  const say = (text: string) => ui.write(printable(text)); // the file's text: shown, never interpreted by the terminal
  say(unifiedDiff(done.before, done.after, { from: paths.configFile, to: paths.configFile }, maskSecret));
  say(summary(done.plans, paths.configFile, done.before !== done.after));
  if (!assignment.signedIn) {
    const sso = done.plans[0].value;
    const why = whyNotSignedIn(readToken(ctx, sso), sso, ctx.now());
    if (why) say(`sso-session '${sso.name}': ${why}. Sign in: ${loginCommandLine(sso.name)}\n`);
  }
  ctx.stdout(`${profile.name}\n`);
  return 0;
}

/** An answer from its flag, else asked on the terminal until it passes its rule. */
function answerOf(run: Run, field: ConfigureField, fallback?: string): string {
  return (
    run.given[field] ??
    askUntil<string>(
      run.prompt!,
      QUESTION[field],
      (answer) => {
        const why = whyNotAnswer(field, answer);
        return why ? { why: `'${answer}' ${why}` } : { ok: answer };
      },
      fallback,
    )
  );
}

/** Its name (the config's only session offered), and for a new one its start URL, region and scopes. */
function askSession(run: Run): { plan: SectionPlan<SsoSession>; answers: SessionAnswers } {
  const { config } = run.current;
  const sessions = [...config.ssoSessions.keys()];
  const name = answerOf(run, 'sso-session', sessions.length === 1 ? sessions[0] : undefined);
  const missing = missingAnswers({ ...run.given, 'sso-session': name }, config);
  const ask = (field: 'start-url' | 'region') => (missing.includes(field) ? answerOf(run, field) : run.given[field]);
  const startUrl = ask('start-url');
  const region = ask('region');
  const existing = config.ssoSessions.get(name);
  // A new session's scopes are asked for on a terminal (the default: a refresh token); an existing one keeps its own.
  const scopes = !existing && run.prompt ? answerOf(run, 'scopes', DEFAULT_SCOPES) : run.given.scopes;
  const answers = { startUrl, region, scopes };
  const plan = planSession(config, name, answers, run.force, run.current.defaults);
  if (existing && run.prompt) run.prompt.terminal.write(printable(`Using [sso-session ${name}] of ${run.paths.configFile}: ${plan.value.startUrl} (${plan.value.region}).\n`));
  return { plan, answers };
}

interface Chosen extends Assignment {
  /** This run has the session's token (it signed in, or found a usable one). */
  readonly signedIn: boolean;
}

/**
 * From the flags, with no network call; else from the portal's lists, signed in: the accounts (unless --account)
 * to pick from, then that account's roles (a --role must be one of them).
 */
async function chooseAssignment(ctx: CommandContext, run: Run, sessionPlan: SectionPlan<SsoSession>, ui: UiOutput): Promise<Chosen> {
  const { account, role } = run.given;
  if (account !== undefined && role !== undefined) return { accountId: account, accountName: account, roleName: role, signedIn: false };
  const session = sessionPlan.value;
  const subject = sessionSubject(session.name);
  const lists = await portalFor(ctx, run.current.config, session, run.signInAs, ui);
  let picked = account === undefined ? undefined : { accountId: account, accountName: account };
  if (!picked) {
    const accounts = await lists.accounts();
    if (accounts.length === 0) throw failure(subject, 'the SSO service lists no account you may use, so there is nothing to configure', 'Check the start URL, or ask your IAM Identity Center administrator for an assignment.');
    // By name, as a person looks for one (the service lists them in no useful order).
    const byName = [...accounts].sort((x, y) => compare(x.accountName, y.accountName) || compare(x.accountId, y.accountId));
    picked = pick(run.prompt!, 'account', byName.map((a) => ({ item: a, label: `${a.accountName} (${a.accountId})`, keys: [a.accountId, a.accountName] })));
  }
  const roles = await lists.roles(picked.accountId);
  if (role !== undefined) {
    if (!roles.includes(role)) throw configError(subject, `account ${picked.accountId} has no role '${role}' you may use (its roles for you: ${roles.join(', ') || 'none'})`, 'Give one of them as --role, or pick another account.');
    return { ...picked, roleName: role, signedIn: true };
  }
  if (roles.length === 0) throw failure(subject, `the SSO service lists no role you may use in account ${picked.accountId}`, 'Pick another account, or ask your IAM Identity Center administrator for an assignment.');
  const roleName = pick(run.prompt!, 'role', [...roles].sort(compare).map((r) => ({ item: r, label: r, keys: [r] })));
  return { ...picked, roleName, signedIn: true };
}

/**
 * The profile's name (one that already says this, else populate's default name, offered) and on a terminal its
 * region (the one it has, else the session's, offered, as aws configure sso asks it). Each answer is checked by the
 * plan itself, so a name or region it would refuse is asked again with the reason.
 */
function askProfile(run: Run, sessionPlan: SectionPlan<SsoSession>, chosen: Chosen): ProfileAnswers {
  const { config, credentials, defaults } = run.current;
  const answers = (name: string, region: string | undefined): ProfileAnswers => ({ name, accountId: chosen.accountId, roleName: chosen.roleName, region });
  const plan = (name: string, region: string | undefined) => planProfile(config, credentials, sessionPlan, answers(name, region), run.force, defaults);
  const name =
    run.given.profile ??
    askUntil<string>(
      run.prompt!,
      QUESTION.profile,
      (answer) => {
        plan(answer, undefined); // throws the reason
        return { ok: answer };
      },
      suggestProfileName(config, credentials, sessionPlan.name, chosen, defaults),
    );
  let region = run.given['profile-region'];
  if (region === undefined && run.prompt) {
    const has = plan(name, undefined).section.get('region');
    region = askUntil<string>(
      run.prompt,
      QUESTION['profile-region'],
      (answer) => {
        const why = whyNotAnswer('profile-region', answer);
        if (why) return { why: `'${answer}' ${why}` };
        plan(name, answer); // throws the reason
        return { ok: answer };
      },
      typeof has === 'string' && has !== '' ? has : sessionPlan.value.region,
    );
  }
  return answers(name, region);
}

/** Every flag given is checked at once, before anything is read: all that is wrong, in one paragraph. */
function checkFlags(given: ConfigureAnswers): void {
  const problems = CONFIGURE_FIELDS.flatMap((field) => {
    const value = given[field];
    const why = value === undefined ? null : whyNotAnswer(field, value);
    return why ? [`--${field} '${printable(value!, { newlines: false })}' ${why}`] : [];
  });
  if (problems.length > 0) throw configError('usage', problems.join('; '), 'Give other values, or leave them out to be asked on a terminal.');
}

function noTerminal(missing: readonly ConfigureField[]): KeyrackError {
  const flags = missing.map((f) => `--${f}`);
  const listed = flags.length === 1 ? flags[0]! : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)!}`;
  return configError(
    'usage',
    `there is no terminal to ask on, and ${listed} ${flags.length === 1 ? 'is' : 'are'} missing`,
    `Give ${flags.length === 1 ? 'it' : 'them'} as flags (${missing.map((f) => `--${f} ${FIELD_PLACEHOLDER[f]}`).join(' ')}), or run keyrack-cp configure on a terminal to be asked.`,
  );
}

interface Current {
  readonly text: string;
  readonly raw: RawIni;
  readonly credentials: RawIni | null;
  /** Both files, as the AWS CLI reads them together. */
  readonly config: AwsConfig;
  /** What a new section inherits from [DEFAULT]. */
  readonly defaults: IniSection;
}

function readCurrent(paths: ConfigPaths, ctx: CommandContext): Current {
  const text = readEditable(paths.configFile, ctx.platform)?.toString('utf8') ?? '';
  const raw = parseIni(text, paths.configFile);
  const credentials = readEditableIni(paths.credentialsFile, ctx.platform);
  return { text, raw, credentials, config: buildAwsConfig(raw, credentials, paths), defaults: inheritedDefaults(text) };
}


/** The session's token (cached, refreshed, or a sign-in for it), then its two list calls with populate's pacing. */
async function portalFor(ctx: CommandContext, config: AwsConfig, session: SsoSession, signInAs: SignInAs, ui: UiOutput) {
  const subject = sessionSubject(session.name);
  // The profile being written may not exist yet: the endpoint settings are those of the current profile, as for login.
  const endpoints = resolveSsoEndpoints(config, ctx.env.AWS_PROFILE ?? 'default', session.region, ctx.env, subject);
  ctx.log.debug(`sso-session '${session.name}': portal ${endpoints.portal.url} (${endpoints.portal.source}), SSO-OIDC ${endpoints.oidc.url} (${endpoints.oidc.source})`);
  const accessToken = await sessionToken(ctx, session, endpoints.oidc.url, signInAs, ui);
  ctx.log.debug(`listing for at most ${LIST_DEADLINE_MS / 60_000} minutes`);
  return portalLists(await sessionListContext(session, endpoints.portal, accessToken, ctx));
}

/**
 * A token the session already has is used (refreshed if it must be); only when there is none for this start URL, or
 * it cannot be renewed, does the user sign in: login's sign-in, one per session under its lock, shown on the terminal.
 */
async function sessionToken(ctx: CommandContext, session: SsoSession, oidcEndpoint: string, signInAs: SignInAs, ui: UiOutput): Promise<string> {
  const deps = sessionTokenDeps(session, oidcEndpoint, { ...ctx, autoLogin: false });
  const why = whyNotSignedIn(readToken(ctx, session), session, ctx.now());
  if (why === null) {
    try {
      return await getAccessToken(session, deps);
    } catch (error) {
      if (!(error instanceof KeyrackError) || error.exitCode !== EXIT_LOGIN) throw error;
      ctx.log.debug(`signing in: ${error.problem}`);
    }
  } else {
    ctx.log.debug(`signing in: sso-session '${session.name}' ${why}`);
  }
  const outcome = await signIn({ session, oidcEndpoint, force: false, ...signInAs }, { home: ctx.home, platform: ctx.platform, env: ctx.env, now: ctx.now, log: ctx.log, out: ui });
  if (outcome.kind === 'skipped') return getAccessToken(session, deps); // another process signed in meanwhile
  ui.write(`Signed in to sso-session '${printable(session.name)}' until ${formatAwsTimestamp(outcome.done.expiresAt)}.\n`);
  return outcome.done.accessToken;
}

function readToken(ctx: CommandContext, session: SsoSession): CachedToken | null {
  const read = readTokenFile(getTokenCachePath(ctx.home, session.name, ctx.platform), sessionSubject(session.name), ctx.log);
  return read.ok ? read.token : null;
}

/** null when the cached token serves this session (valid, or refreshable); else why not, to follow the session's name. */
function whyNotSignedIn(token: CachedToken | null, session: SsoSession, now: Date): string | null {
  const cachedFor = token?.document.startUrl;
  if (typeof cachedFor === 'string' && cachedFor !== session.startUrl) return `has a cached token for another start URL (${printable(cachedFor, { newlines: false })})`;
  const plan = planToken(token, now);
  return plan.action === 'login' ? plan.reason : null;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One of the choices, asked for on the terminal until one is picked; a single one is taken, and said so. */
function pick<T>(prompt: TerminalPrompt, what: 'account' | 'role', choices: readonly Choice<T>[]): T {
  const say = (text: string) => prompt.terminal.write(printable(text));
  if (choices.length === 1) {
    say(`There is one ${what} you may use: ${choices[0]!.label}.\n`);
    return choices[0]!.item;
  }
  say(`There are ${choices.length} ${what}s you may use:\n`);
  let shown = choices;
  for (;;) {
    say(formatChoices(shown, CHOICES_SHOWN));
    const answer = askUntil<Exclude<Picked<T>, { kind: 'none' }>>(prompt, QUESTION[what], (typed) => {
      const p = pickOne(shown, typed);
      return p.kind === 'none' ? { why: p.why } : { ok: p };
    });
    if (answer.kind === 'picked') {
      say(`Using ${shown.find((c) => c.item === answer.item)!.label}.\n`);
      return answer.item;
    }
    shown = answer.choices;
    say(`${shown.length} of them match:\n`);
  }
}

function dryRunSummary(plans: readonly [SectionPlan<unknown>, SectionPlan<unknown>], file: string): string {
  const [session, profile] = plans;
  const verb = { add: 'add', update: 'update', keep: 'keep' } as const;
  return `Dry run: ${file} was not changed. configure would ${verb[session.action]} [${session.header}] and ${verb[profile.action]} [${profile.header}].\n`;
}

function summary(plans: readonly [SectionPlan<unknown>, SectionPlan<unknown>], file: string, written: boolean): string {
  const [session, profile] = plans;
  const verb = { add: 'added', update: 'updated', keep: 'unchanged' } as const;
  const lines = written
    ? [`Wrote ${file}: [${session.header}] ${verb[session.action]}, [${profile.header}] ${verb[profile.action]}.`]
    : [`${file} already has [${session.header}] and [${profile.header}] as asked; nothing was written.`];
  lines.push(`Use it: aws sts get-caller-identity --profile ${quotePosix(profile.name)}`);
  return `${lines.join('\n')}\n`;
}
