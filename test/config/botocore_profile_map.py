"""What botocore makes of AWS config/credentials files: the reference for the differential test.

  botocore_profile_map.py CONFIG [CREDENTIALS]   one pair, one JSON line
  botocore_profile_map.py --batch                one JSON request per stdin line:
                                                 {"config": PATH or null, "credentials": PATH or null}

Each answer is {"raw": PAIRS, "profiles": PAIRS, "sso_sessions": PAIRS, "services": PAIRS}, "raw" being every section
of the config file as raw_config_parse returns it (so sections that are not profiles are compared too), PAIRS being [[name, [[key, value],
...]], ...] with a nested value as [[key, value], ...] instead of a string; or {"error": true} where botocore raises
ConfigParseError. Pairs, not objects, so that botocore's order survives JSON.parse (which moves integer-like keys).

The map is built with configloader.load_config / raw_config_parse and Session.full_config's merge, then checked
against a real Session.full_config, so the helper itself cannot drift from botocore.
"""
import json
import os
import sys

import botocore.session
from botocore import configloader
from botocore.exceptions import ConfigNotFound, ConfigParseError


def full_config(config_file, credentials_file):
    # botocore.session.Session.full_config, with the two paths passed in.
    try:
        config = configloader.load_config(config_file)
    except ConfigNotFound:
        config = {'profiles': {}}
    try:
        cred_profiles = configloader.raw_config_parse(credentials_file)
        for profile in cred_profiles:
            cred_vars = cred_profiles[profile]
            if profile not in config['profiles']:
                config['profiles'][profile] = cred_vars
            else:
                config['profiles'][profile].update(cred_vars)
    except ConfigNotFound:
        pass
    return config


def session_full_config(config_file, credentials_file):
    missing = '/nonexistent/keyrack-cp-differential'
    os.environ['AWS_CONFIG_FILE'] = config_file or missing
    os.environ['AWS_SHARED_CREDENTIALS_FILE'] = credentials_file or missing
    return botocore.session.Session().full_config


def pairs(mapping):
    return [[k, pairs(v) if isinstance(v, dict) else v] for k, v in mapping.items()]


def answer(config_file, credentials_file):
    try:
        config = full_config(config_file, credentials_file)
    except ConfigParseError:
        config = None
    try:
        reference = session_full_config(config_file, credentials_file)
    except ConfigParseError:
        reference = None
    if config is None or reference is None:
        if config is not reference:
            raise SystemExit(f'helper disagrees with Session.full_config on {config_file} {credentials_file}')
        return {'error': True}
    result = {key: pairs(config.get(key, {})) for key in ('profiles', 'sso_sessions', 'services')}
    expected = {key: pairs(reference.get(key, {})) for key in ('profiles', 'sso_sessions', 'services')}
    if result != expected:
        raise SystemExit(f'helper disagrees with Session.full_config on {config_file} {credentials_file}')
    try:
        raw = configloader.raw_config_parse(config_file)
    except ConfigNotFound:
        raw = {}
    return {'raw': pairs(raw), **result}


def main():
    if sys.argv[1:] == ['--batch']:
        for line in sys.stdin:
            request = json.loads(line)
            print(json.dumps(answer(request.get('config'), request.get('credentials'))), flush=False)
    else:
        print(json.dumps(answer(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)))


main()
