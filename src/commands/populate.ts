// keyrack-cp populate: one sso-session profile per account and role the signed-in user may use, written into the AWS
// config file with every other byte kept; its own profiles updated in place, --prune removes those whose access is gone.

import { buildAwsConfig } from '../config/buildAwsConfig.ts';
import { parseIni } from '../config/parseIni.ts';
import { readAwsConfig } from '../config/readAwsConfig.ts';
import { isRegionName } from '../config/resolveSsoProfile.ts';
import { resolveSessionTarget } from '../config/resolveSessionTarget.ts';
import { sessionSubject, type SsoSession } from '../config/ssoProfile.ts';
import type { AwsConfig, RawIni } from '../config/types.ts';
import { readEditable, readEditableIni } from '../edit/editableFile.ts';
import { editPopulate } from '../edit/editPopulate.ts';
import { planPopulate, POPULATE_MARKER, whyCannotPopulate, type PopulatePlan } from '../edit/planPopulate.ts';
import { checkTemplate, DEFAULT_TEMPLATE, type Assignment } from '../edit/populateNames.ts';
import { rewriteFile } from '../edit/rewriteFile.ts';
import { maskSecret, unifiedDiff } from '../edit/unifiedDiff.ts';
import { configError } from '../errors.ts';
import { listAssignments } from '../portal/listAssignments.ts';
import { sessionListContext } from '../portal/sessionLister.ts';
import { LIST_DEADLINE_MS, LIST_ROLES_CONCURRENCY } from '../portal/listPolicy.ts';
import { resolveSsoEndpoints } from '../sso/endpoints.ts';
import { printable } from '../text/printable.ts';
import { getAccessToken } from '../token/getAccessToken.ts';
import { sessionTokenDeps } from '../credentialPath.ts';
import { defineCommand, type CommandContext } from './command.ts';

export const POPULATE_HELP = `Usage: keyrack-cp populate [--sso-session NAME] [--dry-run] [--template T] [--prune] [--region R]

Writes one sso-session profile for each account and role you may use into the AWS
config file ($AWS_CONFIG_FILE, else ~/.aws/config), from IAM Identity Center's
own list (sign in first: keyrack-cp login --sso-session NAME):

  keyrack-cp populate --dry-run        # show the change as a unified diff
  keyrack-cp populate                  # make it
  AWS_PROFILE=prod.Admin aws s3 ls     # then use any of them

Each profile it writes carries ${POPULATE_MARKER} = NAME (the AWS tools ignore the
key). A profile with it is populate's: run again, it is updated in place (its name
and any key you added stay); a profile without it is yours and never changed. An
account and role one of your profiles already serves gets no second one. The file
is written atomically under a lock; every other line, comment and line ending stays.

Options:
      --sso-session NAME  the sso-session to list (default: $AWS_PROFILE's, else the
                          "default" profile's, else the config's only sso-session)
      --template T        the names of new profiles, from {account_name}, {account_id}
                          and {role_name} (default: ${DEFAULT_TEMPLATE}); made
                          safe for shells (letters, digits, . _ -) and unique
      --region R          set region = R in every profile written
      --prune             remove populate's profiles whose account or role is gone
      --dry-run           print the unified diff; change nothing
      --debug             print the decisions taken on stderr (never a secret)
  -h, --help              show this help

The list is read in full before anything is written (${LIST_ROLES_CONCURRENCY} calls at once, pausing when
the service throttles, at most ${LIST_DEADLINE_MS / 60_000} minutes): a failure on the way writes nothing.
`;

/** How many names a summary lists before it says how many more. */
const NAMES_SHOWN = 20;

export const populateCommand = defineCommand({
  options: {
    'sso-session': { type: 'string' },
    'dry-run': { type: 'boolean' },
    template: { type: 'string' },
    prune: { type: 'boolean' },
    region: { type: 'string' },
  },
  help: () => POPULATE_HELP,
  async run(ctx, o) {
    const template = o.template ?? DEFAULT_TEMPLATE;
    checkTemplate(template);
    if (o.region !== undefined && !isRegionName(o.region)) {
      throw configError('usage', `--region '${o.region}' is not an AWS region name`, 'Give the region the profiles should use, e.g. --region eu-west-1.');
    }
    const config = readAwsConfig(ctx.env, ctx.home, ctx.platform);
    const { session, endpointProfile } = resolveSessionTarget(config, { ssoSession: o['sso-session'] }, ctx.env);
    const why = whyCannotPopulate(readEditable(config.configFile, ctx.platform)?.toString('utf8') ?? '');
    if (why) throw configError(config.configFile, why, 'Move credential_process out of [DEFAULT] into the profiles that use it.');

    const assignments = await listAll(ctx, config, session, endpointProfile);
    const plan = (text: string, raw: RawIni) => {
      const credentials = readEditableIni(config.credentialsFile, ctx.platform);
      const now = buildAwsConfig(raw, credentials, config);
      const p = planPopulate({ text, raw, config: now, credentials, session: session.name, assignments, template, region: o.region, prune: o.prune === true });
      return { plan: p, edit: editPopulate(text, raw, credentials, p, config) };
    };

    if (o['dry-run']) {
      const text = readEditable(config.configFile, ctx.platform)?.toString('utf8') ?? '';
      const { plan: p, edit } = plan(text, parseIni(text, config.configFile));
      ctx.stdout(unifiedDiff(text, edit.text, { from: config.configFile, to: config.configFile }, maskSecret));
      ctx.stdout(summary(p, edit.changed, session.name, config.configFile, true));
      return 0;
    }
    const done = await rewriteFile(config.configFile, config.configFile, ctx, ({ text, raw }) => {
      const { plan: p, edit } = plan(text, raw);
      return { text: edit.text === text ? null : edit.text, result: { plan: p, changed: edit.changed } };
    });
    ctx.stdout(summary(done.plan, done.changed, session.name, config.configFile, false));
    return 0;
  },
});

/** The session's token (cached, refreshed, or signed in for with --auto-login), then the whole list. */
async function listAll(ctx: CommandContext, config: AwsConfig, session: SsoSession, endpointProfile: string): Promise<Assignment[]> {
  const subject = sessionSubject(session.name);
  const endpoints = resolveSsoEndpoints(config, endpointProfile, session.region, ctx.env, subject);
  ctx.log.debug(`listing sso-session '${session.name}' at ${endpoints.portal.url} (${endpoints.portal.source})`);
  const accessToken = await getAccessToken(session, sessionTokenDeps(session, endpoints.oidc.url, ctx));
  return listAssignments(await sessionListContext(session, endpoints.portal, accessToken, ctx));
}


function summary(plan: PopulatePlan, changed: ReadonlySet<string>, sessionName: string, file: string, dryRun: boolean): string {
  const updated = plan.update.filter((p) => changed.has(p.name));
  const counts = [
    `${plan.add.length} added`,
    `${updated.length} updated`,
    `${plan.update.length - updated.length} unchanged`,
    ...(plan.remove.length > 0 ? [`${plan.remove.length} removed`] : []),
  ].join(', ');
  const lines = [
    dryRun
      ? `Dry run: ${file} was not changed. For sso-session '${sessionName}' populate would make it: ${counts}.`
      : `Populated sso-session '${sessionName}' in ${file}: ${counts}.`,
  ];
  const list = (title: string, names: readonly string[]) => {
    if (names.length === 0) return;
    const more = names.length > NAMES_SHOWN ? `, … and ${names.length - NAMES_SHOWN} more` : '';
    lines.push(`  ${title}: ${names.slice(0, NAMES_SHOWN).join(', ')}${more}`);
  };
  list('added', plan.add.map((p) => p.name));
  list('updated', updated.map((p) => p.name));
  list('removed', plan.remove.map((p) => p.name));
  if (plan.covered.length > 0) {
    lines.push(`Served by profiles of yours (none added for them): ${plan.covered.map((c) => `${c.name} (${c.assignment.accountId} ${c.assignment.roleName})`).join(', ')}`);
  }
  if (plan.skipped.length > 0) {
    lines.push('Left as they are:');
    for (const s of plan.skipped) lines.push(`  ${s.what}: ${s.why}`);
  }
  if (plan.gone.length > 0) {
    lines.push(`No longer in the access portal${dryRun ? '' : ' (keyrack-cp populate --prune removes them)'}:`);
    for (const g of plan.gone) lines.push(`  profile '${g.name}' (account ${g.accountId}, role ${g.roleName})`);
  }
  const example = plan.add[0]?.name ?? plan.update[0]?.name;
  if (!dryRun && example) lines.push(`Use one: aws sts get-caller-identity --profile ${example}`);
  // Names and reasons may quote the file (a profile renamed by hand): shown, never interpreted by the terminal.
  return printable(`${lines.join('\n')}\n`);
}
