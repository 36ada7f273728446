// Builds AwsConfig values directly, so decision tests do not depend on the parser.

import type { AwsConfig, IniSection, IniValue } from '../../src/config/types.ts';

type Plain = Record<string, string | Record<string, string>>;

const section = (plain: Plain): IniSection =>
  new Map<string, IniValue>(Object.entries(plain).map(([k, v]) => [k, typeof v === 'string' ? v : new Map(Object.entries(v))]));

export function awsConfig(parts: { profiles?: Record<string, Plain>; sessions?: Record<string, Plain>; services?: Record<string, Plain> }): AwsConfig {
  const map = (o: Record<string, Plain> = {}) => new Map(Object.entries(o).map(([k, v]) => [k, section(v)]));
  return {
    profiles: map(parts.profiles),
    ssoSessions: map(parts.sessions),
    services: map(parts.services),
    configFile: '/home/u/.aws/config',
    credentialsFile: '/home/u/.aws/credentials',
  };
}

export const START_URL = 'https://d-abc.awsapps.com/start';
export const goodSession = { sso_start_url: START_URL, sso_region: 'us-east-1', sso_registration_scopes: 'sso:account:access' };
export const goodProfile = { sso_session: 's', sso_account_id: '111122223333', sso_role_name: 'ReadOnly' };
