"""Prints a SAM template translated to CloudFormation by the SAM translator, as cfn-lint translates it (JSON)."""
import json
import sys

from cfnlint.decode import decode
from cfnlint.template.transforms._sam import Transform

template, problems = decode(sys.argv[1])
if template is None or problems:
    sys.exit(f"cannot read {sys.argv[1]}: {problems}")
transform = Transform(sys.argv[1], template, sys.argv[2])
problems = transform.transform_template()
if problems:
    sys.exit(f"cannot translate {sys.argv[1]}: {problems}")
json.dump(transform.template(), sys.stdout, default=str)
