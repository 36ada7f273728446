// keyrack-cp export: the profile's role credentials in one of the AWS CLI's export-credentials formats, for programs
// that read them from the environment (eval "$(keyrack-cp export --format env)").

import { configError } from '../errors.ts';
import { EXPORT_FORMATS, formatExport, isExportFormat } from '../output/formatExport.ts';
import { profileFrom } from '../cli/parseOptions.ts';
import { defineCommand } from './command.ts';

export const EXPORT_HELP = `Usage: keyrack-cp export [--profile NAME] [--format FORMAT] [--no-cache] [--debug]

Prints the sso-session profile's role credentials in a format a shell or tool
reads (the formats of \`aws configure export-credentials\`). Values are quoted
so the shell takes them literally.

  eval "$(keyrack-cp export --profile dev --format env)"        # bash, zsh, sh
  keyrack-cp export --profile dev --format fish | source         # fish
  keyrack-cp export --profile dev --format powershell | Invoke-Expression

Formats:
  process        the credential_process JSON document (the default)
  env            export AWS_ACCESS_KEY_ID=…  (bash, zsh, sh)
  env-no-export  AWS_ACCESS_KEY_ID=…  (set in the shell, not passed to programs)
  powershell     $Env:AWS_ACCESS_KEY_ID="…"
  windows-cmd    set AWS_ACCESS_KEY_ID=…
  fish           set -gx AWS_ACCESS_KEY_ID "…"

The variables: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
AWS_CREDENTIAL_EXPIRATION. They stop working at that time; run it again then.

Options:
  -p, --profile NAME   the sso-session profile (default: $AWS_PROFILE, else "default")
  -f, --format FORMAT  one of: ${EXPORT_FORMATS.join(', ')}
      --no-cache       neither read nor write the role-credential cache
      --debug          print the decisions taken on stderr (never a secret)
  -h, --help           show this help
`;

export const exportCommand = defineCommand({
  options: {
    profile: { type: 'string', short: 'p' },
    format: { type: 'string', short: 'f' },
    'no-cache': { type: 'boolean' },
  },
  help: () => EXPORT_HELP,
  async run(ctx, args) {
    const format = args.format ?? 'process';
    if (!isExportFormat(format)) {
      throw configError('usage', `unknown export format '${format}'`, `Use one of: ${EXPORT_FORMATS.join(', ')}.`);
    }
    const profile = profileFrom(args.profile, ctx.env);
    const creds = await ctx.getCredentials(profile, { noCache: args['no-cache'] === true });
    // Formatted before anything is printed: a format that cannot hold a value fails with nothing on stdout.
    ctx.stdout(formatExport(creds, format));
    return 0;
  },
});
