// keyrack-cp migrate: turns legacy SSO profiles into sso-session profiles in the AWS config file, changing nothing
// else; --dry-run shows the diff instead.

import { existsSync } from 'node:fs';
import { buildAwsConfig } from '../config/buildAwsConfig.ts';
import { getConfigPaths } from '../config/configPaths.ts';
import { parseIni } from '../config/parseIni.ts';
import type { RawIni } from '../config/types.ts';
import { editMigration } from '../edit/editMigration.ts';
import { cannotWrite, readEditable, resolveEditTarget } from '../edit/editableFile.ts';
import { planMigration, type MigrationPlan } from '../edit/planMigration.ts';
import { maskSecret, unifiedDiff } from '../edit/unifiedDiff.ts';
import { configError, failure } from '../errors.ts';
import { writeFileAtomic } from '../fs/writeFileAtomic.ts';
import { loginCommandLine } from '../remedies.ts';
import { pathFor, type Platform } from '../platform/platform.ts';
import { withFileLock } from '../lock/withFileLock.ts';
import { defineCommand, type CommandContext } from './command.ts';

export const MIGRATE_HELP = `Usage: keyrack-cp migrate [--dry-run] [--config FILE] [--session-name NAME] [--debug]

Moves legacy SSO profiles (sso_start_url and sso_region in the profile itself)
to sso-session configuration, which keyrack-cp and the AWS CLI can refresh:

  keyrack-cp migrate --dry-run     # show the change as a unified diff
  keyrack-cp migrate               # make it (a timestamped backup is kept)

Profiles with the same start URL and region share one new [sso-session NAME]
(NAME from the start URL, e.g. "acme" for https://acme.awsapps.com/start, or an
existing session with the same values). Each profile gets sso_session = NAME in
place of its sso_start_url, sso_region and sso_registration_scopes. Every other
line, comment and line ending stays as it was. A profile that cannot be moved
safely (values it inherits, conflicting scopes) is listed with the reason and
left alone. Running it again changes nothing.

Options:
      --dry-run            print the unified diff; change nothing
      --config FILE        the config file (default: $AWS_CONFIG_FILE, else ~/.aws/config)
      --session-name NAME  the name for the new session (only when all the legacy
                           profiles share one start URL and region)
      --debug              print the decisions taken on stderr
  -h, --help               show this help
`;

export const migrateCommand = defineCommand({
  options: {
      'dry-run': { type: 'boolean' },
      config: { type: 'string' },
      'session-name': { type: 'string' },
    },
  help: () => MIGRATE_HELP,
  async run(ctx, args) {
    const paths = getConfigPaths(ctx.env, ctx.home, ctx.platform);
    // --config is expanded like AWS_CONFIG_FILE ($VAR, ~), so a quoted '~/x' means what it says.
    const file = args.config === undefined ? paths.configFile : getConfigPaths({ AWS_CONFIG_FILE: args.config }, ctx.home, ctx.platform).configFile;
    const sessionName = args['session-name'];
    if (args['dry-run']) {
      const read = readConfig(file, paths.credentialsFile, ctx.platform);
      const plan = planMigration({ ...read, sessionName });
      const edited = plan.groups.length > 0 ? editMigration(read.text, read.raw, plan, file) : read.text;
      ctx.stdout(unifiedDiff(read.text, edited, { from: file, to: file }, maskSecret));
      ctx.stdout(summary(plan, file, plan.groups.length > 0 ? 'dry-run' : 'nothing'));
      return 0;
    }
    return withFileLock(file, file, ctx.log, async () => {
      const target = resolveEditTarget(file, ctx.platform);
      const read = readConfig(target, paths.credentialsFile, ctx.platform, file);
      const plan = planMigration({ ...read, sessionName });
      if (plan.groups.length === 0) {
        ctx.stdout(summary(plan, file, 'nothing'));
        return 0;
      }
      const edited = editMigration(read.text, read.raw, plan, file);
      const backup = writeBackup(target, read.bytes, ctx);
      // Read once more right before the rename: an editor that saved meanwhile must not lose its change to ours.
      const now = readEditable(target, ctx.platform);
      if (!now || !now.equals(read.bytes)) {
        throw failure(file, 'changed while keyrack-cp was migrating it; nothing was written', `Run keyrack-cp migrate again (the backup ${backup} is of the earlier version).`);
      }
      try {
        writeFileAtomic(target, edited, ctx.platform);
      } catch (error) {
        throw cannotWrite(target, error);
      }
      ctx.log.debug(`wrote ${target}; backup ${backup}`);
      ctx.stdout(summary(plan, file, 'done', backup));
      return 0;
    });
  },
});

interface ReadConfig {
  readonly text: string;
  readonly bytes: Buffer;
  readonly raw: RawIni;
  readonly config: ReturnType<typeof buildAwsConfig>;
  readonly credentials: RawIni | null;
}

function readConfig(path: string, credentialsFile: string, platform: Platform, shownAs = path): ReadConfig {
  const bytes = readEditable(path, platform);
  if (!bytes) {
    throw configError(shownAs, 'does not exist', 'Point --config (or AWS_CONFIG_FILE) at your AWS config file.');
  }
  const raw = parseIni(bytes, shownAs); // a file the AWS CLI would refuse is refused, with its line
  const credBytes = readEditable(credentialsFile, platform);
  const credentials = credBytes ? parseIni(credBytes, credentialsFile) : null;
  const config = buildAwsConfig(raw, credentials, { configFile: shownAs, credentialsFile });
  return { text: bytes.toString('utf8'), bytes, raw, config, credentials };
}

/**
 * Beside the file, named for the moment (UTC), never over an earlier backup; as private as every file we write
 * (a config file may hold keys).
 */
function writeBackup(target: string, bytes: Buffer, ctx: CommandContext): string {
  const stamp = ctx.now().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  const { join, dirname, basename } = pathFor(ctx.platform);
  const base = join(dirname(target), `${basename(target)}.keyrack-cp-backup-${stamp}`);
  let path = base;
  for (let i = 2; existsSync(path); i++) path = `${base}-${i}`;
  try {
    writeFileAtomic(path, bytes.toString('utf8'), ctx.platform);
  } catch (error) {
    throw cannotWrite(path, error);
  }
  return path;
}

function summary(plan: MigrationPlan, file: string, mode: 'dry-run' | 'done' | 'nothing', backup?: string): string {
  const lines: string[] = [];
  const count = plan.groups.reduce((n, g) => n + g.profiles.length, 0);
  if (mode === 'nothing') lines.push(`No legacy SSO profile to migrate in ${file}.`);
  else if (mode === 'dry-run') lines.push(`Dry run: ${file} was not changed. Would migrate ${count} profile${count === 1 ? '' : 's'}:`);
  else lines.push(`Migrated ${count} profile${count === 1 ? '' : 's'} in ${file} (backup: ${backup}):`);
  for (const g of plan.groups) {
    lines.push(`  [sso-session ${g.name}]${g.exists ? ' (existing)' : ''} ${g.startUrl} ${g.region}: ${g.profiles.map((p) => p.name).join(', ')}`);
  }
  if (plan.skipped.length > 0) {
    lines.push('Left as they are:');
    for (const s of plan.skipped) lines.push(`  profile '${s.profile}': ${s.why}`);
  }
  if (mode === 'done') {
    lines.push('Then log in (once per session):');
    for (const g of plan.groups) lines.push(`  ${loginCommandLine(g.name)}`);
  }
  return `${lines.join('\n')}\n`;
}
