// Shapes of the AWS shared config once parsed with the AWS CLI's (botocore's) rules.

/** A value is a string, or (for `key =` followed by indented `sub = value` lines) one level of nested keys. */
export type IniValue = string | ReadonlyMap<string, string>;

/** One section's keys, lower-cased, in file order. */
export type IniSection = ReadonlyMap<string, IniValue>;

/** A file as configparser reads it: section names verbatim, `[DEFAULT]` keys already inherited. */
export interface RawIni {
  readonly sections: ReadonlyMap<string, IniSection>;
}

/** botocore's `full_config`: the config file mapped to profiles/sessions/services, the credentials file merged in. */
export interface AwsConfig {
  readonly profiles: ReadonlyMap<string, IniSection>;
  readonly ssoSessions: ReadonlyMap<string, IniSection>;
  readonly services: ReadonlyMap<string, IniSection>;
  /** Paths actually read, for messages ("not in /home/u/.aws/config"). */
  readonly configFile: string;
  readonly credentialsFile: string;
}
