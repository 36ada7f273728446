"""Resolve a profile the way the AWS CLI v2 does: botocore's SSO provider with ~/.aws/cli/cache as its cache
(awscli/customizations/sso: inject_json_file_cache). Prints the credentials as one JSON line."""
import json
import os
import sys

import botocore.session
from botocore.utils import JSONFileCache

session = botocore.session.Session(profile=sys.argv[1])
provider = session.get_component("credential_provider").get_provider("sso")
provider.cache = JSONFileCache(os.path.expanduser(os.path.join("~", ".aws", "cli", "cache")))
creds = session.get_credentials().get_frozen_credentials()
print(json.dumps({"access_key": creds.access_key}))
