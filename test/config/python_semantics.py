"""The Python behaviours our config reader copies, computed by Python itself for the tests to compare against.

  python_semantics.py lower            JSON {code point: str.lower()} for every code point that changes
  python_semantics.py shlex            stdin: one JSON string per line; stdout: shlex.split() as a JSON list, or null
                                       where it raises ValueError (botocore then drops the section)
  python_semantics.py expand HOME      stdin: one JSON string per line; stdout: expanduser(expandvars(path)) with
                                       HOME set, as botocore expands AWS_CONFIG_FILE (the environment is the caller's)
  python_semantics.py expand-nt HOME   the same with ntpath, as botocore expands it on Windows: `~` is USERPROFILE
"""
import json
import ntpath
import os
import shlex
import sys


def lines():
    return (json.loads(line) for line in sys.stdin)


def main():
    command = sys.argv[1]
    if command == 'lower':
        table = {}
        for code in range(0x110000):
            if 0xD800 <= code < 0xE000:
                continue
            lowered = chr(code).lower()
            if lowered != chr(code):
                table[code] = lowered
        print(json.dumps(table))
    elif command == 'shlex':
        for s in lines():
            try:
                print(json.dumps(shlex.split(s)))
            except ValueError:
                print('null')
    elif command == 'expand':
        os.environ['HOME'] = sys.argv[2]
        for path in lines():
            print(json.dumps(os.path.expanduser(os.path.expandvars(path))))
    elif command == 'expand-nt':
        os.environ['USERPROFILE'] = sys.argv[2]
        for path in lines():
            print(json.dumps(ntpath.expanduser(ntpath.expandvars(path))))
    else:
        raise SystemExit(f'unknown command {command}')


main()
