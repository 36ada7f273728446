// whyNotOutputProfile: which sections write-credentials may fill, one row per rule.

import { expect, test } from 'vitest';
import { whyNotOutputProfile } from '../../src/edit/whyNotOutputProfile.ts';
import { awsConfig, goodProfile } from '../helpers/awsConfig.ts';

const config = awsConfig({
  profiles: {
    dev: goodProfile,
    legacy: { sso_start_url: 'https://acme.awsapps.com/start', sso_region: 'us-east-1' },
    proc: { credential_process: 'keyrack-cp --profile dev' },
    assume: { role_arn: 'arn:aws:iam::1:role/x', source_profile: 'dev' },
    'dev-legacy-sso': { aws_access_key_id: 'ASIA', aws_session_token: 't', region: 'eu-west-1' },
    plain: { region: 'eu-west-1' },
  },
});

test.each<[string, string | null]>([
  ['dev-legacy-sso', null],
  ['plain', null],
  ['new-name', null],
  ['team.dev-legacy-sso', null],
  ['default', null],
  ['dev', 'is an SSO profile (it has sso_session, sso_account_id, sso_role_name)'],
  ['legacy', 'is an SSO profile (it has sso_start_url, sso_region)'],
  ['proc', 'gets its credentials another way (it has credential_process)'],
  ['assume', 'gets its credentials another way (it has role_arn)'],
  ['', 'is empty'],
  ['my profile', 'has a space, a bracket or a control character, which the AWS SDKs read differently'],
  ['a]b', 'has a space, a bracket or a control character, which the AWS SDKs read differently'],
  ['a\nb', 'has a space, a bracket or a control character, which the AWS SDKs read differently'],
  ['DEFAULT', 'is the [DEFAULT] section, whose keys every profile inherits'],
  ['__proto__', 'is a name the AWS SDK for JavaScript cannot read (it would ignore the whole file)'],
])('whyNotOutputProfile(%j)', (name, why) => {
  expect(whyNotOutputProfile(name, config)).toBe(why);
});
