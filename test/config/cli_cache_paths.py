"""The AWS CLI's cache paths as Python builds them on a platform, for the tests to compare ours with byte for byte.

  cli_cache_paths.py posix|nt HOME   stdin: one JSON [dir, key] per line, dir 'sso' or 'cli'; stdout: the JSON path
                                     os.path.join(os.path.expanduser(os.path.join('~', '.aws', dir, 'cache')), key + '.json')
                                     (botocore's SSO token cache and the CLI's JSONFileCache), with posixpath (HOME) or
                                     ntpath (USERPROFILE) as os.path.
"""
import json
import ntpath
import os
import posixpath
import sys


def main():
    flavour, home = sys.argv[1], sys.argv[2]
    p = ntpath if flavour == 'nt' else posixpath
    os.environ['USERPROFILE' if flavour == 'nt' else 'HOME'] = home
    for line in sys.stdin:
        directory, key = json.loads(line)
        cache = p.expanduser(p.join('~', '.aws', directory, 'cache'))
        print(json.dumps(p.join(cache, key + '.json')))


main()
