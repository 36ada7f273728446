// exec --server warns when COMMAND's SDK would take [default]'s own credentials before the endpoint.

import { expect, test } from 'vitest';
import { buildAwsConfig } from '../../src/config/buildAwsConfig.ts';
import { parseIni } from '../../src/config/parseIni.ts';
import { defaultProfileShadows } from '../../src/exec/defaultProfileShadows.ts';

const configOf = (text: string, credentials = '') => buildAwsConfig(parseIni(text, 'config'), parseIni(credentials, 'credentials'), { configFile: 'config', credentialsFile: 'credentials' });

test.each<[string, string, string, RegExp | null]>([
  ['no [default]', '[profile dev]\nsso_session = acme\n', '', null],
  ['a [default] with settings only', '[default]\nregion = eu-west-1\noutput = json\n', '', null],
  ['a [default] running a credential process', '[default]\ncredential_process = keyrack-cp --profile dev\n', '', /profile 'default' gets credentials of its own \(credential_process\), which the SDKs try before AWS_CONTAINER_CREDENTIALS_FULL_URI/],
  ['a [default] SSO profile', '[default]\nsso_session = acme\nsso_account_id = 1\nsso_role_name = r\n', '', /\(sso_session\)/],
  ['keys in the credentials file', '', '[default]\naws_access_key_id = AKIA\naws_secret_access_key = x\n', /\(aws_access_key_id\)/],
  ['an assumed role from a source profile', '[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n', '', /\(role_arn\)/],
])('%s', (_name, config, credentials, why) => {
  const found = defaultProfileShadows(configOf(config, credentials));
  if (why === null) expect(found).toBeNull();
  else expect(found).toMatch(why);
});
