import { expect, test } from 'vitest';
import { KeyrackError } from '../../src/errors.ts';
import { resolveSessionTarget } from '../../src/config/resolveSessionTarget.ts';
import { resolveSsoSession } from '../../src/config/resolveSsoProfile.ts';
import { awsConfig, goodProfile, goodSession, START_URL } from '../helpers/awsConfig.ts';

const config = awsConfig({
  sessions: { s: goodSession, t: { sso_start_url: 'https://t.awsapps.com/start', sso_region: 'eu-west-1' }, bad: { sso_start_url: 'http://x' } },
  profiles: { dev: goodProfile, default: { ...goodProfile, sso_session: 't' }, old: { sso_start_url: START_URL, sso_region: 'us-east-1' } },
});
const one = awsConfig({ sessions: { only: goodSession }, profiles: {} });

test.each<[string, typeof config, { profile?: string; ssoSession?: string }, NodeJS.ProcessEnv, string, string, string]>([
  ['--sso-session', config, { ssoSession: 's' }, {}, 's', 'default', '--sso-session'],
  ['--sso-session takes the endpoints of AWS_PROFILE', config, { ssoSession: 's' }, { AWS_PROFILE: 'dev' }, 's', 'dev', '--sso-session'],
  ['--profile', config, { profile: 'dev' }, {}, 's', 'dev', '--profile'],
  ['AWS_PROFILE', config, {}, { AWS_PROFILE: 'dev' }, 's', 'dev', 'AWS_PROFILE'],
  ['the default profile', config, {}, {}, 't', 'default', "the 'default' profile"],
  ['nothing named, one sso-session in the config', one, {}, {}, 'only', 'default', 'the only sso-session in the config'],
  ['a [default] with only a region, one sso-session', awsConfig({ sessions: { only: goodSession }, profiles: { default: { region: 'eu-west-1' } } }), {}, {}, 'only', 'default', 'the only sso-session in the config'],
])('%s', (_name, cfg, options, env, session, endpointProfile, via) => {
  const target = resolveSessionTarget(cfg, options, env);
  expect([target.session.name, target.endpointProfile, target.via]).toEqual([session, endpointProfile, via]);
});

test.each<[string, typeof config, { profile?: string; ssoSession?: string }, NodeJS.ProcessEnv, number, RegExp]>([
  ['both options', config, { profile: 'dev', ssoSession: 's' }, {}, 2, /--profile and --sso-session name the same thing two ways/],
  ['an unknown session names the known ones', config, { ssoSession: 'nope' }, {}, 2, /sso-session 'nope': is not defined in .*\. Use one of: s, t, bad\./],
  ["a session the profile path would refuse, refused by the same rule", config, { ssoSession: 'bad' }, {}, 2, /sso-session 'bad': is missing sso_region/],
  ['a legacy profile gets its migration', config, { profile: 'old' }, {}, 2, /legacy SSO configuration/],
  ['nothing named, no default, several sessions', awsConfig({ sessions: { a: goodSession, b: goodSession } }), {}, {}, 2, /no --profile or --sso-session given.*Pass --sso-session NAME \(one of: a, b\)/],
  ['AWS_PROFILE names a missing profile: no guessing', one, {}, { AWS_PROFILE: 'x' }, 2, /profile 'x': is not defined/],
])('refused: %s', (_name, cfg, options, env, code, message) => {
  try {
    resolveSessionTarget(cfg, options, env);
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyrackError);
    expect((error as KeyrackError).exitCode).toBe(code);
    expect((error as KeyrackError).describe()).toMatch(message);
  }
});

test('resolveSsoSession returns the same session a profile gets', () => {
  expect(resolveSsoSession(config, 's')).toEqual({ name: 's', startUrl: START_URL, region: 'us-east-1', registrationScopes: ['sso:account:access'] });
});
