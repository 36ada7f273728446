// Which profile and sso-session names keyrack-cp writes into a config file: names every reader takes the same way.

/**
 * botocore reads a section name as one shlex token, the JS SDK only when it matches `[\w-@+.%:/]+` (else it drops
 * the section); so a name keyrack-cp writes sticks to the characters both read alike. `__proto__` makes the JS SDK
 * ignore the whole file (reference §1.3). null when the name is fine, else why not.
 */
export function whyNotPortableName(name: string): string | null {
  if (name === '') return 'is empty';
  if (!/^[A-Za-z0-9_\-@+.%:/]+$/.test(name)) return 'is not a name the AWS SDKs all read the same way (use letters, digits and - _ . @ + % : / only)';
  if (name === '__proto__') return 'is a name the AWS SDK for JavaScript cannot read (it would ignore the whole file)';
  return null;
}
