// What GetRoleCredentials gives a profile: the short-lived IAM role credentials every output format prints.

export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly accountId: string;
}
